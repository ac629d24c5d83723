#pragma once

// How a live stream of the faces must end when killed, checked alike by the
// faces' unit tests (on a mock session) and integration tests (on the engine).

#include "surrealcaf/live_stream.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>

namespace surrealcaf::test {

/// Kills `stream`, which must then deliver one final `killed` notification,
/// report `ended()` and deliver nothing more.
inline void check_kill_ends(live_stream& stream) {
  using namespace std::chrono_literals;
  stream.kill();
  auto last = stream.next(5s);
  CAF_REQUIRE(last);
  CAF_CHECK(last->action == rpc::live_action::killed);
  CAF_CHECK(stream.ended());
  CAF_CHECK(!stream.next(1s));
}

} // namespace surrealcaf::test
