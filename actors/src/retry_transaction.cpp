// The non-template parts of retry_transaction.hpp: checking the options, the
// backoff between runs, and the async face's timer.

#include "surrealcaf/retry_transaction.hpp"

#include <random>

#include "caf/actor_cast.hpp"
#include "caf/event_based_actor.hpp"

#include "surrealcaf/detail/backoff.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf::detail {

void check_retry_options(const retry_options& opts) {
  std::string problems;
  auto problem = [&problems](const char* text) {
    if (!problems.empty())
      problems += "; ";
    problems += text;
  };
  if (opts.max_attempts == 0)
    problem("max_attempts must be at least 1");
  if (opts.initial_delay.count() <= 0)
    problem("initial_delay must be positive");
  if (opts.max_delay < opts.initial_delay)
    problem("max_delay must not be below initial_delay");
  if (!(opts.multiplier >= 1))
    problem("multiplier must be at least 1");
  if (!(opts.jitter >= 0 && opts.jitter <= 1))
    problem("jitter must be between 0 and 1");
  if (!problems.empty())
    throw surreal_error{errc::invalid_argument, "retry_options: " + problems};
}

std::chrono::milliseconds retry_delay(const retry_options& opts, uint32_t attempt) {
  thread_local std::minstd_rand random{std::random_device{}()};
  reconnect_options schedule;
  schedule.initial_delay = opts.initial_delay;
  schedule.max_delay = opts.max_delay;
  schedule.multiplier = opts.multiplier;
  schedule.jitter = opts.jitter;
  return reconnect_delay(schedule, attempt, std::uniform_real_distribution<double>{0, 1}(random));
}

bool run_after(const async_session& session, std::chrono::milliseconds delay,
               std::function<void()> job) {
  const auto& core = face_access::core(session);
  if (!core)
    return false;
  // The timer message is destroyed after the bridge handled it, outside the
  // bridge's actor_thread_scope: it holds only this slot, which the handler
  // empties, so whatever `job` holds is released inside the scope
  // (runtime.hpp).
  auto slot = std::make_shared<std::function<void()>>(std::move(job));
  bridge_job fire = [slot](caf::event_based_actor*) {
    auto f = std::move(*slot);
    *slot = nullptr;
    if (f)
      f();
  };
  core->connection()->rt().run([delay, fire = std::move(fire)](caf::event_based_actor* self) {
    self->delayed_send(caf::actor_cast<caf::actor>(self), delay, fire);
  });
  return true;
}

} // namespace surrealcaf::detail
