// A node of the test cluster (tests/server/with-cluster.mjs) stopped for good
// under load: the calls in flight on it end at once with connection_lost, its
// connection gives up, and its sessions move to the other node and resume
// there (namespace, database, authentication, variables, live queries)
// without the user doing anything. The other node's frame log shows each
// moved session attaching before anything else of it is sent.
#define CAF_SUITE cluster_failover

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/connection_pool.hpp"

#include "caf/test/unit_test.hpp"

#include "fresh_database.hpp"
#include "reconnect_faces.hpp"
#include "required_cluster.hpp"
#include "root_user.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

/// What a session says of itself: namespace, database, `$v`, user.
constexpr const char* whoami = "RETURN [session::ns(), session::db(), $v, $token.ID]";

/// Node `i`'s frames of each session, by UUID (the default session's under
/// nullopt), in arrival order.
std::map<std::optional<std::string>, std::vector<std::string>> by_session(test::cluster& c,
                                                                          size_t i) {
  std::map<std::optional<std::string>, std::vector<std::string>> result;
  for (auto& f : c.frames(i))
    result[f.session].push_back(f.method);
  return result;
}

std::string joined(const std::vector<std::string>& xs) {
  std::string result;
  for (auto& x : xs)
    result += (result.empty() ? "" : " ") + x;
  return result;
}

/// The methods before the first `query`: a moved session's resume.
std::vector<std::string> before_first_query(const std::vector<std::string>& methods) {
  std::vector<std::string> result;
  for (auto& m : methods) {
    if (m == "query")
      break;
    result.push_back(m);
  }
  return result;
}

/// The session UUIDs node `i` saw attach.
std::vector<std::string> attached(test::cluster& c, size_t i) {
  std::vector<std::string> result;
  for (auto& f : c.frames(i))
    if (f.method == "attach" && f.session)
      result.push_back(*f.session);
  return result;
}

size_t queries(test::cluster& c, size_t i) {
  size_t n = 0;
  for (auto& f : c.frames(i))
    n += f.method == "query" ? 1 : 0;
  return n;
}

struct placed {
  blocking_session session;
  size_t node = 0;
  std::string id;
  live_stream stream;
};

struct fixture {
  test::cluster cluster = test::required_cluster();

  fixture() {
    cluster.start_all();
    cluster.clear_all();
  }

  ~fixture() {
    try {
      cluster.start_all();
    } catch (...) {
      // The next test starts them again.
    }
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(cluster_failover_tests, fixture)

CAF_TEST(a node stopped under load fails its calls at once and its sessions resume elsewhere) {
  pool_options opts;
  opts.endpoints = {cluster.url(0), cluster.url(1)};
  opts.connection = test::fast_reconnect();
  opts.connection.ping_interval = 0ms;
  // A stopped node refuses at once: two attempts, then the sessions move.
  opts.connection.reconnect.max_attempts = 2;
  auto pool = blocking_connection_pool::connect(opts);
  auto ns = test::run_name("failover");
  auto db = test::fresh_database();

  // Eight sessions, placed one at a time so each new attach names the new
  // session and the node it went to.
  std::vector<placed> sessions;
  for (size_t i = 0; i < 8; ++i) {
    auto before = std::make_pair(attached(cluster, 0).size(), attached(cluster, 1).size());
    auto s = pool.new_session();
    auto on0 = attached(cluster, 0);
    auto on1 = attached(cluster, 1);
    placed p{s, on0.size() > before.first ? 0u : 1u, {}, {}};
    p.id = p.node == 0 ? on0.back() : on1.back();
    s.signin(test::root_user());
    s.use(ns, db);
    s.let("v", static_cast<int64_t>(i));
    if (i == 0)
      s.query_value("DEFINE TABLE watched SCHEMALESS");
    p.stream = s.live(value{table{"watched"}});
    sessions.push_back(std::move(p));
  }
  size_t moving = 0;
  for (auto& p : sessions)
    moving += p.node == 0 ? 1 : 0;
  CAF_REQUIRE_EQUAL(moving, 4u);
  auto expected = [&](size_t i) {
    return value{value::array{ns, db, static_cast<int64_t>(i), "root"}};
  };

  auto events = pool.events();
  cluster.clear_all();
  // 64 calls in flight on the node about to stop, 16 per session there.
  std::vector<surrealcaf::future<value>> in_flight;
  for (auto& p : sessions)
    if (p.node == 0)
      for (int k = 0; k < 16; ++k)
        in_flight.push_back(p.session.async().query_value("SLEEP 5s; RETURN 1"));
  CAF_REQUIRE_EQUAL(in_flight.size(), 64u);
  auto sent_by = clock_type::now() + 5s;
  while (queries(cluster, 0) < 64 && clock_type::now() < sent_by)
    std::this_thread::sleep_for(10ms);
  CAF_REQUIRE_EQUAL(queries(cluster, 0), 64u);

  // The control call returns once the node has released what its sockets
  // owned, after their queries' sleeps; the sockets are cut at once, and the
  // calls must end from then on, not from when the control call returns.
  auto stopped_at = clock_type::now();
  auto stopping = std::async(std::launch::async, [&] { return cluster.stop(0); });
  for (auto& f : in_flight) {
    auto left = stopped_at + 1s - clock_type::now();
    CAF_REQUIRE(f.wait_for(left) == std::future_status::ready);
    try {
      f.get();
      CAF_FAIL("a call in flight on the stopped node succeeded");
    } catch (const surreal_error& err) {
      CAF_CHECK_EQUAL(err.code(), errc::connection_lost);
    }
  }
  CAF_MESSAGE(
    "64 calls in flight ended "
    << std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - stopped_at).count()
    << " ms after the stop");
  CAF_CHECK_EQUAL(stopping.get(), 1);

  // Calls made now wait for the move and the resume, then run there with
  // the session's state.
  std::vector<surrealcaf::future<value>> after;
  for (auto& p : sessions)
    after.push_back(p.session.async().query_value(whoami));
  for (size_t i = 0; i < sessions.size(); ++i)
    CAF_CHECK_EQUAL(after[i].get(), expected(i));
  test::events_until(events, connection_state::resumed);

  // Every live query delivers again: a record made through a session that
  // never moved reaches them all.
  auto writer = std::find_if(sessions.begin(), sessions.end(),
                             [](const placed& p) { return p.node == 1; });
  writer->session.query_value("CREATE watched:after SET n = 1");
  size_t resumed_notes = 0;
  for (auto& p : sessions) {
    // A moved session's stream says `resumed` first.
    auto note = p.stream.next(5s);
    while (note && note->action == rpc::live_action::resumed) {
      ++resumed_notes;
      note = p.stream.next(5s);
    }
    CAF_REQUIRE(note.has_value());
    CAF_CHECK_EQUAL(to_string(note->action), std::string{"CREATE"});
    CAF_CHECK_EQUAL(note->record, (value{record_id{"watched", "after"}}));
    CAF_CHECK(!p.stream.ended());
  }
  CAF_CHECK_EQUAL(resumed_notes, 4u);

  // The second node saw each moved session attach first, then its resume
  // (token, namespace and database, variable, live query), then its calls.
  auto log = by_session(cluster, 1);
  for (auto& p : sessions) {
    auto& methods = log[p.id];
    if (p.node == 0) {
      CAF_MESSAGE(p.id << " on node 2: " << joined(methods));
      CAF_REQUIRE(!methods.empty());
      CAF_CHECK_EQUAL(methods.front(), "attach");
      CAF_CHECK_EQUAL(joined(before_first_query(methods)), "attach authenticate use let live");
    } else {
      // A session that stayed is not attached again.
      CAF_CHECK_EQUAL(std::count(methods.begin(), methods.end(), "attach"), 0);
    }
  }
  // The pool counts them all on the node that is left.
  auto members = pool.members();
  CAF_REQUIRE_EQUAL(members.size(), 2u);
  CAF_CHECK_EQUAL(members[0].state, connection_state::closed);
  CAF_CHECK_EQUAL(members[1].sessions, 8u);
  pool.close();
}

CAF_TEST_FIXTURE_SCOPE_END()
