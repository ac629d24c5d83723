// The connection actor on a mock transport: framing, correlation of replies,
// routing of notifications, session bookkeeping and shutdown, all under CAF's
// deterministic scheduler.
#define CAF_SUITE connection

#include "connection_fixture.hpp"

#include <string>
#include <vector>

#include <boost/uuid/random_generator.hpp>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/rpc/notification.hpp"

#include "server_error_objects.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

// A connection whose transport has not finished its handshake yet.
struct unopened_fixture : test::connection_fixture {
  unopened_fixture() : connection_fixture(0ms, false) {}
};

// A connection that sends a keep-alive ping every second.
struct pinging_fixture : test::connection_fixture {
  pinging_fixture() : connection_fixture(1s) {}
};

rpc::notification some_notification(std::optional<uuid> session) {
  rpc::notification n;
  n.live_id = boost::uuids::random_generator{}();
  n.action = rpc::live_action::update;
  n.record = record_id{"person", "tobie"};
  n.result = value{{"name", "Tobie"}};
  n.session = session;
  return n;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(connection_before_open_tests, unopened_fixture)

CAF_TEST(connected waits for the handshake) {
  auto rh = self->request(conn, caf::infinite, connected_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  self->send(io, open_atom::value, std::string{"cbor"});
  run();
  CAF_CHECK_EQUAL(result_of<std::string>(rh), "cbor");
  // Once open, it answers at once.
  auto again = self->request(conn, caf::infinite, connected_atom::value);
  run();
  CAF_CHECK_EQUAL(result_of<std::string>(again), "cbor");
}

CAF_TEST(connected fails with the transport error when the handshake fails) {
  auto rh = self->request(conn, caf::infinite, connected_atom::value);
  run();
  self->send(io, closed_atom::value,
             make_error(errc::connect_failed, "connection refused"));
  run();
  auto err = error_of<std::string>(rh);
  CAF_CHECK(is(err, errc::connect_failed));
  CAF_CHECK_EQUAL(describe(err), "surrealcaf: connect_failed (connection refused)");
  CAF_CHECK(wire->closed);
  CAF_CHECK(wire->destroyed);
}

CAF_TEST(a server that refuses cbor fails the handshake) {
  auto rh = self->request(conn, caf::infinite, connected_atom::value);
  run();
  self->send(io, open_atom::value, std::string{"json"});
  run();
  CAF_CHECK(is(error_of<std::string>(rh), errc::connect_failed));
  CAF_CHECK(wire->destroyed);
}

CAF_TEST(calls made before the handshake are written in order) {
  auto s = default_session();
  auto first = self->request(s, caf::infinite, ping_atom::value);
  auto second = self->request(s, caf::infinite, version_atom::value);
  run();
  CAF_REQUIRE_EQUAL(wire->sent.size(), 2u);
  CAF_CHECK_EQUAL(name(request_at(0).method), "ping");
  CAF_CHECK_EQUAL(name(request_at(1).method), "version");
  self->send(io, open_atom::value, std::string{"cbor"});
  run();
  reply(request_at(1), "surrealdb-3.0.0");
  reply(request_at(0), none);
  CAF_CHECK(result_of<value>(first).is_none());
  CAF_CHECK_EQUAL(result_of<std::string>(second), "surrealdb-3.0.0");
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(connection_tests, test::connection_fixture)

CAF_TEST(a call is framed with a fresh id and no session for the default session) {
  auto s = default_session();
  self->send(s, query_atom::value, std::string{"RETURN $x"}, value::object{{"x", 1}});
  run();
  auto req = last_request();
  CAF_CHECK_EQUAL(req.id, 1);
  CAF_CHECK_EQUAL(name(req.method), "query");
  CAF_CHECK(req.params == (value::array{"RETURN $x", value{{"x", 1}}}));
  CAF_CHECK(!req.session);
  CAF_CHECK(!req.txn);
  self->send(s, ping_atom::value);
  run();
  CAF_CHECK_EQUAL(last_request().id, 2);
}

CAF_TEST(new session attaches a fresh uuid and replies only after the attach reply) {
  auto rh = self->request(conn, caf::infinite, session_atom::value);
  run();
  auto attach = last_request();
  CAF_CHECK_EQUAL(name(attach.method), "attach");
  CAF_CHECK(attach.params.empty());
  CAF_REQUIRE(attach.session.has_value());
  CAF_CHECK_EQUAL(attach.session->version(), boost::uuids::uuid::version_random_number_based);
  CAF_CHECK(self->mailbox().empty());
  reply(attach, none);
  auto s = result_of<session_actor>(rh);
  CAF_CHECK(s != nullptr);
  // The session speaks with the UUID it was attached under.
  self->send(s, ping_atom::value);
  run();
  CAF_CHECK(last_request().session == attach.session);
  // A second session gets another UUID.
  self->send(conn, session_atom::value);
  run();
  CAF_REQUIRE(last_request().session.has_value());
  CAF_CHECK(*last_request().session != *attach.session);
}

CAF_TEST(a failed attach kills the session and replies the error) {
  auto rh = self->request(conn, caf::infinite, session_atom::value);
  run();
  auto attach = last_request();
  reply_error(attach, error_object(-32000, "Session already exists", "AlreadyExists",
                                   detail_node("Session")));
  auto server = server_error_in(error_of<session_actor>(rh), errc::server_error);
  CAF_CHECK(server.is(rpc::error_kind::already_exists, {"Session"}));
  // The killed session is not detached: the server never attached it.
  CAF_CHECK_EQUAL(wire->sent.size(), 1u);
}

CAF_TEST(replies arriving out of order reach the right caller) {
  auto a = new_session();
  auto b = new_session();
  auto from_a = self->request(a, caf::infinite, query_atom::value, std::string{"RETURN 'a'"},
                              value::object{});
  run();
  auto req_a = last_request();
  auto from_b = self->request(b, caf::infinite, query_atom::value, std::string{"RETURN 'b'"},
                              value::object{});
  run();
  auto req_b = last_request();
  CAF_CHECK(req_a.id != req_b.id);
  reply(req_b, value::array{ok_statement("b")});
  reply(req_a, value::array{ok_statement("a")});
  auto res_a = result_of<query_results>(from_a);
  auto res_b = result_of<query_results>(from_b);
  CAF_REQUIRE_EQUAL(res_a.size(), 1u);
  CAF_REQUIRE_EQUAL(res_b.size(), 1u);
  CAF_CHECK(res_a[0].result == value{"a"});
  CAF_CHECK(res_b[0].result == value{"b"});
}

CAF_TEST(a notification reaches only the session that it names) {
  auto a = new_session();
  auto b = new_session();
  auto a_id = request_at(0).session;
  self->send(io, frame_atom::value,
             testing::notification_frame(some_notification(a_id)));
  expect((frame_atom, std::vector<uint8_t>), from(self).to(conn).with(_, _));
  expect((rpc::notification), from(conn).to(a).with(_));
  disallow((rpc::notification), from(conn).to(b).with(_));
  CAF_CHECK(!sched.has_job());
}

CAF_TEST(a notification without session reaches the default session) {
  auto d = default_session();
  auto a = new_session();
  self->send(io, frame_atom::value,
             testing::notification_frame(some_notification({})));
  expect((frame_atom, std::vector<uint8_t>), from(self).to(conn).with(_, _));
  expect((rpc::notification), from(conn).to(d).with(_));
  CAF_CHECK(!sched.has_job());
}

CAF_TEST(a notification for an unknown session is dropped) {
  auto a = new_session();
  self->send(io, frame_atom::value,
             testing::notification_frame(some_notification(boost::uuids::random_generator{}())));
  expect((frame_atom, std::vector<uint8_t>), from(self).to(conn).with(_, _));
  CAF_CHECK(!sched.has_job());
}

CAF_TEST(a server error becomes errc server_error with the server words) {
  auto s = default_session();
  auto rh = self->request(s, caf::infinite, signin_atom::value,
                          credentials{root_credentials{"root", "wrong"}});
  run();
  reply_error(last_request(), invalid_auth_error());
  auto server = server_error_in(error_of<value>(rh), errc::server_error);
  CAF_CHECK_EQUAL(*server.code, -32002);
  CAF_CHECK(server.kind == rpc::error_kind::not_allowed);
  CAF_CHECK(server.is(rpc::error_kind::not_allowed, {"Auth", "InvalidAuth"}));
  CAF_CHECK_EQUAL(server.message, "There was a problem with authentication");
}

CAF_TEST(an invalid frame naming a pending call fails it with protocol_error) {
  auto s = default_session();
  auto rh = self->request(s, caf::infinite, ping_atom::value);
  run();
  auto req = last_request();
  // Both result and error: the frame breaks the protocol.
  inject_frame(cbor::encode(value{{"id", req.id}, {"result", 1}, {"error", invalid_auth_error()}}));
  CAF_CHECK(is(error_of<value>(rh), errc::protocol_error));
}

CAF_TEST(a reply naming another session fails the call with protocol_error) {
  auto a = new_session();
  auto rh = self->request(a, caf::infinite, ping_atom::value);
  run();
  auto req = last_request();
  inject_frame(testing::result_frame(req.id, none, boost::uuids::random_generator{}()));
  CAF_CHECK(is(error_of<value>(rh), errc::protocol_error));
}

CAF_TEST(frames that answer nothing are dropped and the connection keeps working) {
  auto s = default_session();
  auto rh = self->request(s, caf::infinite, ping_atom::value);
  run();
  auto req = last_request();
  inject_frame({0xff, 0x00, 0x13});                                       // not CBOR
  inject_frame(testing::result_frame(req.id + 100, "stray"));             // no such call
  inject_frame(testing::error_frame(req.id + 100, invalid_auth_error())); // no such call
  inject_frame(cbor::encode(value{"not a map"}));                         // invalid
  CAF_CHECK(self->mailbox().empty());
  reply(req, none);
  CAF_CHECK(result_of<value>(rh).is_none());
}

CAF_TEST(closing fails every pending call and shuts every session down) {
  auto d = default_session();
  auto a = new_session();
  auto b = new_session();
  auto from_d = self->request(d, caf::infinite, ping_atom::value);
  auto from_a = self->request(a, caf::infinite, info_atom::value);
  auto from_b = self->request(b, caf::infinite, version_atom::value);
  run();
  auto closing = self->request(conn, caf::infinite, close_atom::value);
  expect((close_atom), from(self).to(conn).with(_));
  // The calls in flight fail first (their replies go back through the
  // sessions), then every session hears of the shutdown.
  expect((caf::error), from(conn).to(d).with(_));
  expect((caf::error), from(conn).to(a).with(_));
  expect((caf::error), from(conn).to(b).with(_));
  expect((shutdown_atom, caf::error), from(conn).to(d).with(_, _));
  expect((shutdown_atom, caf::error), from(conn).to(a).with(_, _));
  expect((shutdown_atom, caf::error), from(conn).to(b).with(_, _));
  run();
  CAF_CHECK(result_of<bool>(closing));
  for (auto err : {error_of<value>(from_d), error_of<value>(from_a)})
    CAF_CHECK(is(err, errc::connection_closed));
  CAF_CHECK(is(error_of<std::string>(from_b), errc::connection_closed));
  CAF_CHECK(wire->closed);
  CAF_CHECK(wire->destroyed);
}

CAF_TEST(the transport closing fails calls with connection_closed naming the cause) {
  auto s = default_session();
  auto rh = self->request(s, caf::infinite, ping_atom::value);
  run();
  self->send(io, closed_atom::value,
             make_error(errc::protocol_error, "message too big"));
  run();
  auto err = error_of<value>(rh);
  CAF_CHECK(is(err, errc::connection_closed));
  CAF_CHECK_EQUAL(describe(err),
                  "surrealcaf: connection_closed (surrealcaf: protocol_error (message too big))");
  // Later calls are answered by the session itself; nothing is written.
  auto frames = wire->sent.size();
  auto later = self->request(s, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(later), errc::connection_closed));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(a crashed session leaves the connection running and is detached) {
  auto a = new_session();
  auto b = new_session();
  auto a_id = request_at(0).session;
  self->send_exit(a, caf::exit_reason::kill);
  run();
  auto detach = last_request();
  CAF_CHECK_EQUAL(name(detach.method), "detach");
  CAF_CHECK(detach.session == a_id);
  CAF_CHECK(detach.params.empty());
  reply(detach, none);
  // Its sibling and the connection carry on.
  auto rh = self->request(b, caf::infinite, ping_atom::value);
  run();
  auto ping = last_request();
  CAF_CHECK_EQUAL(name(ping.method), "ping");
  reply(ping, none);
  CAF_CHECK(result_of<value>(rh).is_none());
  // The dead session is forgotten: a notification for it goes nowhere.
  self->send(io, frame_atom::value,
             testing::notification_frame(some_notification(a_id)));
  expect((frame_atom, std::vector<uint8_t>), from(self).to(conn).with(_, _));
  CAF_CHECK(!sched.has_job());
}

CAF_TEST(a crashed default session is replaced) {
  auto d = default_session();
  self->send_exit(d, caf::exit_reason::kill);
  run();
  CAF_CHECK(wire->sent.empty());
  auto fresh = default_session();
  CAF_CHECK(fresh != d);
  self->send(fresh, ping_atom::value);
  run();
  CAF_CHECK(!last_request().session);
}

CAF_TEST(a session that closed properly is not detached again when it dies) {
  auto a = new_session();
  auto closing = self->request(a, caf::infinite, close_atom::value);
  run();
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(closing).is_none());
  auto frames = wire->sent.size();
  self->send_exit(a, caf::exit_reason::kill);
  run();
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(keep_alive_tests, pinging_fixture)

CAF_TEST(the keep alive pings on the default session every interval) {
  CAF_CHECK(wire->sent.empty());
  CAF_REQUIRE(sched.trigger_timeout());
  run();
  CAF_REQUIRE_EQUAL(wire->sent.size(), 1u);
  auto ping = last_request();
  CAF_CHECK_EQUAL(name(ping.method), "ping");
  CAF_CHECK(!ping.session);
  reply(ping, none);
  // The next tick is already scheduled.
  CAF_REQUIRE(sched.trigger_timeout());
  run();
  CAF_CHECK_EQUAL(wire->sent.size(), 2u);
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

struct null_transport : transport {
  void send(std::vector<uint8_t>) override {}
  void close() override {}
};

// A transport that fails before the caller could ask anything.
struct failing_at_once_fixture : test_coordinator_fixture<test::config> {
  connection_actor conn;

  failing_at_once_fixture() {
    conn = spawn_connection(sys, [](caf::actor owner) -> std::unique_ptr<transport> {
      caf::anon_send(owner, closed_atom::value,
                     make_error(errc::connect_failed, "connection refused"));
      return std::make_unique<null_transport>();
    });
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(connection_failing_tests, failing_at_once_fixture)

CAF_TEST(connected asked first learns of a transport that failed at once) {
  auto rh = self->request(conn, caf::infinite, connected_atom::value);
  run();
  CAF_REQUIRE(!self->mailbox().empty());
  rh.receive([](std::string&) { CAF_FAIL("expected an error"); },
             [](caf::error& err) { CAF_CHECK(test::is(err, errc::connect_failed)); });
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

struct throwing_transport : transport {
  void send(std::vector<uint8_t>) override {
    throw std::runtime_error("socket exploded");
  }
  void close() override {}
};

struct throwing_fixture : test_coordinator_fixture<test::config> {
  connection_actor conn = spawn_connection(sys, [](caf::actor) -> std::unique_ptr<transport> {
    return std::make_unique<throwing_transport>();
  });
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(connection_throwing_tests, throwing_fixture)

CAF_TEST(a handler that throws ends the connection like a close) {
  auto ready = self->request(conn, caf::infinite, connected_atom::value);
  auto d = self->request(conn, caf::infinite, default_atom::value);
  run();
  session_actor s;
  d.receive([&](session_actor& x) { s = x; }, [](caf::error&) { CAF_FAIL("no default session"); });
  auto rh = self->request(s, caf::infinite, ping_atom::value);
  run();
  // The ping made the transport throw: every waiter and every call fails.
  rh.receive([](value&) { CAF_FAIL("expected an error"); },
             [](caf::error& err) {
               CAF_CHECK(test::is(err, errc::connection_closed));
               CAF_CHECK_EQUAL(describe(err), "surrealcaf: connection_closed (the connection "
                                              "failed: socket exploded)");
             });
  ready.receive([](std::string&) { CAF_FAIL("expected an error"); },
                [](caf::error& err) { CAF_CHECK(test::is(err, errc::connection_closed)); });
  // The session was shut down: it answers by itself.
  auto later = self->request(s, caf::infinite, ping_atom::value);
  run();
  later.receive([](value&) { CAF_FAIL("expected an error"); },
                [](caf::error& err) { CAF_CHECK(test::is(err, errc::connection_closed)); });
}

CAF_TEST_FIXTURE_SCOPE_END()
