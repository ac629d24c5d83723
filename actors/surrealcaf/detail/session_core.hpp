#pragma once

#include <chrono>
#include "surrealcaf/future.hpp"
#include <memory>
#include <new>
#include <optional>
#include <string>
#include <tuple>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/make_message.hpp"
#include "caf/response_type.hpp"

#include "surrealcaf/detail/bridge_call.hpp"
#include "surrealcaf/detail/connection_core.hpp"
#include "surrealcaf/detail/ignore_reply.hpp"
#include "surrealcaf/detail/lifeline.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf::detail {

/// Which session of its connection a `session_core` is.
enum class session_kind {
  /// The socket's default session (`default_session()`): it cannot be closed
  /// on its own, only with its connection.
  default_session,
  /// A session from `new_session` or `fork_session`.
  added,
};

/// One session as the faces see it: immutable apart from its lifeline, so
/// shared freely between threads. A connection handle holds its default
/// session's core.
class session_core {
public:
  session_core(std::shared_ptr<connection_core> conn, session_actor hdl, session_kind kind)
    : conn_(std::move(conn)),
      hdl_(std::move(hdl)),
      kind_(kind),
      life_(std::make_shared<lifeline>(errc::session_closed)) {
    if (conn_->keeps_deadlines())
      conn_->rt().sink().watch(hdl_);
  }

  /// The same session (actor, lifeline, kind) whose calls have `timeout`
  /// (positive) as their deadline: `with_request_timeout`.
  session_core(const session_core& other, std::chrono::milliseconds timeout)
    : conn_(other.conn_),
      hdl_(other.hdl_),
      kind_(other.kind_),
      life_(other.life_),
      timeout_override_(timeout) {
  }

  session_core(const session_core&) = delete;
  session_core& operator=(const session_core&) = delete;

  const std::shared_ptr<connection_core>& connection() const noexcept {
    return conn_;
  }

  const session_actor& handle() const noexcept {
    return hdl_;
  }

  const std::shared_ptr<lifeline>& life() const noexcept {
    return life_;
  }

  /// True for the connection's default session, whose `close_session`
  /// fails locally (the session actor would refuse it too).
  bool is_default() const noexcept {
    return kind_ == session_kind::default_session;
  }

  /// The deadline of one call: the handle's own (`with_request_timeout`),
  /// else the connection's `request_timeout`.
  std::chrono::milliseconds timeout() const noexcept {
    return timeout_override_.count() > 0 ? timeout_override_ : conn_->timeout();
  }

  /// The handle's own deadline; zero when it has none.
  std::chrono::milliseconds timeout_override() const noexcept {
    return timeout_override_;
  }

  /// The error a call must fail with before sending anything: the session
  /// or its connection closed locally.
  std::optional<errc> closed() const noexcept {
    if (life_->closed.load())
      return errc::session_closed;
    if (conn_->life()->closed.load())
      return errc::connection_closed;
    return std::nullopt;
  }

private:
  std::shared_ptr<connection_core> conn_;
  session_actor hdl_;
  session_kind kind_;
  std::shared_ptr<lifeline> life_;
  std::chrono::milliseconds timeout_override_{0};
};

// -- calls on a session ---------------------------------------------------------

/// A call's name (for errors) and how many request timeouts it may take: one,
/// or two for a fork, which is several calls in a row.
struct call_spec {
  constexpr call_spec(const char* name, int timeouts = 1) : name(name), timeouts(timeouts) {
  }

  const char* name;
  int timeouts;
};

inline surreal_error empty_handle(const char* name) {
  return {errc::invalid_argument, std::string{name} + ": empty handle"};
}

inline surreal_error closed_error(errc code, const char* name) {
  return {code, std::string{name}
                  + (code == errc::session_closed ? ": the session is closed"
                                                  : ": the connection is closed")};
}

/// The error a call on a session fails with locally, if any: the handle is
/// empty, or the session or its connection was closed locally.
template <class R>
std::optional<future<R>> refused(const std::shared_ptr<session_core>& core,
                                      const char* name) {
  if (!core)
    return failed_future<R>(empty_handle(name));
  if (auto code = core->closed())
    return failed_future<R>(closed_error(*code, name));
  return std::nullopt;
}

/// How long `call` may take on `core`'s connection; zero for an empty
/// handle, whose calls fail at once.
inline std::chrono::milliseconds deadline(const std::shared_ptr<session_core>& core,
                                          call_spec call) {
  return core ? call.timeouts * core->timeout() : std::chrono::milliseconds{0};
}

/// Sends `xs...` to the session of `core` as `request` does: as they are,
/// or, from a handle with its own deadline, wrapped in `timeout_atom` with
/// it (session_internal.hpp), so the session gives its requests to the
/// connection that deadline. The reply is the same either way.
template <class R, class Reply, class Convert, class... Ts>
future<R> send_to_session(const std::shared_ptr<session_core>& core, caf::duration limit,
                          const char* name, Convert convert, Ts... xs) {
  auto& conn = *core->connection();
  if (auto timeout = core->timeout_override(); timeout.count() > 0) {
    using sigs = session_internal::signatures;
    static_assert(caf::response_type<sigs, std::decay_t<Ts>...>::valid,
                  "the session's interface has no such message");
    static_assert(
      caf::response_type<sigs, timeout_atom, std::chrono::milliseconds, caf::message>::valid,
      "the session's interface takes no wrapped call");
    // Untyped: the reply is the wrapped call's, not the `caf::message` the
    // interface declares for the wrapper.
    return request<R, Reply>(conn.rt(), caf::actor_cast<caf::actor>(core->handle()), limit,
                             core->life(), name, std::move(convert), timeout_atom::value, timeout,
                             caf::make_message(std::move(xs)...));
  }
  return request<R, Reply>(conn.rt(), core->handle(), limit, core->life(), name, std::move(convert),
                           std::move(xs)...);
}

/// One call on a session: fails at once, sending nothing, if it is refused.
template <class R, class Reply, class Convert, class... Ts>
future<R> session_call(const std::shared_ptr<session_core>& core, call_spec call,
                            Convert convert, Ts... xs) {
  if (auto err = refused<R>(core, call.name))
    return std::move(*err);
  auto limit = request_limit(deadline(core, call), core->connection()->keeps_deadlines());
  return send_to_session<R, Reply>(core, limit, call.name, std::move(convert), std::move(xs)...);
}

/// `f`, a call on `core`, as `Face` returns it.
template <class Face, class R>
auto finish(const std::shared_ptr<session_core>& core, call_spec call, future<R> f) {
  return Face::finish(std::move(f), deadline(core, call), call.name);
}

/// `request_ignoring_reply` from a handle: sends `xs...` to the session the
/// way the handle's calls go (reply_sink.hpp; through the bridge for a
/// wrapped connection, bounded by the connection's timeout, as it may have
/// none of its own). For destructors, which must neither wait nor throw.
template <class... Ts>
void request_ignoring_reply(const std::shared_ptr<session_core>& s, Ts... xs) noexcept {
  if (!s || s->closed())
    return;
  try {
    auto& conn = *s->connection();
    if (conn.keeps_deadlines()) {
      // The way this thread's calls go, so it reaches the session before them.
      conn.rt().sink().send_ignoring_reply(s->handle(), std::move(xs)...);
      return;
    }
    conn.rt().run([hdl = s->handle(), timeout = conn.timeout(),
                   args = std::make_tuple(std::move(xs)...)](caf::event_based_actor* self) {
      std::apply([&](const auto&... ys) { request_ignoring_reply(self, timeout, hdl, ys...); },
                 args);
    });
  } catch (const std::bad_alloc&) {
    // Nothing else to do: the server drops what we could not end with the
    // session or the socket.
  }
}

} // namespace surrealcaf::detail
