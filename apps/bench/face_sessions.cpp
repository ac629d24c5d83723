#include "face_sessions.hpp"

#include <atomic>
#include <string>
#include <vector>

#include "surrealcaf/connection_pool.hpp"

namespace surrealcaf::bench {

namespace {

std::atomic<uint64_t> records{0};

client_options client_options_of(const options& opts) {
  client_options result;
  if (opts.log == "off")
    return result;
  result.logging.handler = [](const log_record&) {
    records.fetch_add(1, std::memory_order_relaxed);
  };
  result.logging.level = opts.log == "debug"  ? log_level::debug
                         : opts.log == "info" ? log_level::info
                                              : log_level::warning;
  return result;
}

std::vector<std::string> split_urls(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    auto comma = list.find(',', start);
    out.push_back(list.substr(start, comma - start));
    if (comma == std::string::npos)
      return out;
    start = comma + 1;
  }
}

// The pool client: a pool over the endpoints in `--url`, and its sessions,
// each signed in and using the cell's namespace and database.
face_sessions open_pool_sessions(const options& opts) {
  pool_options po;
  po.endpoints = split_urls(opts.url);
  po.connections_per_endpoint = opts.connections_per_endpoint;
  po.connection = client_options_of(opts);
  auto pool = async_connection_pool::connect(std::move(po)).get();
  face_sessions out;
  out.conn = pool.as_connection();
  std::vector<future<async_session>> made;
  for (size_t i = 0; i < opts.sessions(); ++i)
    made.push_back(pool.new_session());
  for (auto& f : made)
    out.sessions.push_back(f.get());
  if (!opts.user.empty()) {
    std::vector<future<value>> signed_in;
    for (auto& s : out.sessions)
      signed_in.push_back(s.signin(root_credentials{opts.user, opts.pass}));
    for (auto& f : signed_in)
      f.get();
  }
  std::vector<future<value>> used;
  for (auto& s : out.sessions)
    used.push_back(s.use(opts.ns, opts.db));
  for (auto& f : used)
    f.get();
  return out;
}

} // namespace

face_sessions open_face_sessions(const options& opts) {
  if (opts.client == "pool")
    return open_pool_sessions(opts);
  face_sessions out;
  out.conn = async_connection::connect(opts.url, client_options_of(opts)).get();
  auto db = out.conn.default_session();
  if (!opts.user.empty())
    db.signin(root_credentials{opts.user, opts.pass}).get();
  db.use(opts.ns, opts.db).get();
  if (opts.sessions() == 1) {
    out.sessions.push_back(db);
    return out;
  }
  std::vector<std::future<async_session>> forks;
  for (size_t i = 0; i < opts.sessions(); ++i)
    forks.push_back(db.fork_session());
  for (auto& f : forks)
    out.sessions.push_back(f.get());
  return out;
}

} // namespace surrealcaf::bench
