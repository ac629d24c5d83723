#pragma once

#include <string>

#include "caf/expected.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf {

/// Opens a connection to a SurrealDB server at `url` (`ws://host[:port][/path]`
/// or `wss://...`; see `parse_endpoint`). Returns at once: the handshake
/// runs in the background, starting with the first message the connection
/// gets, and calls sent before it completes are written right after it. Ask
/// the connection `connected_atom` first to learn the outcome (the
/// negotiated subprotocol, or `errc::connect_failed`): asked first, it
/// always gets an answer, however fast the socket fails.
///
/// Errors: `errc::invalid_url`; `errc::invalid_argument` when
/// `opts.transport.subprotocol` is neither "cbor" nor "json",
/// `opts.transport.max_message_size` is 0, `opts.request_timeout`,
/// `opts.ping_interval` or `opts.token_refresh_margin` is negative, or
/// `opts.reconnect` is out of range (see reconnect_options.hpp).
/// Nothing is spawned then.
///
/// The handle takes users' messages only (`connection_actor`); the
/// connection's internal messages are not reachable through it.
///
/// A closed connection has ended: further requests to it fail with CAF's
/// `sec::request_receiver_down`, while its sessions keep answering their
/// calls locally with `errc::connection_closed`.
///
/// Lifetime: the connection runs until it is closed — by `close_atom`, by
/// giving up on reconnecting, or by a lost socket with reconnect off — even
/// when no handle to it is left, because its sessions keep it alive and it
/// keeps them: with reconnect on it keeps coming back after each loss. Close
/// it; the blocking and async faces do so when they go out of scope. See
/// docs/actors.md and docs/reliability.md.
caf::expected<connection_actor> connect(caf::actor_system& sys, const std::string& url,
                                        client_options opts = {});

/// Spawns a connection on a transport of the caller's making: the factory is
/// called inside the new actor, with the actor as the transport's owner,
/// once for the first socket and once per reconnect attempt. For tests (see
/// `mock_transport.hpp`) and custom transports. Of `opts` the transport's
/// own settings are not used, except `transport.subprotocol` (the frames'
/// format). The options are taken as given: check them with `connect`'s
/// rules (an `initial_delay` of zero retries without a pause).
connection_actor spawn_connection(caf::actor_system& sys, transport_factory factory,
                                  client_options opts = {});

} // namespace surrealcaf
