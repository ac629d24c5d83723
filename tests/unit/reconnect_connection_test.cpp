// The connection losing its socket with reconnect on, on a mock transport:
// calls in flight fail with connection_lost, later calls wait (bounded, each
// within its deadline) and go out once the socket is back, attempts follow
// the backoff and count refusals until the connection gives up, and
// observers hear every step. Without reconnect a lost socket closes the
// connection as before.
#define CAF_SUITE reconnect_connection

#include "reconnect_fixture.hpp"

#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using state = connection_state;

std::string names(const std::vector<state>& xs) {
  std::string result;
  for (auto x : xs)
    result += std::string{result.empty() ? "" : " "} + to_string(x);
  return result;
}

struct no_reconnect_fixture : reconnect_fixture {
  no_reconnect_fixture() : reconnect_fixture(without_reconnect()) {}

  static client_options without_reconnect() {
    auto opts = reconnecting_options();
    opts.reconnect.enabled = false;
    return opts;
  }
};

struct few_waiting_fixture : reconnect_fixture {
  few_waiting_fixture() : reconnect_fixture(with_limit()) {}

  static client_options with_limit() {
    auto opts = reconnecting_options();
    opts.reconnect.max_waiting_calls = 2;
    return opts;
  }
};

struct three_attempts_fixture : reconnect_fixture {
  three_attempts_fixture() : reconnect_fixture(with_limit()) {}

  static client_options with_limit() {
    auto opts = reconnecting_options();
    opts.reconnect.max_attempts = 3;
    return opts;
  }
};

struct two_attempts_fixture : reconnect_fixture {
  two_attempts_fixture() : reconnect_fixture(with_limit()) {}

  static client_options with_limit() {
    auto opts = reconnecting_options();
    opts.reconnect.max_attempts = 2;
    return opts;
  }
};

struct pinging_fixture : reconnect_fixture {
  pinging_fixture() : reconnect_fixture(with_ping()) {}

  static client_options with_ping() {
    auto opts = reconnecting_options();
    opts.ping_interval = 1s;
    return opts;
  }
};

struct give_up_after_fixture : reconnect_fixture {
  give_up_after_fixture() : reconnect_fixture(with_limit()) {}

  static client_options with_limit() {
    auto opts = reconnecting_options();
    opts.reconnect.give_up_after = 1s;
    return opts;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(reconnect_connection_tests, reconnect_fixture)

CAF_TEST(calls in flight fail at once with connection_lost and the server may have run them) {
  auto d = default_session();
  auto a = new_session();
  auto from_d = self->request(d, caf::infinite, ping_atom::value);
  auto from_a = self->request(a, caf::infinite, info_atom::value);
  run();
  drop("read: the server reset the connection (Connection reset by peer)");
  for (auto err : {error_of<value>(from_d), error_of<value>(from_a)}) {
    CAF_CHECK(is(err, errc::connection_lost));
    CAF_CHECK(contains(describe(err), "the server may or may not have run it"));
    CAF_CHECK(contains(describe(err), "Connection reset by peer"));
  }
  // The connection carries on: the first attempt is on its way.
  CAF_CHECK(wire->destroyed);
  CAF_CHECK_EQUAL(names(states()), "connected disconnected reconnecting");
}

CAF_TEST(calls made while reconnecting wait and go out in order once resumed) {
  auto d = default_session();
  drop();
  auto frames = wire->sent.size();
  auto first = self->request(d, caf::infinite, query_atom::value, std::string{"RETURN 1"},
                             value::object{});
  auto second = self->request(d, caf::infinite, version_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  wait_for_attempt();
  // A socket that is not open yet gets nothing either.
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  open_socket();
  // The default session had nothing to replay: its calls go out at once.
  CAF_CHECK((methods_for(std::nullopt) == std::vector<std::string>{"query", "version"}));
  serve(std::nullopt, rpc::method::query, value::array{ok_statement(1)});
  serve(std::nullopt, rpc::method::version, "surrealdb-3.0.0");
  CAF_CHECK_EQUAL(result_of<query_results>(first).size(), 1u);
  CAF_CHECK_EQUAL(result_of<std::string>(second), "surrealdb-3.0.0");
  CAF_CHECK_EQUAL(last_event().sessions, 1u);
  CAF_CHECK_EQUAL(names(states()),
                  "connected disconnected reconnecting connected resumed");
}

CAF_TEST(a waiting call still ends at its deadline and is never sent) {
  auto d = default_session();
  drop();
  auto rh = self->request(d, caf::infinite, info_atom::value);
  run();
  wait(9999ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<value>(rh);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "it waited for the reconnect"));
  open_socket();
  CAF_CHECK(methods_for(std::nullopt).empty());
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
}

CAF_TEST(new session during the outage attaches once on the new socket) {
  drop();
  auto rh = self->request(conn, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  wait_for_attempt();
  open_socket();
  auto attach = last_request();
  CAF_CHECK_EQUAL(name(attach.method), "attach");
  CAF_REQUIRE(attach.session.has_value());
  CAF_CHECK_EQUAL(sent_for(attach.session).size(), 1u);
  reply(attach, none);
  auto s = result_of<session_actor>(rh);
  // It works like any session, and it was not resumed: nothing to replay.
  auto ping = self->request(s, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK((methods_for(attach.session) == std::vector<std::string>{"attach", "ping"}));
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(ping).is_none());
  CAF_CHECK_EQUAL(last_event().sessions, 1u);
}

CAF_TEST(new session during the outage waits across refused attempts) {
  drop();
  auto rh = self->request(conn, caf::infinite, session_atom::value);
  run();
  wait_for_attempt();
  refuse();
  wait_for_attempt();
  open_socket();
  auto attach = last_request();
  CAF_CHECK_EQUAL(name(attach.method), "attach");
  CAF_CHECK_EQUAL(sent_for(attach.session).size(), 1u);
  // Lost again before the server answered: new_session fails, retryable.
  drop();
  auto err = error_of<session_actor>(rh);
  CAF_CHECK(is(err, errc::connection_lost));
  wait_for_attempt();
  open_socket();
  CAF_CHECK(sent_for(attach.session).empty());
}

CAF_TEST(attempts are spaced by the backoff and each refusal counts) {
  drop();
  auto& first = last_event();
  CAF_CHECK_EQUAL(first.attempt, 1u);
  CAF_CHECK_EQUAL(first.delay, 100ms);
  // Before the first attempt, nothing says why one failed.
  CAF_CHECK(!first.code);
  wait(99ms);
  CAF_CHECK_EQUAL(wire->transports, 1u);
  wait(1ms);
  CAF_CHECK_EQUAL(wire->transports, 2u);
  refuse();
  CAF_CHECK_EQUAL(last_event().attempt, 2u);
  CAF_CHECK_EQUAL(last_event().delay, 200ms);
  CAF_REQUIRE(last_event().code);
  CAF_CHECK(*last_event().code == errc::connect_failed);
  CAF_CHECK(contains(last_event().reason, "Connection refused"));
  wait(199ms);
  CAF_CHECK_EQUAL(wire->transports, 2u);
  wait(1ms);
  CAF_CHECK_EQUAL(wire->transports, 3u);
  refuse();
  CAF_CHECK_EQUAL(last_event().delay, 400ms);
  wait_for_attempt();
  refuse();
  CAF_CHECK_EQUAL(last_event().delay, 800ms);
  wait_for_attempt();
  refuse();
  // The wait stops growing at max_delay.
  CAF_CHECK_EQUAL(last_event().attempt, 5u);
  CAF_CHECK_EQUAL(last_event().delay, 1000ms);
  wait_for_attempt();
  open_socket();
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
}

CAF_TEST(an attempt that gets no transport counts as refused) {
  drop();
  wire->refuse = 1;
  wait(100ms);
  CAF_CHECK_EQUAL(wire->transports, 1u);
  CAF_CHECK_EQUAL(last_event().attempt, 2u);
  CAF_CHECK_EQUAL(last_event().delay, 200ms);
  CAF_CHECK(contains(last_event().reason, "no transport"));
  wait_for_attempt();
  open_socket();
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
}

CAF_TEST(a full resume starts the next outage at the first attempt) {
  reconnect();
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  drop();
  CAF_CHECK_EQUAL(last_event().attempt, 1u);
  CAF_CHECK_EQUAL(last_event().delay, 100ms);
  CAF_CHECK(!last_event().code);
}

CAF_TEST(observers see every state in order with closed last) {
  CAF_CHECK_EQUAL(to_string(first_state), std::string{"connecting"});
  reconnect();
  self->send(conn, close_atom::value);
  run();
  CAF_CHECK_EQUAL(names(states()),
                  "connected disconnected reconnecting connected resumed closed");
  auto& lost = (*events)[1];
  CAF_REQUIRE(lost.code);
  CAF_CHECK(*lost.code == errc::connection_closed);
  CAF_CHECK(contains(lost.reason, "the server reset the connection"));
  CAF_CHECK_EQUAL(last_event().sessions, 0u);
  CAF_REQUIRE(last_event().code);
  CAF_CHECK(*last_event().code == errc::connection_closed);
}

CAF_TEST(an observer that dies is forgotten) {
  auto log = std::make_shared<std::vector<connection_event>>();
  caf::actor_addr watcher;
  {
    auto obs = sys.spawn(event_recorder, log);
    watcher = obs.address();
    self->send(conn, observe_atom::value, connection_observer{obs});
    run();
  }
  // Only the connection holds it now.
  CAF_CHECK(caf::actor_cast<caf::strong_actor_ptr>(watcher) != nullptr);
  drop();
  CAF_CHECK_EQUAL(log->size(), 2u);
  self->send_exit(watcher, caf::exit_reason::kill);
  run();
  CAF_CHECK(caf::actor_cast<caf::strong_actor_ptr>(watcher) == nullptr);
  wait_for_attempt();
  open_socket();
  CAF_CHECK_EQUAL(log->size(), 2u);
}

CAF_TEST(close during the outage fails the waiting calls and ends the attempts) {
  auto d = default_session();
  drop();
  auto waiting = self->request(d, caf::infinite, ping_atom::value);
  auto attach = self->request(conn, caf::infinite, session_atom::value);
  run();
  auto closing = self->request(conn, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(result_of<bool>(closing));
  CAF_CHECK(is(error_of<value>(waiting), errc::connection_closed));
  CAF_CHECK(is(error_of<session_actor>(attach), errc::connection_closed));
  CAF_CHECK_EQUAL(names(states()), "connected disconnected reconnecting closed");
  wait(10s);
  CAF_CHECK_EQUAL(wire->transports, 1u);
}

CAF_TEST(close during a resume fails the resume and the waiting calls) {
  auto d = default_session();
  signin(d, std::nullopt, credentials{root_credentials{"root", "root"}}, "token");
  drop();
  auto waiting = self->request(d, caf::infinite, ping_atom::value);
  run();
  wait_for_attempt();
  open_socket();
  pending(std::nullopt, rpc::method::authenticate);
  self->send(conn, close_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(waiting), errc::connection_closed));
  CAF_CHECK(wire->closed);
  CAF_CHECK_EQUAL(names(states()), "connected disconnected reconnecting connected closed");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_ping_tests, pinging_fixture)

CAF_TEST(the keep alive pings neither while reconnecting nor before the resume is done) {
  auto d = default_session();
  signin(d, std::nullopt, credentials{root_credentials{"root", "root"}}, "token");
  drop();
  auto frames = wire->sent.size();
  // Ticks while the socket is down: nothing.
  wait(1s);
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  open_socket();
  wait(1s);
  // Only the resume's own step went out.
  CAF_CHECK((methods_for(std::nullopt) == std::vector<std::string>{"authenticate"}));
  serve(std::nullopt, rpc::method::authenticate);
  wait(1s);
  CAF_CHECK((methods_for(std::nullopt) == std::vector<std::string>{"authenticate", "ping"}));
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_off_tests, no_reconnect_fixture)

CAF_TEST(without reconnect a lost socket closes everything as before) {
  auto d = default_session();
  auto rh = self->request(d, caf::infinite, ping_atom::value);
  run();
  drop();
  CAF_CHECK(is(error_of<value>(rh), errc::connection_closed));
  auto later = self->request(d, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(later), errc::connection_closed));
  wait(10s);
  CAF_CHECK_EQUAL(wire->transports, 1u);
  CAF_CHECK_EQUAL(names(states()), "connected closed");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_limit_tests, few_waiting_fixture)

CAF_TEST(calls beyond max_waiting_calls fail at once with connection_lost) {
  auto d = default_session();
  drop();
  auto first = self->request(d, caf::infinite, ping_atom::value);
  auto second = self->request(d, caf::infinite, version_atom::value);
  auto third = self->request(d, caf::infinite, info_atom::value);
  run();
  auto err = error_of<value>(third);
  CAF_CHECK(is(err, errc::connection_lost));
  CAF_CHECK(contains(describe(err), "max_waiting_calls"));
  CAF_CHECK(contains(describe(err), "nothing was sent"));
  wait_for_attempt();
  open_socket();
  CAF_CHECK((methods_for(std::nullopt) == std::vector<std::string>{"ping", "version"}));
  serve(std::nullopt, rpc::method::ping);
  serve(std::nullopt, rpc::method::version, "surrealdb-3.0.0");
  CAF_CHECK(result_of<value>(first).is_none());
  CAF_CHECK_EQUAL(result_of<std::string>(second), "surrealdb-3.0.0");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_give_up_tests, three_attempts_fixture)

CAF_TEST(after max_attempts refusals the connection closes and every call fails) {
  auto d = default_session();
  drop();
  auto waiting = self->request(d, caf::infinite, ping_atom::value);
  run();
  for (int i = 0; i < 3; ++i) {
    wait_for_attempt();
    refuse();
  }
  CAF_CHECK_EQUAL(names(states()), "connected disconnected reconnecting reconnecting "
                                   "reconnecting closed");
  CAF_REQUIRE(last_event().code);
  CAF_CHECK(*last_event().code == errc::connection_closed);
  CAF_CHECK(contains(last_event().reason, "gave up reconnecting after 3 attempt(s)"));
  CAF_CHECK(contains(last_event().reason, "Connection refused"));
  CAF_CHECK(is(error_of<value>(waiting), errc::connection_closed));
  auto later = self->request(d, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(later), errc::connection_closed));
  wait(10s);
  CAF_CHECK_EQUAL(wire->transports, 4u);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_give_up_after_tests, give_up_after_fixture)

CAF_TEST(no attempt starts once give_up_after passed since the loss) {
  drop();
  // 100 + 200 + 400 ms of waits, each attempt refused ...
  for (int i = 0; i < 3; ++i) {
    wait_for_attempt();
    refuse();
  }
  CAF_CHECK_EQUAL(last_event().delay, 800ms);
  // ... and the fourth would start 1.5 s after the loss.
  wait(800ms);
  CAF_CHECK_EQUAL(wire->transports, 4u);
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"closed"});
  CAF_CHECK(contains(last_event().reason, "gave up reconnecting after 3 attempt(s)"));
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_drop_again_tests, two_attempts_fixture)

CAF_TEST(a socket that drops before the resume is done does not reset the attempts) {
  auto d = default_session();
  signin(d, std::nullopt, credentials{root_credentials{"root", "root"}}, "token");
  drop();
  wait_for_attempt();
  open_socket();
  // The resume is under way: its authenticate is not answered yet.
  pending(std::nullopt, rpc::method::authenticate);
  drop();
  CAF_CHECK_EQUAL(last_event().attempt, 2u);
  CAF_CHECK_EQUAL(last_event().delay, 200ms);
  wait_for_attempt();
  refuse();
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"closed"});
  CAF_CHECK(contains(last_event().reason, "gave up reconnecting after 2 attempt(s)"));
}

CAF_TEST_FIXTURE_SCOPE_END()
