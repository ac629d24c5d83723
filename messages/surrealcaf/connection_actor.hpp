#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/message_types.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf {

/// The connection: owns the socket (through its transport), the request ids
/// and the table of calls in flight, and its sessions. Closing it (`close`,
/// the server closing, a socket error) shuts every session down: their
/// pending and later calls fail with `errc::connection_closed`.
using connection_actor = caf::typed_actor<
  /// new_session(): a fresh session attached on the server under a new UUID.
  /// It starts empty: no namespace, database, auth or variables.
  caf::replies_to<session_atom>::with<session_actor>,
  /// The socket's default session (no `session` field on the wire).
  caf::replies_to<default_atom>::with<session_actor>,
  /// Replies the negotiated subprotocol once the WebSocket is open, or
  /// `errc::connect_failed` / `errc::connection_closed`.
  caf::replies_to<connected_atom>::with<std::string>,
  /// From sessions: send one request (its `id` is ignored: the connection
  /// numbers its requests) and reply with the server's result, or
  /// `errc::timeout` once `client_options::request_timeout` passed
  /// without one (the call is forgotten then; a late reply is dropped).
  caf::replies_to<call_atom, rpc::request>::with<value>,
  /// close(): closes the socket and shuts every session down.
  caf::replies_to<close_atom>::with<bool>,
  /// From the transport (see actors/surrealcaf/transport.hpp).
  caf::reacts_to<open_atom, std::string>,
  caf::reacts_to<frame_atom, std::vector<uint8_t>>,
  caf::reacts_to<closed_atom, caf::error>,
  /// The keep-alive tick the connection sends itself every
  /// `client_options::ping_interval`: one RPC `ping` on the default
  /// session.
  caf::reacts_to<ping_atom>,
  /// The timer the connection sets for the deadline of its oldest call in
  /// flight: calls past their deadline end with `errc::timeout`.
  caf::reacts_to<deadline_atom>>;

} // namespace surrealcaf
