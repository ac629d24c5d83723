#pragma once

#include <cstdint>
#include <string>

// The errc enumeration on its own, without CAF, for the headers of the faces
// that only need to name an error (e.g. exception.hpp). Users include
// surrealcaf/errc.hpp, which includes this.
namespace surrealcaf {

/// Errors that surrealcaf reports itself, as opposed to errors the server
/// sends back. A server error travels as `errc::server_error` with the
/// server's code, kind and message kept apart in the error's context.
enum class errc : uint8_t {
  /// The connection closed (by the user, the server or the network) before
  /// the call completed; every pending call ends with this on shutdown.
  connection_closed = 1,
  /// The session was closed with `close_session()`; nothing was sent.
  session_closed,
  /// The socket could not be opened (DNS, TCP, TLS or WebSocket handshake).
  connect_failed,
  /// The URL is not `ws://host[:port][/path]` or `wss://...`.
  invalid_url,
  /// The server sent a frame that is not a valid RPC message.
  protocol_error,
  /// Bytes that are not valid CBOR, or not a valid SurrealDB value.
  decode_error,
  /// The server answered with an error object.
  server_error,
  /// The call did not complete within its deadline.
  timeout,
  /// The caller passed an argument the call cannot accept.
  invalid_argument,
  /// The transaction named by the call is not open in this session: it was
  /// never begun here, or it was committed or cancelled already (also by a
  /// failed commit), or its session or connection closed. Nothing was sent.
  transaction_closed,
  /// The server refused a commit (or a statement) because of a write
  /// conflict with another transaction. The transaction is gone; retry from a
  /// new `begin`. The server's error is kept (see `server_error_of`).
  transaction_conflict,
  /// The socket was lost while the call was in flight: the server may or may
  /// not have run it. Retryable: with reconnect on (`reconnect_options`) the
  /// session is resumed on a new socket, so the same call can be sent again.
  /// Calls that wait for a reconnect also fail with it when too many wait.
  connection_lost,
  /// The transaction was open when the socket was lost; the server dropped
  /// it with the socket. Nothing was sent: retry from a new `begin`.
  transaction_lost,
  /// The session's authentication could not be resumed after a reconnect
  /// (its token expired and no refresh or kept credentials could renew it).
  /// Its calls fail with this, nothing sent, until it signs in again
  /// (`signin`, `signup` or `authenticate`); `invalidate` also ends it.
  signin_required,
  /// A pool could not place a new session: every healthy connection holds
  /// `pool_options::max_sessions_per_connection` sessions (or has
  /// `max_in_flight_per_connection` calls in flight), `max_connections` are
  /// open, and `when_full` is `fail`; or no connection is healthy. Nothing
  /// was sent.
  pool_full,
};

/// The enumerator's name, e.g. "connection_closed".
std::string to_string(errc x);

/// How every surrealcaf error reads, as a `caf::error` (`describe`) or as a
/// `surreal_error` (`what()`): "surrealcaf: <name>", plus " (<context>)"
/// when there is a context.
std::string error_text(errc x, const std::string& context = {});

} // namespace surrealcaf
