// The bounded queue behind connection_events: the latest state (an event is
// newer than the reply to observe), at most `limit` unread events with the
// oldest pushed out, and the final `closed` that always fits.
#define CAF_SUITE connection_event_queue

#include "surrealcaf/detail/connection_event_queue.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>
#include <cstdint>
#include <optional>

using namespace surrealcaf;
using namespace std::chrono_literals;
using detail::connection_event_queue;

namespace {

connection_event event(connection_state state, uint32_t attempt = 0) {
  connection_event x;
  x.state = state;
  x.attempt = attempt;
  return x;
}

// The attempt of what `pop` returned (0 for nothing), by value: CAF's checks
// bind references, which must not point into a temporary.
uint32_t attempt_of(std::optional<connection_event> x) {
  return x ? x->attempt : 0;
}

} // namespace

CAF_TEST(the reply to observe is the state until an event comes) {
  connection_event_queue q{4};
  CAF_CHECK(q.state().state == connection_state::connecting);
  q.start(connection_state::connected);
  CAF_CHECK(q.state().state == connection_state::connected);
  CAF_CHECK(q.push(event(connection_state::disconnected)));
  CAF_CHECK(q.state().state == connection_state::disconnected);
  CAF_CHECK_EQUAL(q.state().waiting, 1u);
}

CAF_TEST(an event that overtook the reply stays the state) {
  connection_event_queue q{4};
  CAF_CHECK(q.push(event(connection_state::disconnected)));
  q.start(connection_state::connected);
  CAF_CHECK(q.state().state == connection_state::disconnected);
}

CAF_TEST(a full queue pushes its oldest out and counts them) {
  connection_event_queue q{2};
  for (uint32_t n = 1; n <= 5; ++n)
    CAF_CHECK(q.push(event(connection_state::reconnecting, n)));
  CAF_CHECK_EQUAL(q.state().waiting, 2u);
  CAF_CHECK_EQUAL(q.state().dropped, 3u);
  CAF_CHECK_EQUAL(attempt_of(q.pop(0ms)), 4u);
  CAF_CHECK_EQUAL(attempt_of(q.pop(0ms)), 5u);
  CAF_CHECK(!q.pop(0ms));
}

CAF_TEST(closed fits in a full queue and nothing follows it) {
  connection_event_queue q{2};
  q.push(event(connection_state::reconnecting, 1));
  q.push(event(connection_state::reconnecting, 2));
  CAF_CHECK(!q.push(event(connection_state::closed)));
  CAF_CHECK(!q.push(event(connection_state::connected)));
  CAF_CHECK(q.state().state == connection_state::closed);
  CAF_CHECK_EQUAL(q.state().waiting, 3u);
  CAF_CHECK_EQUAL(q.state().dropped, 0u);
  CAF_CHECK_EQUAL(attempt_of(q.pop(0ms)), 1u);
  CAF_CHECK_EQUAL(attempt_of(q.pop(0ms)), 2u);
  CAF_CHECK(!q.state().ended);
  CAF_CHECK(q.pop(0ms)->state == connection_state::closed);
  CAF_CHECK(q.state().ended);
  CAF_CHECK(!q.pop(1s));
}
