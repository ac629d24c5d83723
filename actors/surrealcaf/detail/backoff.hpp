#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "surrealcaf/reconnect_options.hpp"

namespace surrealcaf::detail {

// The reconnect schedule that `reconnect_options` describes, without a
// clock or a random source: the caller passes the time and the random
// number, so the same inputs always give the same answer.

/// How long to wait before attempt `attempt` (the first is 1; 0 counts as
/// 1): `initial_delay`, then each attempt `multiplier` times longer, at most
/// `max_delay`, then shifted by `(2 * random01 - 1) * jitter` of itself.
/// `random01` is a uniform random number in [0, 1] (clamped to it); 0.5
/// gives the wait without jitter. Never negative, and no overflow for any
/// `attempt`. Options that `reconnect_options_problem` refuses still give
/// some wait in [0, max(max_delay, 0) * 2].
std::chrono::milliseconds reconnect_delay(const reconnect_options& opts, uint32_t attempt,
                                          double random01);

/// True when no new attempt may start: `failed_attempts` reached
/// `max_attempts` (unless 0, no limit), or `since_loss` (time since the
/// socket was lost) reached `give_up_after` (unless 0, no limit).
bool reconnect_gives_up(const reconnect_options& opts, uint32_t failed_attempts,
                        std::chrono::milliseconds since_loss);

/// Empty when `opts` are valid (checked also when `enabled` is off), else
/// every problem, separated by "; ", for an `errc::invalid_argument`:
/// `initial_delay` not positive, `max_delay` below `initial_delay`,
/// `multiplier` below 1 (or NaN), `jitter` outside [0, 1], `max_waiting_calls`
/// zero, `give_up_after` negative.
std::string reconnect_options_problem(const reconnect_options& opts);

} // namespace surrealcaf::detail
