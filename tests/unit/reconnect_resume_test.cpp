// Each session replays itself on the new socket before any of its waiting
// calls goes out: attach (not for the default session), authenticate, use,
// let for each variable, each live query; then its waiting calls in order.
// Sessions resume independently, a UUID is attached once per socket, a
// socket lost during a resume starts it over, and sessions that close or
// cannot be attached again leave nothing waiting.
#define CAF_SUITE reconnect_resume

#include "reconnect_fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using strings = std::vector<std::string>;

struct fixture : reconnect_fixture {
  /// A session set up with everything a resume replays: signed in (token
  /// "tok-<tag>"), namespace app and database main, variables x and y, and
  /// a live query (server id `live`).
  void set_up(const session_actor& who, const std::optional<uuid>& sid, const std::string& tag,
              const live_subscriber& sub, const uuid& live_id) {
    signin(who, sid, credentials{root_credentials{"root", "root"}}, "tok-" + tag);
    use(who, sid, "app", "main");
    let(who, sid, "x", 1);
    let(who, sid, "y", "two");
    live(who, sid, sub, live_id);
  }

  /// Answers the resume of `sid` up to its live query (`live` replies
  /// `new_live`); the attached sessions start with attach.
  void serve_resume(const std::optional<uuid>& sid, const uuid& new_live) {
    if (sid)
      serve(sid, rpc::method::attach);
    serve(sid, rpc::method::authenticate);
    serve(sid, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
    serve(sid, rpc::method::let);
    serve(sid, rpc::method::let);
    serve(sid, rpc::method::live, new_live);
  }

  /// How many times the current socket saw `attach` for `sid`.
  size_t attaches(const std::optional<uuid>& sid) {
    auto xs = methods_for(sid);
    return static_cast<size_t>(std::count(xs.begin(), xs.end(), "attach"));
  }

  /// A query made on `who` now, to wait for the reconnect.
  auto query_on(const session_actor& who, const std::string& sql) {
    return self->request(who, caf::infinite, query_atom::value, sql, value::object{});
  }
};

const strings full_resume{"attach", "authenticate", "use", "let", "let", "live"};
const strings default_resume{"authenticate", "use", "let", "let", "live"};

strings plus(strings xs, const std::string& x) {
  xs.push_back(x);
  return xs;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(reconnect_resume_tests, fixture)

CAF_TEST(every session replays itself in order before its waiting calls) {
  auto d = default_session();
  auto a = new_session();
  auto a_id = last_request().session;
  auto b = new_session();
  auto b_id = last_request().session;
  auto [sub, log] = subscriber();
  set_up(d, std::nullopt, "d", sub, numbered_uuid(1));
  set_up(a, a_id, "a", sub, numbered_uuid(2));
  set_up(b, b_id, "b", sub, numbered_uuid(3));
  drop();
  auto from_d = query_on(d, "RETURN 'd'");
  auto from_a = query_on(a, "RETURN 'a'");
  auto from_b = query_on(b, "RETURN 'b'");
  run();
  wait_for_attempt();
  open_socket();
  // Each session's first step, and nothing else.
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
  CAF_CHECK((methods_for(b_id) == strings{"attach"}));
  // The server answers the sessions in turns; each still goes step by step.
  serve(b_id, rpc::method::attach);
  serve(a_id, rpc::method::attach);
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate"}));
  serve(std::nullopt, rpc::method::authenticate);
  serve(a_id, rpc::method::authenticate);
  serve(b_id, rpc::method::authenticate);
  CAF_CHECK((methods_for(b_id) == strings{"attach", "authenticate", "use"}));
  serve(std::nullopt, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  serve(std::nullopt, rpc::method::let);
  serve(std::nullopt, rpc::method::let);
  serve(std::nullopt, rpc::method::live, numbered_uuid(11));
  CAF_CHECK((methods_for(std::nullopt) == plus(default_resume, "query")));
  serve(a_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  serve(a_id, rpc::method::let);
  serve(a_id, rpc::method::let);
  serve(a_id, rpc::method::live, numbered_uuid(12));
  serve(b_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  serve(b_id, rpc::method::let);
  serve(b_id, rpc::method::let);
  CAF_CHECK((methods_for(b_id) == strings{"attach", "authenticate", "use", "let", "let", "live"}));
  serve(b_id, rpc::method::live, numbered_uuid(13));
  CAF_CHECK((methods_for(a_id) == plus(full_resume, "query")));
  CAF_CHECK((methods_for(b_id) == plus(full_resume, "query")));
  // What each step carries.
  auto steps = sent_for(a_id);
  CAF_CHECK(steps[0].params.empty());
  CAF_CHECK(steps[1].params == value::array{"tok-a"});
  CAF_CHECK((steps[2].params == value::array{"app", "main"}));
  CAF_CHECK((steps[3].params == value::array{"x", 1}));
  CAF_CHECK((steps[4].params == value::array{"y", "two"}));
  CAF_CHECK((steps[5].params == value::array{table{"person"}, false}));
  CAF_CHECK((steps[6].params == value::array{"RETURN 'a'", value::object{}}));
  for (auto& sid : {std::optional<uuid>{}, a_id, b_id})
    CAF_CHECK_EQUAL(attaches(sid), sid ? 1u : 0u);
  // The waiting calls are answered as usual.
  serve(std::nullopt, rpc::method::query, value::array{ok_statement("d")});
  serve(a_id, rpc::method::query, value::array{ok_statement("a")});
  serve(b_id, rpc::method::query, value::array{ok_statement("b")});
  CAF_CHECK(result_of<query_results>(from_d)[0].result == value{"d"});
  CAF_CHECK(result_of<query_results>(from_a)[0].result == value{"a"});
  CAF_CHECK(result_of<query_results>(from_b)[0].result == value{"b"});
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(last_event().sessions, 3u);
  CAF_CHECK(last_event().signin_required.empty());
}

CAF_TEST(a slow resume holds only its own session calls) {
  auto a = new_session();
  auto a_id = last_request().session;
  auto b = new_session();
  auto b_id = last_request().session;
  signin(a, a_id, credentials{root_credentials{"root", "root"}}, "tok-a");
  signin(b, b_id, credentials{root_credentials{"root", "root"}}, "tok-b");
  drop();
  auto from_a = query_on(a, "RETURN 'a'");
  auto from_b = query_on(b, "RETURN 'b'");
  run();
  wait_for_attempt();
  open_socket();
  serve(a_id, rpc::method::attach);
  serve(b_id, rpc::method::attach);
  // a's authenticate hangs; b is done and its call goes out.
  serve(b_id, rpc::method::authenticate);
  CAF_CHECK((methods_for(b_id) == strings{"attach", "authenticate", "query"}));
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate"}));
  serve(b_id, rpc::method::query, value::array{ok_statement("b")});
  CAF_CHECK(result_of<query_results>(from_b)[0].result == value{"b"});
  // A call b makes now goes out at once.
  auto again = self->request(b, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK_EQUAL(name(last_request().method), "ping");
  serve(b_id, rpc::method::ping);
  CAF_CHECK(result_of<value>(again).is_none());
  // Not everyone is resumed yet.
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"connected"});
  serve(a_id, rpc::method::authenticate);
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "query"}));
  serve(a_id, rpc::method::query, value::array{ok_statement("a")});
  CAF_CHECK(result_of<query_results>(from_a)[0].result == value{"a"});
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(last_event().sessions, 3u);
}

CAF_TEST(a socket lost during a resume starts it over on the next one) {
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, credentials{root_credentials{"root", "root"}}, "tok-a");
  use(a, a_id, "app", "main");
  drop();
  auto from_a = query_on(a, "RETURN 'a'");
  run();
  wait_for_attempt();
  open_socket();
  serve(a_id, rpc::method::attach);
  auto stale = pending(a_id, rpc::method::authenticate);
  drop();
  wait_for_attempt();
  open_socket();
  // The step of the lost socket is never answered; the replay starts over.
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
  serve(a_id, rpc::method::attach);
  serve(a_id, rpc::method::authenticate);
  serve(a_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "use", "query"}));
  serve(a_id, rpc::method::query, value::array{ok_statement("a")});
  CAF_CHECK(result_of<query_results>(from_a)[0].result == value{"a"});
  // An answer to the old socket's step (its id) changes nothing.
  inject_frame(testing::result_frame(stale.id, none, a_id));
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "use", "query"}));
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
}

CAF_TEST(a session closed during the outage fails its waiting calls and is not resumed) {
  auto a = new_session();
  auto a_id = last_request().session;
  drop();
  auto from_a = query_on(a, "RETURN 'a'");
  run();
  auto closing = self->request(a, caf::infinite, close_atom::value);
  run();
  // Nothing to detach on a socket that is gone.
  CAF_CHECK(result_of<value>(closing).is_none());
  auto err = error_of<query_results>(from_a);
  CAF_CHECK(is(err, errc::session_closed));
  CAF_CHECK(contains(describe(err), "nothing was sent"));
  wait_for_attempt();
  open_socket();
  CAF_CHECK(methods_for(a_id).empty());
  CAF_CHECK_EQUAL(last_event().sessions, 1u);
}

CAF_TEST(a session closed during its resume is detached on the new socket) {
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, credentials{root_credentials{"root", "root"}}, "tok-a");
  reconnect();
  serve(a_id, rpc::method::attach);
  // Attached on the new socket, still authenticating: close() now.
  auto closing = self->request(a, caf::infinite, close_atom::value);
  run();
  serve(a_id, rpc::method::authenticate);
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "detach"}));
  serve(a_id, rpc::method::detach);
  CAF_CHECK(result_of<value>(closing).is_none());
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(last_event().sessions, 1u);
}

CAF_TEST(a session closed while its attach is on its way is detached after it) {
  auto a = new_session();
  auto a_id = last_request().session;
  reconnect();
  pending(a_id, rpc::method::attach);
  auto closing = self->request(a, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(result_of<value>(closing).is_none());
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
  serve(a_id, rpc::method::attach);
  CAF_CHECK((methods_for(a_id) == strings{"attach", "detach"}));
}

CAF_TEST(a session the server will not attach again is closed) {
  auto a = new_session();
  auto a_id = last_request().session;
  auto [sub, log] = subscriber();
  auto live_id = live(a, a_id, sub, numbered_uuid(1));
  drop();
  auto from_a = query_on(a, "RETURN 'a'");
  run();
  wait_for_attempt();
  open_socket();
  serve_error(a_id, rpc::method::attach,
              error_object(-32000, "Session already exists", "AlreadyExists"));
  // Its waiting call fails, its stream ends, later calls fail; nothing is
  // sent for it any more.
  auto err = error_of<query_results>(from_a);
  CAF_CHECK(is(err, errc::session_closed) || is(err, errc::connection_closed));
  CAF_REQUIRE_EQUAL(log->size(), 1u);
  CAF_CHECK(log->back().action == rpc::live_action::killed);
  CAF_CHECK(log->back().live_id == live_id);
  auto later = self->request(a, caf::infinite, ping_atom::value);
  run();
  auto closed = error_of<value>(later);
  CAF_CHECK(is(closed, errc::connection_closed));
  CAF_CHECK(contains(describe(closed), "could not be attached again"));
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(last_event().sessions, 1u);
}

CAF_TEST(a session that dies during the outage leaves nothing waiting) {
  auto a = new_session();
  auto a_id = last_request().session;
  drop();
  query_on(a, "RETURN 'a'");
  run();
  self->send_exit(a, caf::exit_reason::kill);
  run();
  wait_for_attempt();
  open_socket();
  CAF_CHECK(methods_for(a_id).empty());
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
}

CAF_TEST(variables and the database set during the outage are sent after the replay) {
  auto d = default_session();
  use(d, std::nullopt, "app", "main");
  drop();
  auto set = self->request(d, caf::infinite, let_atom::value, std::string{"z"}, value{3});
  run();
  wait_for_attempt();
  open_socket();
  serve(std::nullopt, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  CAF_CHECK((methods_for(std::nullopt) == strings{"use", "let"}));
  serve(std::nullopt, rpc::method::let);
  CAF_CHECK(result_of<value>(set).is_none());
  // The next replay has it.
  reconnect();
  serve(std::nullopt, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  auto let = pending(std::nullopt, rpc::method::let);
  CAF_CHECK((let.params == value::array{"z", 3}));
}

CAF_TEST_FIXTURE_SCOPE_END()
