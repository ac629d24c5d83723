// counters() on the blocking and async connections over a mock connection:
// what the connection answers to counters_atom, on both faces; an empty
// handle and a closed connection fail.
#define CAF_SUITE faces_counters

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "surreal_error_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

connection_counters some_counters() {
  connection_counters x;
  x.in_flight = 2;
  x.waiting = 1;
  x.sent = 40;
  x.answered = 37;
  x.answered_with_error = 3;
  x.timed_out = 1;
  x.lost = 0;
  x.dropped.undecodable = 1;
  x.dropped.stray_replies = 2;
  x.dropped.unrouted_notifications = 4;
  return x;
}

void check_same(const connection_counters& x, const connection_counters& y) {
  CAF_CHECK_EQUAL(x.in_flight, y.in_flight);
  CAF_CHECK_EQUAL(x.waiting, y.waiting);
  CAF_CHECK_EQUAL(x.sent, y.sent);
  CAF_CHECK_EQUAL(x.answered, y.answered);
  CAF_CHECK_EQUAL(x.answered_with_error, y.answered_with_error);
  CAF_CHECK_EQUAL(x.timed_out, y.timed_out);
  CAF_CHECK_EQUAL(x.lost, y.lost);
  CAF_CHECK_EQUAL(x.dropped.undecodable, y.dropped.undecodable);
  CAF_CHECK_EQUAL(x.dropped.stray_replies, y.dropped.stray_replies);
  CAF_CHECK_EQUAL(x.dropped.unrouted_notifications, y.dropped.unrouted_notifications);
  CAF_CHECK_EQUAL(x.dropped.total(), y.dropped.total());
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faces_counters_tests, faces_fixture)

CAF_TEST(counters reads the connection s counters on both faces) {
  log->counters = some_counters();
  check_same(conn.counters(), some_counters());
  check_same(conn.async().counters().get(), some_counters());
  CAF_CHECK_EQUAL(some_counters().dropped.total(), 7u);
}

CAF_TEST(counters fails on an empty handle and after close) {
  CAF_CHECK(error_of([] { blocking_connection{}.counters(); }).code() == errc::invalid_argument);
  CAF_CHECK(error_of([] { async_connection{}.counters().get(); }).code() == errc::invalid_argument);
  conn.close();
  CAF_CHECK(error_of([&] { conn.counters(); }).code() == errc::connection_closed);
}

CAF_TEST_FIXTURE_SCOPE_END()
