#pragma once

#include <string>
#include <vector>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/connection_observer.hpp"
#include "surrealcaf/message_types.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf {

/// The connection: owns the socket (through its transport), the request ids
/// and the table of calls in flight, and its sessions. A lost socket is
/// replaced and every session resumed on the new one when
/// `client_options::reconnect` allows (docs/reliability.md). Closing it
/// (`close`, giving up on reconnecting, a lost socket without reconnect)
/// shuts every session down: their pending and later calls fail with
/// `errc::connection_closed`.
///
/// This is what users send. The messages between the connection, its
/// sessions and its transport are in `detail::connection_internal`, which
/// converts to this handle.
using connection_actor = caf::typed_actor<
  /// new_session(): a fresh session attached on the server under a new UUID.
  /// It starts empty: no namespace, database, auth or variables.
  caf::replies_to<session_atom>::with<session_actor>,
  /// The socket's default session (no `session` field on the wire).
  caf::replies_to<default_atom>::with<session_actor>,
  /// Replies the negotiated subprotocol once the WebSocket is open, or
  /// `errc::connect_failed` / `errc::connection_closed`.
  caf::replies_to<connected_atom>::with<std::string>,
  /// close(): closes the socket and shuts every session down.
  caf::replies_to<close_atom>::with<bool>,
  /// Replies the current state; from then on the observer receives every
  /// state change as a `connection_event` (connection_observer.hpp), the
  /// last one `closed`. A connection that has ended is gone: the request
  /// fails with `sec::request_receiver_down` (the faces' `events()` make
  /// that a stream holding `closed`). Observing twice with the same actor
  /// sends each event once.
  caf::replies_to<observe_atom, connection_observer>::with<connection_state>,
  /// Replies what the connection counted so far: calls in flight, sent,
  /// answered, timed out, frames dropped and why (connection_counters.hpp).
  caf::replies_to<counters_atom>::with<connection_counters>,
  /// sessions(): the server's list of the sessions attached on this socket
  /// (the RPC method `sessions`), in the server's order. The default session
  /// is not among them; sessions of other sockets are not either. While
  /// reconnecting, the call waits for the new socket like any call. Fails
  /// with `errc::protocol_error` when the reply is not a list of UUIDs,
  /// `errc::timeout`, `errc::connection_lost`, a server error; a closed
  /// connection is gone (`sec::request_receiver_down`; the faces make that
  /// `errc::connection_closed`).
  caf::replies_to<sessions_atom>::with<std::vector<uuid>>>;

} // namespace surrealcaf
