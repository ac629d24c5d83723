#pragma once

// One client of the bench matrix, set up for one cell (connected, signed in,
// its sessions open) and able to run timed phases of calls.

#include <memory>

#include "bench_options.hpp"
#include "load_phase.hpp"

namespace surrealcaf::bench {

class load_client {
public:
  virtual ~load_client() = default;

  /// Runs calls of the cell's workload, `window()` in flight spread over
  /// `sessions()` sessions, until the limits are reached and every call
  /// started has ended.
  virtual phase_result run(const phase_limits& limits) = 0;
};

/// Plain Boost.Beast: one thread, synchronous reads and writes, the faces'
/// frames encoded once (request_frames.hpp). No actor system.
std::unique_ptr<load_client> make_raw_client(const options& opts);
/// The async face: a window of futures.
std::unique_ptr<load_client> make_async_client(const options& opts);
/// The blocking face: one thread per call in flight.
std::unique_ptr<load_client> make_blocking_client(const options& opts);
/// The actor face: an event-based actor keeping the window full with
/// request(...).then(...).
std::unique_ptr<load_client> make_actor_client(const options& opts);

} // namespace surrealcaf::bench
