#pragma once

// One call through the bridge (runtime.hpp): its state, the request that
// carries it, and how the blocking face waits for it. Internal.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "caf/duration.hpp"
#include "caf/error.hpp"
#include "caf/event_based_actor.hpp"

#include "surrealcaf/detail/lifeline.hpp"
#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/detail/to_exception.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/future.hpp"

namespace surrealcaf::detail {

/// A future that is ready with `err`.
template <class R>
future<R> failed_future(const surreal_error& err) {
  promise<R> p;
  p.set_exception(std::make_exception_ptr(err));
  return p.get_future();
}

/// A future that is ready already: for a call with nothing left to do.
inline future<void> ready_future() {
  promise<void> p;
  p.set_value();
  return p.get_future();
}

/// The state of one call in flight: its promise and the conversion of the
/// reply into the future's value. Exactly one of `deliver` and `fail` runs,
/// on the bridge or on the replying thread (reply_sink.hpp); both release
/// everything they hold before returning, inside
/// an `actor_thread_scope` (runtime.hpp). A state destroyed unfinished (its
/// runtime shut down) fails its future with `errc::connection_closed`.
template <class R, class Convert>
class call_state {
public:
  /// `life` picks the error for a vanished actor; `name` names the call.
  call_state(Convert convert, std::shared_ptr<const lifeline> life, const char* name)
    : promise_(std::in_place), convert_(std::move(convert)), life_(std::move(life)), name_(name) {
  }

  ~call_state() {
    if (promise_)
      promise_->set_exception(std::make_exception_ptr(surreal_error{
        errc::connection_closed, std::string{name_} + ": the connection's runtime shut down"}));
  }

  call_state(const call_state&) = delete;
  call_state& operator=(const call_state&) = delete;

  surrealcaf::future<R> future() {
    return promise_->get_future();
  }

  template <class Reply>
  void deliver(Reply& x) {
    actor_thread_scope scope; // outlives the locals below
    auto p = take();
    auto f = std::move(*convert_);
    convert_.reset();
    try {
      if constexpr (std::is_void_v<R>) {
        f(x);
        p.set_value();
      } else {
        p.set_value(f(x));
      }
    } catch (...) {
      p.set_exception(std::current_exception());
    }
  }

  void fail(const caf::error& err) {
    auto down = life_ && life_->closed.load() ? life_->closed_code : errc::connection_closed;
    fail(to_exception(err, down, name_));
  }

  void fail(const surreal_error& err) {
    actor_thread_scope scope;
    auto p = take();
    convert_.reset();
    p.set_exception(std::make_exception_ptr(err));
  }

private:
  promise<R> take() {
    auto p = std::move(*promise_);
    promise_.reset();
    return p;
  }

  std::optional<promise<R>> promise_;
  std::optional<Convert> convert_;
  std::shared_ptr<const lifeline> life_;
  const char* name_;
};

/// Reply conversions for `request`: pass the reply on, or drop it for calls
/// whose result carries no information (authenticate, ping, ... all answer
/// NONE).
inline constexpr auto keep = [](auto& x) { return std::move(x); };
inline constexpr auto drop = [](auto&) {};

/// How much longer than the call's deadline the faces' own timer waits. The
/// connection ends a call at its deadline (`client_options::
/// request_timeout`, set from the same `client_options` by `connect`) and
/// frees it; this timer only catches an actor that stopped answering
/// altogether. A connection wrapped with `make_*_connection` keeps its own
/// request_timeout: with zero there, a call this timer ends stays in its
/// table until answered (client_options.hpp).
inline constexpr auto backstop_margin = std::chrono::seconds{1};

/// The CAF timeout of one request from the bridge. A connection made by
/// `connect` ends every call at `timeout` itself (it was given the same
/// options), so its calls take no CAF timeout at all: CAF 0.17 keeps a timer
/// entry until it fires, even after the reply, and one per call for 30 s
/// grows the heap with the call rate. Anything else (a wrapped actor) gets
/// `timeout` plus the backstop.
inline caf::duration request_limit(std::chrono::milliseconds timeout, bool keeps_deadlines) {
  if (keeps_deadlines)
    return caf::infinite;
  return caf::duration{timeout + backstop_margin};
}

/// Sends `xs...` to `dest`; the reply (of type `Reply`) goes through
/// `convert` into the returned future. Without a limit (see
/// `request_limit`) the request leaves from the calling thread and the reply
/// completes the future on the replying thread (reply_sink.hpp); with one,
/// it goes through the bridge, and the call fails once `limit` passed
/// without a reply.
template <class R, class Reply, class Dest, class Convert, class... Ts>
future<R> request(const runtime& rt, const Dest& dest, caf::duration limit,
                  std::shared_ptr<const lifeline> life, const char* name, Convert convert,
                  Ts... xs) {
  auto st = std::make_shared<call_state<R, Convert>>(std::move(convert), std::move(life), name);
  auto result = st->future();
  if (limit == caf::infinite) {
    // No timer needed: straight into the destination's mailbox.
    rt.sink().send<Reply>(dest, std::move(st), std::move(xs)...);
    return result;
  }
  rt.run([st, dest, limit, args = std::make_tuple(std::move(xs)...)](
           caf::event_based_actor* self) mutable {
    std::apply(
      [&](auto&... ys) {
        self->request(dest, limit, std::move(ys)...)
          .then([st](Reply& x) { st->deliver(x); }, [st](caf::error& err) { st->fail(err); });
      },
      args);
  });
  return result;
}

/// Waits for `f` a little longer than the call's own deadline, so a broken
/// actor can never make a blocking call hang, then returns its value.
template <class R>
R await(future<R> f, std::chrono::milliseconds timeout, const char* name) {
  // The request itself times out after `timeout` (plus the backstop); this
  // margin only covers the hop through the bridge.
  constexpr auto margin = backstop_margin + std::chrono::seconds{1};
  if (f.wait_for(timeout + margin) != std::future_status::ready)
    throw surreal_error{errc::timeout, std::string{name} + ": no reply within "
                                         + std::to_string(timeout.count()) + " ms"};
  return f.get();
}

} // namespace surrealcaf::detail

namespace surrealcaf {

template <class T>
T blocking_face::finish(future<T> f, std::chrono::milliseconds deadline, const char* name) {
  return detail::await(std::move(f), deadline, name);
}

} // namespace surrealcaf
