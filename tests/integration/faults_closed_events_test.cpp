// Watching a connection that the network already closed (reconnect off):
// events() gives a stream holding just its `closed` event, as
// connection.hpp promises, instead of failing.
#define CAF_SUITE faults_closed_events

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"

#include <chrono>
#include <optional>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;

CAF_TEST_FIXTURE_SCOPE(faults_closed_events_tests, test::fault_fixture)

CAF_TEST(events after the network closed the connection hold just closed) {
  auto opts = test::fast_reconnect();
  opts.reconnect.enabled = false;
  auto conn = test::connect_proxied(opts);
  auto first = conn.events();
  proxy.drop();
  test::events_until(first, state::closed);
  std::optional<connection_events> late;
  try {
    late = conn.events();
  } catch (const surreal_error& err) {
    CAF_FAIL("events() on a connection the network closed threw: " << err.what());
  }
  CAF_CHECK(late->state() == state::closed);
  auto last = late->next(1s);
  CAF_REQUIRE(last);
  CAF_CHECK(last->state == state::closed);
  CAF_CHECK(last->code == errc::connection_closed);
  CAF_CHECK(late->ended());
}

CAF_TEST_FIXTURE_SCOPE_END()
