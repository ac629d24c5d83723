#pragma once

// One timed phase of a bench cell (the warm-up or the measured run) and what
// it collected. Every client of surrealcaf_bench_client fills the same
// `phase_result`, so they are timed and reported by one piece of code.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace surrealcaf::bench {

using clock_type = std::chrono::steady_clock;

/// When a phase ends: after `seconds` or `count` calls, whichever is first.
struct phase_limits {
  double seconds;
  uint64_t count;
};

/// Hands out the right to start a call until the phase's limits are reached.
/// Thread-safe (the blocking client's threads share one).
class phase_gate {
public:
  explicit phase_gate(const phase_limits& limits)
    : deadline_(clock_type::now()
                + std::chrono::duration_cast<clock_type::duration>(
                  std::chrono::duration<double>(limits.seconds))),
      count_(limits.count) {}

  /// True when one more call may start (and counts it).
  bool take() {
    if (issued_.fetch_add(1, std::memory_order_relaxed) >= count_)
      return false;
    return clock_type::now() < deadline_;
  }

private:
  clock_type::time_point deadline_;
  uint64_t count_;
  std::atomic<uint64_t> issued_{0};
};

/// What one phase saw: each completed call's latency, and the failures.
struct phase_result {
  std::vector<double> latencies_us;
  uint64_t errors = 0;
  std::string first_error;
  double seconds = 0;

  void ok(clock_type::time_point started, clock_type::time_point ended) {
    latencies_us.push_back(std::chrono::duration<double, std::micro>(ended - started).count());
  }
  void failed(clock_type::time_point started, clock_type::time_point ended, std::string what) {
    ok(started, ended);
    if (errors++ == 0)
      first_error = std::move(what);
  }
  /// Adds another thread's share.
  void merge(phase_result&& other);
};

/// The value at quantile `q` (0..1) of `xs` (reordered); 0 when empty.
double percentile(std::vector<double>& xs, double q);

} // namespace surrealcaf::bench
