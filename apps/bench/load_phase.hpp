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

/// Latencies in fixed memory (18 KiB, whatever the number of calls), so
/// that a long run's own bookkeeping does not show up in the client's RSS:
/// 1 ns buckets below 128 ns, then 64 buckets per power of two (within
/// 1.6%).
class latency_histogram {
public:
  void add(clock_type::duration d);
  uint64_t count() const { return count_; }
  /// The latency at quantile `q` (0..1) in microseconds (its bucket's
  /// middle); 0 when empty.
  double percentile_us(double q) const;
  void merge(const latency_histogram& other);

private:
  static constexpr size_t buckets = 128 + 34 * 64;
  std::vector<uint64_t> counts_ = std::vector<uint64_t>(buckets);
  uint64_t count_ = 0;
};

/// What one phase saw: each completed call's latency, and the failures.
struct phase_result {
  latency_histogram latencies;
  uint64_t errors = 0;
  std::string first_error;
  double seconds = 0;

  void ok(clock_type::time_point started, clock_type::time_point ended) {
    latencies.add(ended - started);
  }
  void failed(clock_type::time_point started, clock_type::time_point ended, std::string what) {
    ok(started, ended);
    if (errors++ == 0)
      first_error = std::move(what);
  }
  /// Adds another thread's share.
  void merge(phase_result&& other);
};

} // namespace surrealcaf::bench
