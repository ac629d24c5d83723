#pragma once

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>

#include "surrealcaf/exception.hpp"
#include "surrealcaf/future.hpp"
#include "surrealcaf/retry_options.hpp"
#include "surrealcaf/session.hpp"

// Re-running a transaction that lost a write conflict, on the blocking and
// the async face. No actor-system header is included here.

namespace surrealcaf {

namespace detail {

/// Throws `surreal_error` with `errc::invalid_argument` unless `opts` are
/// valid (see retry_options.hpp).
void check_retry_options(const retry_options& opts);

/// The wait after the failed attempt `attempt` (the first is 1), jitter
/// included (`reconnect_delay` with `opts`' numbers).
std::chrono::milliseconds retry_delay(const retry_options& opts, uint32_t attempt);

/// Runs `job` on a thread of `session`'s actor system once `delay` passed,
/// without blocking any thread meanwhile (a timer of the faces' bridge
/// actor). `job` is released there too. False, and `job` dropped, for an
/// empty handle.
bool run_after(const async_session& session, std::chrono::milliseconds delay,
               std::function<void()> job);

/// True for the error a retry is for.
inline bool is_conflict(const std::exception_ptr& err) {
  try {
    std::rethrow_exception(err);
  } catch (const surreal_error& x) {
    return x.code() == errc::transaction_conflict;
  } catch (...) {
    return false;
  }
}

template <class T>
struct future_value {
  static constexpr bool is_future = false;
};

template <class T>
struct future_value<future<T>> {
  static constexpr bool is_future = true;
  using type = T;
};

/// One `retry_transaction` of the async face in progress. Owned by the
/// continuation of the attempt in flight or by the timer of the next one;
/// destroyed unfinished (its actor system shut down first), it fails the
/// future with `errc::connection_closed`.
template <class R, class F>
class retry_run : public std::enable_shared_from_this<retry_run<R, F>> {
public:
  retry_run(async_session session, F fn, retry_options opts)
    : session_(std::move(session)), fn_(std::move(fn)), opts_(opts) {
  }

  ~retry_run() {
    if (!settled_)
      done_.set_exception(std::make_exception_ptr(surreal_error{
        errc::connection_closed,
        "retry_transaction: the connection's runtime shut down before the next attempt"}));
  }

  retry_run(const retry_run&) = delete;
  retry_run& operator=(const retry_run&) = delete;

  future<R> result() {
    return done_.get_future();
  }

  /// Runs the next attempt: `fn` on this thread, its outcome on whichever
  /// thread completes its future.
  void start() {
    ++attempt_;
    future<R> f;
    try {
      f = fn_(session_);
    } catch (...) {
      finished(std::current_exception());
      return;
    }
    if (!f.valid()) {
      finished(std::make_exception_ptr(surreal_error{
        errc::invalid_argument, "retry_transaction: the function returned an invalid future"}));
      return;
    }
    f.then([self = this->shared_from_this()](future<R> x) { self->completed(std::move(x)); });
  }

private:
  void completed(future<R> x) {
    try {
      if constexpr (std::is_void_v<R>) {
        x.get();
        settle([&] { done_.set_value(); });
      } else {
        auto value = x.get();
        settle([&] { done_.set_value(std::move(value)); });
      }
    } catch (...) {
      finished(std::current_exception());
    }
  }

  // The attempt failed with `err`: retry after the backoff, or give up.
  void finished(std::exception_ptr err) {
    if (attempt_ < opts_.max_attempts && is_conflict(err)) {
      auto self = this->shared_from_this();
      if (run_after(session_, retry_delay(opts_, attempt_), [self] { self->start(); }))
        return;
    }
    settle([&] { done_.set_exception(std::move(err)); });
  }

  template <class Set>
  void settle(Set set) {
    settled_ = true;
    set();
  }

  async_session session_;
  F fn_;
  retry_options opts_;
  promise<R> done_;
  uint32_t attempt_ = 0;
  bool settled_ = false;
};

} // namespace detail

/// Runs `fn(session)`, a function that runs one transaction on `session`
/// (typically `begin_transaction()`, its calls, `commit()`; or one `query`
/// with `BEGIN ... COMMIT`), and runs it again while it fails with
/// `errc::transaction_conflict`: the write conflict a commit (or a
/// statement) loses to a concurrent transaction, which only a new
/// transaction can retry. Between two runs it waits as `opts` say (an
/// exponential backoff with jitter). Returns what the successful run
/// returned.
///
/// `fn` is called with a copy of `session` (as `blocking_session&`), at
/// most `opts.max_attempts` times, and must start from scratch each time:
/// begin a new transaction and read again what it read before, since the
/// data changed under it. A transaction handle it drops unfinished is
/// cancelled (transaction.hpp), so a run that throws leaves nothing open.
///
/// Errors: any error but a conflict (any exception, not only a
/// `surreal_error`) is rethrown at once, without another run; after the last
/// attempt the last conflict is rethrown. Invalid `opts` and an empty
/// `session` throw `errc::invalid_argument` before `fn` runs.
///
/// Thread: the caller's, which it blocks (for the runs and the waits, as the
/// blocking face does); never from a thread of the session's actor system.
template <class F>
auto retry_transaction(const blocking_session& session, F&& fn, const retry_options& opts = {})
  -> std::invoke_result_t<F&, blocking_session&> {
  detail::check_retry_options(opts);
  if (!session)
    throw surreal_error{errc::invalid_argument, "retry_transaction: empty handle"};
  blocking_session s = session;
  for (uint32_t attempt = 1;; ++attempt) {
    try {
      return fn(s);
    } catch (const surreal_error& err) {
      if (err.code() != errc::transaction_conflict || attempt >= opts.max_attempts)
        throw;
    }
    std::this_thread::sleep_for(detail::retry_delay(opts, attempt));
  }
}

/// The async face's `retry_transaction`: `fn(session)` (with a copy of
/// `session`, as `async_session&`) starts one transaction and returns the
/// `future<R>` of its outcome (e.g. a chain of `then` continuations ending
/// in the commit's result); it is run again while that future fails with
/// `errc::transaction_conflict`, as on the blocking face. Returns a
/// `future<R>` at once, which holds what the successful run's future held,
/// or the error that ended the retries (an exception `fn` throws counts as
/// its future's error).
///
/// Threads: the first run on the calling thread; each later run on a thread
/// of the session's actor system, after a timer (no thread waits for the
/// backoff). So `fn` must behave as a `then` continuation does: start its
/// calls and return, never block (no blocking-face call, no `get()`).
///
/// Errors and options as on the blocking face; invalid `opts` and an empty
/// `session` fail the future at once (`errc::invalid_argument`) without
/// running `fn`. If the actor system shuts down during a wait, the future
/// fails with `errc::connection_closed`.
template <class F, class Result = std::invoke_result_t<std::decay_t<F>&, async_session&>,
          class R = typename detail::future_value<Result>::type>
future<R> retry_transaction(const async_session& session, F&& fn, const retry_options& opts = {}) {
  try {
    detail::check_retry_options(opts);
    if (!session)
      throw surreal_error{errc::invalid_argument, "retry_transaction: empty handle"};
  } catch (...) {
    detail::promise<R> p;
    p.set_exception(std::current_exception());
    return p.get_future();
  }
  auto run = std::make_shared<detail::retry_run<R, std::decay_t<F>>>(session, std::forward<F>(fn),
                                                                     opts);
  auto result = run->result();
  run->start();
  return result;
}

} // namespace surrealcaf
