#pragma once

#include <chrono>
#include <string>

#include "caf/expected.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf {

/// Settings of a connection.
struct connection_options {
  /// How the WebSocket is opened (subprotocol, TLS, timeouts, limits).
  transport_options transport;
  /// How often the connection sends an RPC `ping` on its default session
  /// once the socket is open, to keep idle sockets (and proxies) from timing
  /// out. Zero turns the keep-alive off.
  std::chrono::milliseconds ping_interval{30'000};
  /// How long a call may wait for its reply, from when the connection
  /// writes it. Past it the call fails with `errc::timeout` and the
  /// connection forgets it, so an unanswered call holds no memory; a reply
  /// that comes later is dropped and changes nothing (not even the session's
  /// recorded namespace, database, auth or variables). The outcome on the
  /// server is unknown: the call may still have run there. Zero lets calls
  /// wait until answered or the connection closes; `connect` refuses a
  /// negative one.
  ///
  /// The actor face: a timeout you give your own `request` to a session does
  /// not reach the connection. Set this one to the longest you will wait, so
  /// no abandoned call stays behind; the blocking and async faces set it
  /// from `client_options::request_timeout`.
  std::chrono::milliseconds request_timeout{30'000};
};

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
/// `opts.transport.max_message_size` is 0 or `opts.request_timeout` is
/// negative.
/// Nothing is spawned then.
///
/// A closed connection has ended: further requests to it fail with CAF's
/// `sec::request_receiver_down`, while its sessions keep answering their
/// calls locally with `errc::connection_closed`.
///
/// Lifetime: the connection runs until it is closed — by `close_atom`, by
/// the server or by a network error — even when no handle to it is left,
/// because its sessions keep it alive and it keeps them. Close it; the
/// blocking and async faces do so when they go out of scope. See
/// docs/actors.md.
caf::expected<connection_actor> connect(caf::actor_system& sys, const std::string& url,
                                        connection_options opts = {});

/// Spawns a connection on a transport of the caller's making: the factory is
/// called once, inside the new actor, with the actor as the transport's
/// owner. For tests (see `mock_transport.hpp`) and custom transports;
/// `opts.transport` is not used.
connection_actor spawn_connection(caf::actor_system& sys, transport_factory factory,
                                  connection_options opts = {});

} // namespace surrealcaf
