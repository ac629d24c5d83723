#pragma once

#include <chrono>
#include <cstdint>

namespace surrealcaf {

/// How `retry_transaction` (retry_transaction.hpp) retries a transaction
/// that lost a write conflict. Plain data.
///
/// Attempt `n` (the first is 1) that failed with `errc::transaction_conflict`
/// is followed, if `n < max_attempts`, by a wait of `initial_delay`, then
/// each time `multiplier` times longer up to `max_delay`, each wait shifted
/// at random by up to `jitter` of itself, so that the writers that collided
/// do not collide again at once. The schedule is the reconnect schedule's
/// (reconnect_options.hpp) with these numbers.
struct retry_options {
  /// Runs of the transaction at most, the first one included. At least 1.
  uint32_t max_attempts = 5;
  /// The wait after the first conflict. Positive.
  std::chrono::milliseconds initial_delay{10};
  /// The longest wait between two runs (before jitter). Not below
  /// `initial_delay`.
  std::chrono::milliseconds max_delay{1'000};
  /// How much longer each wait is than the one before. At least 1.
  double multiplier = 2.0;
  /// Each wait is shifted by a random amount within ±`jitter` of itself.
  /// Between 0 and 1.
  double jitter = 0.5;
};

} // namespace surrealcaf
