#pragma once

#include <cstdint>
#include <string>

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/fwd.hpp"

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
};

/// The enumerator's name, e.g. "connection_closed".
std::string to_string(errc x);

/// The atom that tags surrealcaf errors inside `caf::error`.
constexpr caf::atom_value errc_category = caf::atom("surrealcaf");

/// Wraps `x` into a `caf::error`; `context` is readable text for humans and
/// must never contain secrets.
caf::error make_error(errc x, std::string context = {});

/// Readable text for any `caf::error`, without an actor system: ours as
/// "surrealcaf: <name> (<context>)", others as CAF prints them.
std::string describe(const caf::error& err);

/// Registers surrealcaf's error category (and, later, its message types) with
/// an actor system configuration so `actor_system::render` names our errors.
/// Call once per configuration, before the actor system is constructed.
void register_types(caf::actor_system_config& cfg);

} // namespace surrealcaf
