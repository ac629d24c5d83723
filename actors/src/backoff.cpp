#include "surrealcaf/detail/backoff.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace surrealcaf::detail {

namespace {

// Clamped to [0, 1], NaN as 0.
double unit(double x) {
  return x >= 0 ? std::min(x, 1.0) : 0.0;
}

} // namespace

std::chrono::milliseconds reconnect_delay(const reconnect_options& opts, uint32_t attempt,
                                          double random01) {
  auto initial = static_cast<double>(opts.initial_delay.count());
  auto max = static_cast<double>(std::max(opts.max_delay.count(), int64_t{0}));
  // A multiplier below 1 (or NaN) would shrink the waits; it stays at 1.
  auto multiplier = opts.multiplier >= 1 ? opts.multiplier : 1.0;
  auto steps = attempt > 1 ? attempt - 1 : 0u;
  // Doubles do not overflow: a huge attempt gives infinity, which the cap
  // turns into max_delay before anything becomes an integer.
  auto base = initial * std::pow(multiplier, static_cast<double>(steps));
  if (!(base < max))
    base = max;
  auto jittered = base + (2 * unit(random01) - 1) * unit(opts.jitter) * base;
  if (!(jittered > 0))
    return std::chrono::milliseconds{0};
  // 2^63 is exact in a double; anything below it fits an int64.
  if (jittered >= static_cast<double>(std::numeric_limits<int64_t>::max()))
    return std::chrono::milliseconds::max();
  return std::chrono::milliseconds{std::llround(jittered)};
}

bool reconnect_gives_up(const reconnect_options& opts, uint32_t failed_attempts,
                        std::chrono::milliseconds since_loss) {
  if (opts.max_attempts != 0 && failed_attempts >= opts.max_attempts)
    return true;
  return opts.give_up_after.count() > 0 && since_loss >= opts.give_up_after;
}

std::string reconnect_options_problem(const reconnect_options& opts) {
  std::string result;
  auto problem = [&result](const char* text) {
    if (!result.empty())
      result += "; ";
    result += text;
  };
  if (opts.initial_delay.count() <= 0)
    problem("reconnect.initial_delay must be positive");
  if (opts.max_delay < opts.initial_delay)
    problem("reconnect.max_delay must not be below reconnect.initial_delay");
  if (!(opts.multiplier >= 1))
    problem("reconnect.multiplier must be at least 1");
  if (!(opts.jitter >= 0 && opts.jitter <= 1))
    problem("reconnect.jitter must be between 0 and 1");
  if (opts.max_waiting_calls == 0)
    problem("reconnect.max_waiting_calls must be positive");
  if (opts.give_up_after.count() < 0)
    problem("reconnect.give_up_after must not be negative");
  return result;
}

} // namespace surrealcaf::detail
