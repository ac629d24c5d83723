// The session actor through a connection on a mock transport: the frame each
// call produces, how replies are converted, and what a closed session does.
#define CAF_SUITE session

#include "session_fixture.hpp"

#include <string>
#include <vector>

#include "surrealcaf/credentials.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

CAF_TEST_FIXTURE_SCOPE(session_tests, session_fixture)

CAF_TEST(use sends namespace and database and replies what the server set) {
  auto rh = self->request(s, caf::infinite, use_atom::value, value{"app"}, value{"main"});
  run();
  value reply{{"namespace", "app"}, {"database", "main"}};
  answer(rpc::method::use, {"app", "main"}, reply);
  CAF_CHECK(result_of<value>(rh) == reply);
}

CAF_TEST(use refuses arguments the server cannot take without sending) {
  auto frames = wire->sent.size();
  auto bad_kind = self->request(s, caf::infinite, use_atom::value, value{1}, value{"main"});
  run();
  CAF_CHECK(is(error_of<value>(bad_kind), errc::invalid_argument));
  // A database without a namespace crashes the server (docs/protocol.md §3).
  auto db_only = self->request(s, caf::infinite, use_atom::value, value{}, value{"main"});
  run();
  CAF_CHECK(is(error_of<value>(db_only), errc::invalid_argument));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(signin sends the credential object and replies the token) {
  auto rh = self->request(s, caf::infinite, signin_atom::value,
                          credentials{database_credentials{"app", "main", "bob", "secret"}});
  run();
  answer(rpc::method::signin,
         {value{{"ns", "app"}, {"db", "main"}, {"user", "bob"}, {"pass", "secret"}}}, "jwt");
  CAF_CHECK(result_of<value>(rh) == value{"jwt"});
}

CAF_TEST(signup sends the record access fields) {
  auto rh = self->request(s, caf::infinite, signup_atom::value,
                          record_credentials{"app", "main", "account",
                                             {{"email", "a@b.c"}, {"pass", "pw"}}});
  run();
  answer(rpc::method::signup,
         {value{{"ns", "app"}, {"db", "main"}, {"ac", "account"}, {"email", "a@b.c"},
                {"pass", "pw"}}},
         value{{"access", "a"}, {"refresh", "r"}});
  CAF_CHECK(result_of<value>(rh) == (value{{"access", "a"}, {"refresh", "r"}}));
}

CAF_TEST(authenticate invalidate info and ping take no surprises) {
  auto auth = self->request(s, caf::infinite, auth_atom::value, std::string{"jwt"});
  run();
  answer(rpc::method::authenticate, {"jwt"}, none);
  CAF_CHECK(result_of<value>(auth).is_none());
  auto info = self->request(s, caf::infinite, info_atom::value);
  run();
  answer(rpc::method::info, {}, value{{"id", record_id{"user", 1}}});
  CAF_CHECK(result_of<value>(info)["id"] == value{record_id{"user", 1}});
  auto inv = self->request(s, caf::infinite, invalidate_atom::value);
  run();
  answer(rpc::method::invalidate, {}, none);
  CAF_CHECK(result_of<value>(inv).is_none());
  auto ping = self->request(s, caf::infinite, ping_atom::value);
  run();
  answer(rpc::method::ping, {}, none);
  CAF_CHECK(result_of<value>(ping).is_none());
}

CAF_TEST(refresh trades the session token pair and keeps the new one) {
  auto frames = wire->sent.size();
  // Without a pair there is nothing to refresh or revoke.
  auto none_yet = self->request(s, caf::infinite, refresh_atom::value);
  auto no_revoke = self->request(s, caf::infinite, revoke_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(none_yet), errc::invalid_argument));
  CAF_CHECK(is(error_of<value>(no_revoke), errc::invalid_argument));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  value first{{"access", "a1"}, {"refresh", "r1"}};
  value second{{"access", "a2"}, {"refresh", "r2"}};
  value third{{"access", "a3"}, {"refresh", "r3"}};
  auto signin = self->request(s, caf::infinite, signin_atom::value,
                              credentials{record_credentials{"app", "main", "account", {}}});
  run();
  reply(last_request(), first);
  CAF_CHECK(result_of<value>(signin) == first);
  auto refresh = self->request(s, caf::infinite, refresh_atom::value);
  run();
  answer(rpc::method::refresh, {first}, second);
  CAF_CHECK(result_of<value>(refresh) == second);
  // The next refresh sends the pair it got last.
  auto again = self->request(s, caf::infinite, refresh_atom::value);
  run();
  answer(rpc::method::refresh, {second}, third);
  CAF_CHECK(result_of<value>(again) == third);
  auto revoke = self->request(s, caf::infinite, revoke_atom::value);
  run();
  answer(rpc::method::revoke, {third}, none);
  CAF_CHECK(result_of<value>(revoke).is_none());
  // Its refresh token is gone; the access token stays.
  frames = wire->sent.size();
  auto after = self->request(s, caf::infinite, refresh_atom::value);
  run();
  CAF_CHECK(is(error_of<value>(after), errc::invalid_argument));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(let and unset send name and value) {
  auto let = self->request(s, caf::infinite, let_atom::value, std::string{"x"}, value{42});
  run();
  answer(rpc::method::let, {"x", 42}, null);
  CAF_CHECK(result_of<value>(let).is_null());
  auto unset = self->request(s, caf::infinite, unset_atom::value, std::string{"x"});
  run();
  answer(rpc::method::unset, {"x"}, null);
  CAF_CHECK(result_of<value>(unset).is_null());
}

CAF_TEST(query replies one result per statement) {
  auto rh = self->request(s, caf::infinite, query_atom::value,
                          std::string{"RETURN $x; THROW 'no'"}, value::object{{"x", 1}});
  run();
  answer(rpc::method::query, {"RETURN $x; THROW 'no'", value{{"x", 1}}},
         value::array{
           value{{"status", "OK"}, {"time", "10µs"}, {"result", 1}},
           value{{"status", "ERR"}, {"time", "5µs"}, {"result", "An error occurred: no"},
                 {"kind", "Thrown"}},
         });
  auto results = result_of<query_results>(rh);
  CAF_REQUIRE_EQUAL(results.size(), 2u);
  CAF_CHECK(results[0].ok());
  CAF_CHECK(results[0].result == value{1});
  CAF_CHECK_EQUAL(results[0].time, "10µs");
  CAF_REQUIRE(!results[1].ok());
  CAF_CHECK(results[1].error->kind == rpc::error_kind::thrown);
}

CAF_TEST(a malformed query result is a protocol error) {
  auto rh = self->request(s, caf::infinite, query_atom::value, std::string{"RETURN 1"},
                          value::object{});
  run();
  reply(last_request(), "not an array");
  CAF_CHECK(is(error_of<query_results>(rh), errc::protocol_error));
}

CAF_TEST(version replies the string and refuses anything else) {
  auto ok = self->request(s, caf::infinite, version_atom::value);
  run();
  answer(rpc::method::version, {}, "surrealdb-3.0.2");
  CAF_CHECK_EQUAL(result_of<std::string>(ok), "surrealdb-3.0.2");
  auto bad = self->request(s, caf::infinite, version_atom::value);
  run();
  reply(last_request(), 3);
  CAF_CHECK(is(error_of<std::string>(bad), errc::protocol_error));
}

CAF_TEST(rpc passes any method through with its params) {
  auto rh = self->request(s, caf::infinite, rpc_atom::value, rpc::method::select,
                          value::array{table{"person"}});
  run();
  answer(rpc::method::select, {table{"person"}}, value::array{});
  CAF_CHECK(result_of<value>(rh) == value{value::array{}});
  // Attaching and detaching belong to new_session() and close().
  auto frames = wire->sent.size();
  auto detach = self->request(s, caf::infinite, rpc_atom::value, rpc::method::detach,
                              value::array{});
  run();
  CAF_CHECK(is(error_of<value>(detach), errc::invalid_argument));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(close detaches the session and later calls fail locally) {
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  answer(rpc::method::detach, {}, none);
  CAF_CHECK(result_of<value>(closing).is_none());
  auto frames = wire->sent.size();
  auto query = self->request(s, caf::infinite, query_atom::value, std::string{"RETURN 1"},
                             value::object{});
  auto ping = self->request(s, caf::infinite, ping_atom::value);
  auto version = self->request(s, caf::infinite, version_atom::value);
  run();
  CAF_CHECK(is(error_of<query_results>(query), errc::session_closed));
  CAF_CHECK(is(error_of<value>(ping), errc::session_closed));
  CAF_CHECK(is(error_of<std::string>(version), errc::session_closed));
  // Closing again has nothing left to do.
  auto again = self->request(s, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(result_of<value>(again).is_none());
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(calls made while closing are not sent) {
  auto closing = self->request(s, caf::infinite, close_atom::value);
  auto ping = self->request(s, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK_EQUAL(name(last_request().method), "detach");
  CAF_CHECK(is(error_of<value>(ping), errc::session_closed));
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(closing).is_none());
}

CAF_TEST(the default session cannot be closed) {
  auto d = default_session();
  auto frames = wire->sent.size();
  auto rh = self->request(d, caf::infinite, close_atom::value);
  run();
  auto err = error_of<value>(rh);
  CAF_CHECK(is(err, errc::invalid_argument));
  CAF_CHECK_EQUAL(describe(err), "surrealcaf: invalid_argument (the default session cannot be "
                                 "closed; close the connection)");
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  // It keeps working.
  self->send(d, ping_atom::value);
  run();
  CAF_CHECK(!last_request().session);
}

CAF_TEST(after the connection closed calls fail with connection_closed) {
  self->send(conn, close_atom::value);
  run();
  CAF_CHECK(wire->destroyed);
  auto frames = wire->sent.size();
  auto rh = self->request(s, caf::infinite, query_atom::value, std::string{"RETURN 1"},
                          value::object{});
  run();
  auto err = error_of<query_results>(rh);
  CAF_CHECK(is(err, errc::connection_closed));
  CAF_CHECK_EQUAL(describe(err), "surrealcaf: connection_closed (close() was called)");
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(a closed session ends with its last handle) {
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(closing).is_none());
  // The connection forgot the session when its detach went out, so the
  // caller's handle is the last one.
  self->monitor(s);
  auto addr = s.address();
  s = nullptr;
  run();
  CAF_REQUIRE(!self->mailbox().empty());
  bool session_down = false;
  self->receive([&](caf::down_msg& msg) { session_down = msg.source == addr; });
  CAF_CHECK(session_down);
  // The connection carries on.
  auto d = default_session();
  self->send(d, ping_atom::value);
  run();
  CAF_CHECK_EQUAL(name(last_request().method), "ping");
}

CAF_TEST(a session shut down by its connection ends with its last handle) {
  self->send(conn, close_atom::value);
  run();
  CAF_CHECK(wire->destroyed);
  self->monitor(s);
  auto addr = s.address();
  s = nullptr;
  run();
  // The close reply (true) came first.
  self->receive([](bool) {});
  CAF_REQUIRE(!self->mailbox().empty());
  bool session_down = false;
  self->receive([&](caf::down_msg& msg) { session_down = msg.source == addr; });
  CAF_CHECK(session_down);
}

CAF_TEST_FIXTURE_SCOPE_END()
