#pragma once

#include <chrono>
#include <condition_variable>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

// What a call of the async face returns: a future that can also run a
// continuation when it becomes ready, so a program can keep many calls in
// flight without parking a thread on each. No CAF header is included here.

namespace surrealcaf {

template <class T>
class future;

namespace detail {

template <class T>
class future_state;

template <class T>
class promise;

} // namespace detail

/// The result of one call, once it is in: `get()` returns it or throws
/// (`surreal_error`, or `conversion_error` for the typed calls).
///
/// Waiting: `get`, `wait`, `wait_for` and `wait_until` block the calling
/// thread, like `std::future`'s (never call them on a thread of the
/// library's actor system, e.g. inside a continuation).
///
/// Continuations: `then(f)` calls `f(future<T>)` with this future once it is
/// ready; inside `f`, `get()` does not wait. At most one continuation per
/// future, and `then` consumes it (`valid()` is false afterwards).
/// - `then(f)` runs `f` on the thread that completed the call: a thread of
///   the connection's actor system. Keep it short and never block there (no
///   blocking-face call, no `get()` on another future); starting more async
///   calls is fine. If the future is ready already, `f` runs at once on the
///   calling thread.
/// - `then(ex, f)` hands a task to the executor `ex` instead: `ex(task)`
///   with a callable `task()` that runs `f`; `ex` is called on the
///   completing thread, so it must only queue the task (e.g.
///   `[&](auto t) { boost::asio::post(io, std::move(t)); }`). `f` then runs
///   wherever `ex` runs its tasks.
/// An exception thrown by `f` (or `ex`) is swallowed: nobody could catch it.
///
/// `std::future<T>` is one option too: a `future<T>` converts to one
/// (implicitly, from an rvalue), for code written against the standard type.
///
/// Thread safety: one `future` is used by one thread at a time (as
/// `std::future`); the call behind it completes it from another thread.
/// A future keeps nothing alive but its own result, and after `then` the
/// continuation with what it captured, until the call completes (every call
/// does, at the latest at its deadline or when its connection closes);
/// dropping an unfinished future is fine.
template <class T>
class future {
public:
  /// What `get()` returns (`void` for calls without a result).
  using value_type = T;

  /// An invalid future (`valid()` is false).
  future() noexcept = default;

  /// Move-only, as `std::future`; the source becomes invalid.
  ///@{
  future(future&&) noexcept = default;
  future& operator=(future&&) noexcept = default;
  ///@}
  future(const future&) = delete;
  future& operator=(const future&) = delete;

  /// False for a default-constructed, moved-from or consumed (`get`,
  /// `then`) future; calling anything but `valid` and `is_ready` on it is
  /// undefined, as for `std::future`.
  bool valid() const noexcept {
    return state_ != nullptr;
  }

  /// True once the result is in (never waits).
  bool is_ready() const {
    return state_ && state_->ready();
  }

  /// Blocks until the result is in (at the latest at the call's deadline);
  /// the result stays for `get`.
  void wait() const {
    state_->wait();
  }

  /// Blocks until the result is in or the time is up, as `std::future`'s:
  /// `ready` or `timeout` (never `deferred`).
  ///@{
  template <class Rep, class Period>
  std::future_status wait_for(const std::chrono::duration<Rep, Period>& d) const {
    return state_->wait_until(std::chrono::steady_clock::now() + d) ? std::future_status::ready
                                                                    : std::future_status::timeout;
  }

  template <class Clock, class Duration>
  std::future_status wait_until(const std::chrono::time_point<Clock, Duration>& t) const {
    return wait_for(t - Clock::now());
  }
  ///@}

  /// Waits, then returns the result or throws; consumes the future.
  T get() {
    auto st = std::move(state_);
    st->wait();
    return st->take();
  }

  /// Runs `f(future<T>)` once this future is ready (see the class comment
  /// for the thread); consumes this future.
  template <class F>
  void then(F f) {
    auto st = std::move(state_);
    auto* raw = st.get();
    raw->on_ready([st = std::move(st), f = std::move(f)]() mutable {
      try {
        f(future<T>{std::move(st)});
      } catch (...) {
      }
    });
  }

  /// Hands `f(future<T>)` to the executor `ex` once this future is ready;
  /// consumes this future.
  template <class Executor, class F>
  void then(Executor ex, F f) {
    auto st = std::move(state_);
    auto* raw = st.get();
    raw->on_ready([st = std::move(st), ex = std::move(ex), f = std::move(f)]() mutable {
      try {
        ex([st = std::move(st), f = std::move(f)]() mutable {
          try {
            f(future<T>{std::move(st)});
          } catch (...) {
          }
        });
      } catch (...) {
      }
    });
  }

  /// The same result as a `std::future<T>`; consumes this future.
  operator std::future<T>() && {
    auto p = std::make_shared<std::promise<T>>();
    auto result = p->get_future();
    then([p](future<T> f) {
      try {
        if constexpr (std::is_void_v<T>) {
          f.get();
          p->set_value();
        } else {
          p->set_value(f.get());
        }
      } catch (...) {
        p->set_exception(std::current_exception());
      }
    });
    return result;
  }

private:
  friend class detail::promise<T>;

  explicit future(std::shared_ptr<detail::future_state<T>> st) noexcept : state_(std::move(st)) {
  }

  std::shared_ptr<detail::future_state<T>> state_;
};

namespace detail {

/// The state a `future` and its `promise` share: the result once it is in,
/// and the continuation to run then. Completed once, from any thread.
template <class T>
class future_state {
public:
  using stored = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

  bool ready() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return ready_;
  }

  void wait() const {
    std::unique_lock<std::mutex> guard{mtx_};
    cv_.wait(guard, [this] { return ready_; });
  }

  bool wait_until(std::chrono::steady_clock::time_point t) const {
    std::unique_lock<std::mutex> guard{mtx_};
    return cv_.wait_until(guard, t, [this] { return ready_; });
  }

  // Called once ready, by the future's one user.
  T take() {
    if (error_)
      std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<T>)
      return std::move(*value_);
  }

  template <class... Ts>
  void set_value(Ts&&... xs) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (ready_)
      return;
    value_.emplace(std::forward<Ts>(xs)...);
    complete(guard);
  }

  void set_exception(std::exception_ptr err) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (ready_)
      return;
    error_ = std::move(err);
    complete(guard);
  }

  // Runs `k()` once ready: now (on this thread) if it is, else on the
  // thread that completes the state. `k` may be move-only.
  template <class K>
  void on_ready(K k) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (!ready_) {
      then_ = std::make_unique<continuation<K>>(std::move(k));
      return;
    }
    guard.unlock();
    k();
  }

private:
  // A continuation of any type (std::function would need a copyable one).
  struct continuation_base {
    virtual ~continuation_base() = default;
    virtual void run() = 0;
  };

  template <class K>
  struct continuation final : continuation_base {
    explicit continuation(K k) : k(std::move(k)) {
    }
    void run() override {
      k();
    }
    K k;
  };

  void complete(std::unique_lock<std::mutex>& guard) {
    ready_ = true;
    auto k = std::move(then_);
    guard.unlock();
    cv_.notify_all();
    if (k)
      k->run();
  }

  mutable std::mutex mtx_;
  mutable std::condition_variable cv_;
  bool ready_ = false;
  std::optional<stored> value_;
  std::exception_ptr error_;
  // Holds a reference to this state until it runs.
  std::unique_ptr<continuation_base> then_;
};

/// The completing side of a `future`: `set_value` or `set_exception`, once
/// (later ones are ignored). Copies share one state.
template <class T>
class promise {
public:
  promise() : state_(std::make_shared<future_state<T>>()) {
  }

  future<T> get_future() const {
    return future<T>{state_};
  }

  template <class... Ts>
  void set_value(Ts&&... xs) const {
    state_->set_value(std::forward<Ts>(xs)...);
  }

  void set_exception(std::exception_ptr err) const {
    state_->set_exception(std::move(err));
  }

private:
  std::shared_ptr<future_state<T>> state_;
};

} // namespace detail

} // namespace surrealcaf
