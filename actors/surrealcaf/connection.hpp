#pragma once

#include <memory>
#include <string>
#include <vector>

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_counters.hpp"
#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/session.hpp"

// A connection of the blocking or the async face. No actor-system header
// is included here (CAF's `expected` comes in through `data_calls.hpp`).

namespace surrealcaf {

/// A connection to a SurrealDB server: the socket, on which sessions live.
/// It is not a session itself: the socket's default session is
/// `default_session()`, further ones come from `new_session()`.
///
/// A lost socket is replaced and every session resumed on the new one, as
/// `client_options::reconnect` says (on by default; docs/reliability.md):
/// calls in flight then fail with `errc::connection_lost`, later calls wait
/// for the resume. `events()` shows the connection's state as it changes.
///
/// Handles: cheap (one shared pointer); copies refer to the same
/// connection. An empty handle fails with `errc::invalid_argument`. Any
/// method may be called from any thread. A handle keeps the connection
/// open: when the last handle to a connection made by `connect` goes
/// (including the handles of its sessions), the connection closes and its
/// private actor system shuts down (docs/faces.md).
template <class Face>
class basic_connection {
public:
  /// What a call returns: `T` on the blocking face, `future<T>` on the
  /// async one.
  template <class T>
  using result = typename Face::template result<T>;

  /// Opens a connection to `url` (`ws://host[:port][/path]` or `wss://...`;
  /// the path defaults to `/rpc`) on a private actor system and waits for
  /// the WebSocket handshake (at most `opts.transport.connect_timeout`).
  /// Fails with `surreal_error`: `errc::invalid_url`, `errc::connect_failed`,
  /// `errc::invalid_argument` for non-positive timeouts, a
  /// `max_message_size` of 0, a `live_queue_limit` of 0 or a negative
  /// `ping_interval`. The async future becomes ready within about
  /// `connect_timeout + request_timeout + 1 s`; dropping it unfinished is
  /// fine (the attempt is cleaned up).
  static result<basic_connection> connect(const std::string& url, client_options opts = {});

  /// An empty handle.
  basic_connection() = default;

  /// A fresh session on this connection, attached on the server: no
  /// namespace, database, auth or variables.
  result<basic_session<Face>> new_session();

  /// The socket's default session. Its `close_session()` fails with
  /// `errc::invalid_argument` (`close()` closes the connection).
  basic_session<Face> default_session() const;

  /// Starts watching the connection's state: the stream's `state()` is the
  /// current one at once, and it receives every later change, the last one
  /// `closed` (see `connection_events`). Bounded by `request_timeout` like
  /// every call; fails with `surreal_error`: `errc::invalid_argument` for
  /// an empty handle, `errc::connection_closed` after `close()` (at once) or
  /// when the connection is gone, `errc::timeout`. A connection the server
  /// or the network closed gives a stream holding just its `closed` event.
  result<connection_events> events();

  /// What the connection counted so far: calls in flight and waiting,
  /// sent, answered, timed out, lost, frames dropped by reason
  /// (connection_counters.hpp). Fails with `surreal_error`:
  /// `errc::invalid_argument` for an empty handle, `errc::connection_closed`
  /// once the connection is gone, `errc::timeout` when the connection actor
  /// does not answer within `client_options::request_timeout`.
  result<connection_counters> counters();

  /// The server's list of the sessions attached on this connection's
  /// socket (the RPC method `sessions`): the UUIDs of the sessions from
  /// `new_session()` and `fork_session()` that are still open, in the
  /// server's order. The default session is never listed. Bounded by
  /// `request_timeout`; while reconnecting it waits for the new socket.
  /// Fails with `surreal_error`: `errc::invalid_argument` for an empty
  /// handle, `errc::connection_closed` after `close()` (at once) or when the
  /// connection is gone, `errc::protocol_error` when the reply is not a list
  /// of UUIDs, `errc::timeout`, `errc::connection_lost`, or the server's error.
  result<std::vector<uuid>> sessions();

  /// Closes the connection: every session's pending calls fail with
  /// `errc::connection_closed`, later calls fail with it at once. Closing a
  /// closed connection does nothing, also when the server or the network
  /// ended it: close() does not fail then (the async future is ready without
  /// an exception), so a destructor may call it. Fails only for an empty
  /// handle (`errc::invalid_argument`).
  result<void> close();

  /// The same connection as a blocking or an async handle.
  ///@{
  basic_connection<blocking_face> blocking() const;
  basic_connection<async_face> async() const;
  ///@}

  /// True unless the handle is empty (default-constructed or moved from).
  explicit operator bool() const noexcept {
    return core_ != nullptr;
  }

private:
  friend struct detail::face_access;

  explicit basic_connection(std::shared_ptr<detail::session_core> core) : core_(std::move(core)) {
  }

  /// The default session's core, which holds the connection's.
  std::shared_ptr<detail::session_core> core_;
};

// Compiled once, in connection.cpp.
extern template class basic_connection<blocking_face>;
extern template class basic_connection<async_face>;

/// A connection of the blocking face (blocking.hpp) or the async face
/// (async.hpp).
///@{
using blocking_connection = basic_connection<blocking_face>;
using async_connection = basic_connection<async_face>;
///@}

} // namespace surrealcaf
