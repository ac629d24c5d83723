// The engine killed under load and restarted on the same port (the engine
// process of tests/server/with-fault-proxy.mjs --engine, on a surrealkv
// datastore, so users and data survive): every call in flight ends at once
// with connection_lost, and without any user action every session answers
// again as itself: namespace, database, user and variables. Calls made
// during the outage complete after the resume, a live query goes on under
// its old id, and on the wire no session is used before its own replay.
#define CAF_SUITE restart_reconnect

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"
#include "fault_proxy.hpp"
#include "fresh_database.hpp"
#include "required_fault_proxy.hpp"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "surrealcaf/blocking.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

// Who a session is, as the server sees it.
const std::string whoami
  = "RETURN [session::ns(), session::db(), $n, $auth.id, $session.ac, $session.rd]";

constexpr int session_count = 100;
constexpr int calls_per_session = 10;

struct tracked_session {
  session_actor handle;
  /// Its answer to `whoami` before the kill.
  value before;
};


struct fixture : test::actor_fixture {
  test::fault_proxy proxy = test::required_fault_proxy();
  std::string ns = test::run_name("restart");
  std::string db_a = test::fresh_database("ra");
  std::string db_b = test::fresh_database("rb");

  // Root, namespace and record users, alternating, each with its own
  // database and variable.
  std::vector<tracked_session> make_sessions() {
    auto admin = new_session();
    use(admin, ns, db_b);
    use(admin, ns, db_a);
    run_all(admin, "DEFINE USER IF NOT EXISTS nsu ON NAMESPACE PASSWORD 'pw' ROLES EDITOR;"
                   "DEFINE TABLE IF NOT EXISTS member SCHEMALESS"
                   "  PERMISSIONS FOR select, update WHERE id = $auth.id;"
                   "DEFINE ACCESS IF NOT EXISTS acct ON DATABASE TYPE RECORD"
                   "  SIGNUP (CREATE member SET name = $name)"
                   "  SIGNIN (SELECT * FROM member WHERE name = $name)"
                   "  DURATION FOR TOKEN 1h, FOR SESSION 1h;"
                   "DEFINE TABLE IF NOT EXISTS watched SCHEMALESS");
    std::vector<tracked_session> result;
    for (int i = 0; i < session_count; ++i) {
      auto s = anonymous_session();
      auto db = i % 2 == 0 ? db_a : db_b;
      switch (i % 3) {
        case 0:
          sign_in(s);
          use(s, ns, db);
          break;
        case 1:
          call<value>(s, signin_atom::value,
                      credentials{namespace_credentials{ns, "nsu", "pw"}});
          use(s, ns, db);
          break;
        default:
          call<value>(s, signup_atom::value,
                      record_credentials{ns, db_a, "acct",
                                         {{"name", "member" + std::to_string(i)}}});
          break;
      }
      call<value>(s, let_atom::value, std::string{"n"}, value{i});
      result.push_back({s, single(s, whoami)});
      if (i % 3 == 2)
        CAF_CHECK(result.back().before[3].is<record_id>());
    }
    return result;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(restart_reconnect_tests, fixture)

CAF_TEST(killed with calls in flight the engine comes back and every session resumes as itself) {
  auto sessions = make_sessions();

  // A live query from before the kill, on a connection of the blocking face.
  client_options opts;
  auto watcher = blocking_connection::connect(test::engine_url(), opts);
  auto ws = watcher.new_session();
  ws.signin(credentials{test::root_user()});
  ws.use(ns, db_a);
  auto stream = ws.live("watched");
  auto live_id = stream.id();
  auto events = watcher.events();

  // 1,000 calls in flight over 100 sessions when the engine dies: the proxy
  // holds them, so none is answered before.
  proxy.stall();
  std::vector<std::pair<size_t, decltype(self->request(sessions[0].handle, 10s, query_atom::value,
                                                       whoami, value::object{}))>>
    calls;
  for (size_t i = 0; i < sessions.size(); ++i)
    for (int k = 0; k < calls_per_session; ++k)
      calls.emplace_back(i, self->request(sessions[i].handle, 10s, query_atom::value, whoami,
                                          value::object{}));
  // Let them reach the proxy.
  std::this_thread::sleep_for(500ms);
  proxy.clear_log();
  auto killed_at = clock_type::now();
  proxy.kill_engine();
  // The proxy closes the client's socket after what it held.
  proxy.unstall();
  size_t lost = 0;
  for (auto& [i, rh] : calls) {
    rh.receive([&](query_results& res) {
                 CAF_FAIL("session " << i << ": a call in flight succeeded after the kill: "
                                     << (res.empty() ? value{} : res[0].result));
               },
               [&](caf::error& err) {
                 if (is(err, errc::connection_lost))
                   ++lost;
                 else
                   CAF_MESSAGE("session " << i << ": " << describe(err));
               });
  }
  auto all_ended = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now()
                                                                          - killed_at);
  CAF_MESSAGE(lost << " of " << calls.size() << " calls in flight ended with connection_lost "
                   << all_ended.count() << " ms after the kill");
  CAF_CHECK_EQUAL(lost, calls.size());
  CAF_CHECK_LESS(all_ended, 1000ms);

  // Calls made during the outage wait for the resume.
  std::vector<decltype(self->request(sessions[0].handle, 30s, query_atom::value, whoami,
                                     value::object{}))>
    during;
  for (auto& s : sessions)
    during.push_back(self->request(s.handle, 30s, query_atom::value, whoami, value::object{}));
  std::this_thread::sleep_for(300ms);
  auto took = proxy.start_engine();
  CAF_MESSAGE("the engine restarted in " << took.count() << " ms");
  CAF_CHECK_LESS(took, 5000ms);
  auto restarted_at = clock_type::now();

  size_t same = 0;
  for (size_t i = 0; i < during.size(); ++i) {
    during[i].receive(
      [&](query_results& res) {
        if (res.size() == 1 && res[0].ok() && res[0].result == sessions[i].before)
          ++same;
        else
          CAF_MESSAGE("session " << i << " answered " << res[0].result << " instead of "
                                 << sessions[i].before);
      },
      [&](caf::error& err) { CAF_MESSAGE("session " << i << ": " << describe(err)); });
  }
  auto resumed_in = std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now()
                                                                          - restarted_at);
  CAF_MESSAGE(same << " of " << sessions.size() << " outage calls answered as before, all within "
                   << resumed_in.count() << " ms of the restart");
  CAF_CHECK_EQUAL(same, sessions.size());
  // And later calls too.
  for (auto& s : sessions)
    CAF_CHECK(single(s.handle, whoami) == s.before);

  // The live query goes on under its old id.
  std::optional<rpc::notification> first;
  for (int i = 0; i < 20 && !first; ++i)
    first = stream.next(500ms);
  CAF_REQUIRE(first);
  CAF_CHECK_EQUAL(first->action, rpc::live_action::resumed);
  CAF_CHECK_EQUAL(first->live_id, live_id);
  ws.query("CREATE watched:after SET x = 1");
  auto created = stream.next(5s);
  CAF_REQUIRE(created);
  CAF_CHECK_EQUAL(created->action, rpc::live_action::create);
  CAF_CHECK_EQUAL(created->live_id, live_id);

  // The watcher's connection said what happened, in order.
  std::vector<connection_state> seen;
  while (auto ev = events.try_next())
    seen.push_back(ev->state);
  CAF_REQUIRE(!seen.empty());
  CAF_CHECK_EQUAL(seen.front(), connection_state::disconnected);
  CAF_CHECK_EQUAL(seen.back(), connection_state::resumed);

  // On the wire: on each socket, a session is attached once, and nothing
  // goes out for it before its attach and replay.
  std::set<std::string> replay{"attach", "authenticate", "refresh", "signin", "signup", "use",
                               "let", "live"};
  std::map<std::pair<int, std::string>, int> attaches;
  std::map<std::pair<int, std::string>, bool> replayed;
  size_t checked = 0;
  for (auto& f : proxy.log()) {
    if (!f.session)
      continue;
    auto key = std::make_pair(f.conn, *f.session);
    if (f.method == "attach") {
      CAF_CHECK_EQUAL(++attaches[key], 1);
      continue;
    }
    if (attaches[key] == 0) {
      CAF_FAIL("a " << f.method << " for session " << *f.session << " on socket " << f.conn
                    << " before its attach");
    }
    if (replay.count(f.method) == 0) {
      replayed[key] = true;
      ++checked;
    } else if (replayed[key]) {
      CAF_MESSAGE("a replay step " << f.method << " after the session's calls");
    }
  }
  CAF_MESSAGE(checked << " calls after their session's replay on the wire");
  CAF_CHECK_GREATER_OR_EQUAL(checked, sessions.size());
}

CAF_TEST_FIXTURE_SCOPE_END()
