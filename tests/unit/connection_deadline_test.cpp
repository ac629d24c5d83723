// Deadlines live where the call lives: the connection ends a call that got no
// reply within `client_options::request_timeout` with errc::timeout,
// forgets it, and drops the reply if it still comes. The session then keeps
// its recorded state as the server last confirmed it.
#define CAF_SUITE connection_deadline

#include "session_fixture.hpp"

#include <string>

#include "contains.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

struct fixture : session_fixture {
  fixture() : session_fixture(500ms) {}

  /// A `call_atom` request for the default session, sent and written.
  auto call(rpc::method m) {
    auto rh = self->request(internal(), caf::infinite, call_atom::value,
                            rpc::request{0, m, {}, std::nullopt, std::nullopt});
    run();
    return rh;
  }

  /// Moves the test clock on, fires every timer due by then and runs.
  void wait(caf::timespan d) {
    sched.advance_time(d);
    run();
  }

  /// Lets the call `rh` (written as `req`) expire, then plays a server that
  /// answers it after all with `result`; returns what the connection wrote
  /// next.
  template <class T, class Handle>
  rpc::request expire_then_answer(Handle& rh, const rpc::request& req,
                                           value result) {
    wait(500ms);
    CAF_CHECK(is(error_of<T>(rh), errc::timeout));
    reply(req, std::move(result));
    return last_request();
  }
};

struct no_deadline_fixture : session_fixture {
  no_deadline_fixture() : session_fixture(0ms) {}
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(connection_deadline_tests, fixture)

CAF_TEST(an unanswered call fails with timeout at its deadline) {
  auto rh = call(rpc::method::ping);
  wait(499ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<value>(rh);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "ping: no reply within 500 ms"));
}

CAF_TEST(a reply after the deadline is dropped and counted as stray) {
  auto rh = call(rpc::method::version);
  auto req = last_request();
  wait(500ms);
  CAF_CHECK(is(error_of<value>(rh), errc::timeout));
  // The late reply finds no call: nobody receives anything.
  reply(req, "surrealdb-3.0.2");
  CAF_CHECK(self->mailbox().empty());
  // The connection goes on: a new call is answered as usual.
  auto next = call(rpc::method::version);
  reply(last_request(), "surrealdb-3.0.2");
  CAF_CHECK_EQUAL(result_of<value>(next), value{"surrealdb-3.0.2"});
}

CAF_TEST(calls expire oldest first each at its own deadline) {
  auto first = call(rpc::method::ping);
  wait(300ms);
  auto second = call(rpc::method::info);
  wait(200ms);
  CAF_CHECK(is(error_of<value>(first), errc::timeout));
  CAF_CHECK(self->mailbox().empty());
  wait(299ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<value>(second);
  CAF_CHECK(contains(describe(err), "info: no reply within 500 ms"));
}

CAF_TEST(a call answered in time never expires) {
  auto answered = call(rpc::method::ping);
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(answered).is_none());
  auto waiting = call(rpc::method::ping);
  wait(400ms);
  CAF_CHECK(self->mailbox().empty());
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(waiting).is_none());
  wait(10s);
  CAF_CHECK(self->mailbox().empty());
}

CAF_TEST(a session call that timed out leaves the recorded state as confirmed) {
  auto first = self->request(s, caf::infinite, use_atom::value, value{"app"}, value{"one"});
  run();
  answer(rpc::method::use, {"app", "one"}, value{{"namespace", "app"}, {"database", "one"}});
  result_of<value>(first);
  // The second use gets no reply in time; the server's late yes changes
  // nothing, because the caller was told `timeout`.
  auto second = self->request(s, caf::infinite, use_atom::value, value{"app"}, value{"two"});
  run();
  auto late = last_request();
  wait(500ms);
  auto err = error_of<value>(second);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "the server may still have run it"));
  reply(late, value{{"namespace", "app"}, {"database", "two"}});
  CAF_CHECK(self->mailbox().empty());
  // A fork replays what the server confirmed: app/one.
  self->request(s, caf::infinite, fork_atom::value);
  run();
  auto attach = last_request();
  CAF_REQUIRE_EQUAL(name(attach.method), "attach");
  reply(attach, none);
  auto replayed = last_request();
  CAF_CHECK_EQUAL(name(replayed.method), "use");
  CAF_CHECK(replayed.params == (value::array{"app", "one"}));
}

CAF_TEST(a transaction begun after its call expired is cancelled) {
  auto rh = self->request(s, caf::infinite, begin_atom::value);
  run();
  auto begin = last_request();
  CAF_REQUIRE_EQUAL(name(begin.method), "begin");
  // The server opens it after all: nobody could ever end it but us.
  auto txn = test::uuid_of("0199c6c4-6000-7000-8000-0000000000aa");
  auto cancel = expire_then_answer<uuid>(rh, begin, txn);
  CAF_CHECK_EQUAL(name(cancel.method), "cancel");
  CAF_CHECK(cancel.params == value::array{txn});
  CAF_CHECK(self->mailbox().empty());
}

CAF_TEST(a live query started after its call expired is killed on its session) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"item"}}, false, sub);
  run();
  auto live = last_request();
  auto id = test::uuid_of("0199c6c4-6000-7000-8000-0000000000bb");
  auto kill = expire_then_answer<uuid>(rh, live, id);
  CAF_CHECK_EQUAL(name(kill.method), "kill");
  CAF_CHECK(kill.params == value::array{id});
  CAF_CHECK(kill.session == live.session);
  CAF_CHECK(log->empty());
}

CAF_TEST(a session attached after its call expired is detached) {
  auto rh = self->request(conn, caf::infinite, session_atom::value);
  run();
  auto attach = last_request();
  CAF_REQUIRE_EQUAL(name(attach.method), "attach");
  auto detach = expire_then_answer<session_actor>(rh, attach, none);
  CAF_CHECK_EQUAL(name(detach.method), "detach");
  CAF_CHECK(detach.session == attach.session);
}

CAF_TEST(a fork must be done within the request timeout as a whole) {
  auto signed_in = self->request(s, caf::infinite, auth_atom::value, std::string{"jwt-a"});
  run();
  answer(rpc::method::authenticate, {"jwt-a"}, none);
  result_of<value>(signed_in);
  auto used = self->request(s, caf::infinite, use_atom::value, value{"app"}, value{"one"});
  run();
  answer(rpc::method::use, {"app", "one"}, value{{"namespace", "app"}, {"database", "one"}});
  result_of<value>(used);
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto attach = last_request();
  CAF_REQUIRE_EQUAL(name(attach.method), "attach");
  // Every step is answered within its own deadline, but the fork as a whole
  // is not done in time: no further step starts, the half-made fork is
  // closed, and the fork fails.
  wait(300ms);
  reply(attach, none);
  auto auth = last_request();
  CAF_REQUIRE_EQUAL(name(auth.method), "authenticate");
  CAF_CHECK(auth.session == attach.session);
  wait(300ms);
  reply(auth, none);
  auto err = error_of<forked_session>(rh);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "fork: not done within 500 ms"));
  auto detach = last_request();
  CAF_CHECK_EQUAL(name(detach.method), "detach");
  CAF_CHECK(detach.session == attach.session);
}

CAF_TEST(an early or foreign deadline tick changes nothing) {
  auto rh = call(rpc::method::ping);
  wait(100ms);
  self->send(internal(), deadline_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  // The real timer still fires at the deadline.
  wait(400ms);
  CAF_CHECK(is(error_of<value>(rh), errc::timeout));
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(connection_no_deadline_tests, no_deadline_fixture)

CAF_TEST(a zero request timeout lets a call wait until answered) {
  auto rh = self->request(internal(), caf::infinite, call_atom::value,
                          rpc::request{0, rpc::method::ping, {}, std::nullopt, std::nullopt});
  run();
  auto req = last_request();
  sched.advance_time(1h);
  run();
  CAF_CHECK(self->mailbox().empty());
  reply(req, none);
  CAF_CHECK(result_of<value>(rh).is_none());
}

CAF_TEST_FIXTURE_SCOPE_END()
