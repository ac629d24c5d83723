// 12. Pools: one connection per endpoint, sessions spread over them. The
// endpoints are the nodes in SURREALCAF_CLUSTER_URLS (comma-separated ws
// URLs of one cluster, which share their storage), or the server of
// SURREALCAF_URL twice: two sockets to one server. docs/faces.md ("Pools").
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace surrealcaf;

namespace {

std::vector<std::string> endpoints(int argc, char** argv) {
  std::vector<std::string> result;
  if (const char* urls = std::getenv("SURREALCAF_CLUSTER_URLS")) {
    std::istringstream in{urls};
    for (std::string url; std::getline(in, url, ',');)
      if (!url.empty())
        result.push_back(url);
  }
  if (result.empty()) {
    std::string url = example_url(argc, argv);
    result = {url, url};
  }
  return result;
}

} // namespace

int main(int argc, char** argv) {
  pool_options opts;
  opts.endpoints = endpoints(argc, argv);
  // Each new session goes to the connection holding the fewest.
  opts.placement = placement::least_sessions;
  auto pool = blocking_connection_pool::connect(opts);
  auto members = pool.members();
  EXAMPLE_CHECK(members.size() == opts.endpoints.size());
  // Two sessions per connection; each signs in and selects on its own, as on
  // one connection.
  std::vector<blocking_session> sessions;
  for (size_t i = 0; i < 2 * members.size(); ++i) {
    auto s = pool.new_session();
    s.signin(root_credentials{"root", "root"});
    s.use(example_namespace(), "pool");
    sessions.push_back(std::move(s));
  }
  members = pool.members();
  for (auto& m : members) {
    std::cout << m.endpoint << ": " << to_string(m.state) << ", " << m.sessions << " sessions\n";
    EXAMPLE_CHECK(m.state == connection_state::connected && m.sessions == 2);
  }
  // Every server lists the sessions on its sockets; together, all of ours.
  EXAMPLE_CHECK(pool.sessions().size() == sessions.size());
  // A record written through each session; the storage is one, so every
  // session counts them all.
  for (size_t i = 0; i < sessions.size(); ++i)
    sessions[i].create(record_id{"visit", static_cast<int64_t>(i + 1)},
                       value{{"by", static_cast<int64_t>(i)}});
  for (auto& s : sessions) {
    auto n = s.query_value("RETURN count(SELECT * FROM visit)");
    EXAMPLE_CHECK(n == value{static_cast<int64_t>(sessions.size())});
  }
  std::cout << sessions.size() << " sessions, " << sessions.size() << " visits seen by each\n";
  pool.close();
  // Its sessions closed with it: their calls fail at once.
  try {
    sessions.front().ping();
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.code() == errc::connection_closed);
    std::cout << "after close: " << e.what() << "\n";
  }
}
