// sessions() on the blocking and async connections over a mock connection:
// both faces reach sessions_atom and hand back its UUIDs; its errors come
// back as surreal_error; an empty handle, a closed connection and one that
// is gone fail.
#define CAF_SUITE faces_sessions

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"

#include "caf/scoped_actor.hpp"
#include "caf/system_messages.hpp"
#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "surreal_error_of.hpp"

#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;

CAF_TEST_FIXTURE_SCOPE(faces_sessions_tests, faces_fixture)

CAF_TEST(sessions lists the connection s sessions on both faces) {
  CAF_CHECK(conn.sessions().empty());
  auto a = conn.new_session();
  auto b = conn.async().new_session().get();
  CAF_REQUIRE(a && b);
  // The mock lists its added sessions as mock ids 1, 2.
  std::vector<uuid> both{mock_id(1), mock_id(2)};
  CAF_CHECK(conn.sessions() == both);
  CAF_CHECK(conn.async().sessions().get() == both);
  // It asked the connection, not a session.
  CAF_CHECK_EQUAL(dflt()->received.load(), 0);
}

CAF_TEST(an error of the connection actor is a surreal_error of the same code) {
  log->sessions_fail = true;
  CAF_CHECK(error_of([&] { conn.sessions(); }).code() == errc::protocol_error);
  CAF_CHECK(error_of([&] { conn.async().sessions().get(); }).code() == errc::protocol_error);
}

CAF_TEST(sessions fails on an empty handle and after close) {
  CAF_CHECK(error_of([] { blocking_connection{}.sessions(); }).code() == errc::invalid_argument);
  CAF_CHECK(error_of([] { async_connection{}.sessions().get(); }).code() == errc::invalid_argument);
  conn.close();
  CAF_CHECK(error_of([&] { conn.sessions(); }).code() == errc::connection_closed);
  CAF_CHECK(error_of([&] { conn.async().sessions().get(); }).code() == errc::connection_closed);
}

CAF_TEST(sessions fails with connection_closed once the connection actor is gone) {
  caf::scoped_actor self{sys};
  self->monitor(mock);
  caf::anon_send_exit(mock, caf::exit_reason::user_shutdown);
  self->receive([](caf::down_msg&) {});
  auto err = error_of([&] { conn.sessions(); });
  CAF_MESSAGE(err.what());
  CAF_CHECK(err.code() == errc::connection_closed);
}

CAF_TEST_FIXTURE_SCOPE_END()
