#pragma once

#include <memory>
#include <vector>

#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_counters.hpp"
#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/pool_member.hpp"
#include "surrealcaf/pool_options.hpp"
#include "surrealcaf/session.hpp"

// A pool of connections of the blocking or the async face. No actor-system
// header is included here (CAF's `expected` comes in through `data_calls.hpp`).

namespace surrealcaf {

/// A pool of connections to one or more endpoints (pool_options.hpp), on
/// which sessions are placed: `new_session()` gives the same
/// `basic_session` as a connection's, and `as_connection()` the pool as a
/// `basic_connection`, so code written for one connection runs on a pool.
///
/// When a connection gives up reconnecting (`pool_options::connection.
/// reconnect`), its sessions move to a healthy connection and resume there
/// with their namespace, database, auth, variables and live queries; calls
/// in flight on the lost socket fail with `errc::connection_lost`, later
/// calls wait for the resume (docs/scale-out.md). With reconnect off a
/// connection ends its sessions when its socket is lost: nothing moves.
///
/// Handles: cheap (one shared pointer); copies refer to the same pool. An
/// empty handle fails with `errc::invalid_argument`. Any method may be
/// called from any thread. A handle keeps the pool open: when the last
/// handle of the pool goes (including its sessions' handles and the
/// connections of `as_connection()`), the pool closes every connection.
template <class Face>
class basic_connection_pool {
public:
  /// What a call returns: `T` on the blocking face, `future<T>` on the
  /// async one.
  template <class T>
  using result = typename Face::template result<T>;

  /// Opens a pool as `opts` says, on the runtime `opts.connection` names
  /// (the shared one, or a private one with `private_runtime`), and waits
  /// until one connection is open (at most
  /// `connect_timeout + request_timeout` of `opts.connection`, plus a
  /// second). Fails with `surreal_error`: `errc::invalid_argument` for no
  /// endpoints, `connections_per_endpoint` of 0, a non-zero
  /// `max_connections` below the initial number of connections, or
  /// `opts.connection` out of range as `basic_connection::connect` checks
  /// it; `errc::invalid_url` for an endpoint that is no WebSocket URL;
  /// `errc::connect_failed` when no connection opened in time or every
  /// eager one failed. The async future becomes ready within that bound;
  /// dropping it unfinished is fine (the attempt is cleaned up).
  static result<basic_connection_pool> connect(pool_options opts);

  /// An empty handle.
  basic_connection_pool() = default;

  /// A fresh session, attached on the connection the placement chose
  /// (`pool_options::placement`, `choose`, the limits). The session is a
  /// `basic_session` like a connection's; it stays on its connection until
  /// that connection gives up, then moves. Bounded by `request_timeout`.
  /// Fails with `surreal_error`: `errc::invalid_argument` for an empty handle
  /// or a `choose` that returned an unusable index; `errc::pool_full` when
  /// every connection is full and `when_full` is `fail`; `errc::timeout`
  /// when it is `wait` and nothing freed up within `request_timeout`;
  /// `errc::connection_closed` after `close()` (at once) or when the pool is
  /// gone; or the chosen connection's error (`errc::connection_lost`, ...).
  result<basic_session<Face>> new_session();

  /// The pool's connections (pool_member.hpp), in the pool's order: each
  /// endpoint's connections in a row, then those opened beyond them. Bounded
  /// by `request_timeout`. Fails with `surreal_error`:
  /// `errc::invalid_argument` for an empty handle, `errc::connection_closed`
  /// after `close()` (at once) or when the pool is gone, `errc::timeout`.
  result<std::vector<pool_member>> members();

  /// What the pool's connections counted, added up (connection_counters.hpp).
  /// Errors as for `members()`.
  result<connection_counters> counters();

  /// The servers' lists of the sessions attached on the pool's sockets,
  /// concatenated in the pool's order (`basic_connection::sessions`). Errors
  /// as for `basic_connection::sessions`.
  result<std::vector<uuid>> sessions();

  /// Starts watching the pool's state (connection_events.hpp): `connected`
  /// while one connection is healthy, `disconnected` while none is,
  /// `resumed` with the number of sessions moved after a failover, `closed`
  /// at the end. Errors as for `basic_connection::events`.
  result<connection_events> events();

  /// Closes every connection of the pool: every session's pending calls
  /// fail with `errc::connection_closed`, later calls (on the pool, its
  /// sessions and its `as_connection()`) fail with it at once. Closing a
  /// closed pool does nothing and does not fail. Fails only for an empty
  /// handle (`errc::invalid_argument`).
  result<void> close();

  /// The pool as a connection handle: its `new_session()` places sessions
  /// as the pool's does, `counters()`, `sessions()`, `events()` and `close()`
  /// are the pool's, and its `default_session()` is the default session of
  /// the first connection that was open at `connect`; it belongs to that
  /// socket and never moves. An empty handle for an empty pool handle.
  basic_connection<Face> as_connection() const;

  /// The same pool as a blocking or an async handle.
  ///@{
  basic_connection_pool<blocking_face> blocking() const;
  basic_connection_pool<async_face> async() const;
  ///@}

  /// True unless the handle is empty (default-constructed or moved from).
  explicit operator bool() const noexcept {
    return core_ != nullptr;
  }

private:
  friend struct detail::face_access;

  explicit basic_connection_pool(std::shared_ptr<detail::session_core> core)
    : core_(std::move(core)) {
  }

  /// The pool's default session's core, which holds the pool's connection
  /// core (its actor is the pool).
  std::shared_ptr<detail::session_core> core_;
};

// Compiled once, in connection_pool.cpp.
extern template class basic_connection_pool<blocking_face>;
extern template class basic_connection_pool<async_face>;

/// A pool of the blocking face (blocking.hpp) or the async face (async.hpp).
///@{
using blocking_connection_pool = basic_connection_pool<blocking_face>;
using async_connection_pool = basic_connection_pool<async_face>;
///@}

} // namespace surrealcaf
