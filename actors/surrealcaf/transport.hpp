#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caf/fwd.hpp"

#include "surrealcaf/detail/transport_atoms.hpp"
#include "surrealcaf/endpoint.hpp"
#include "surrealcaf/transport_options.hpp"

namespace surrealcaf {

/// The socket as the connection actor sees it: it writes frames and closes;
/// everything else arrives as messages to the owner actor given at creation:
///   (open_atom, std::string subprotocol)   the WebSocket handshake is done;
///   (frame_atom, std::vector<uint8_t>)     one message arrived;
///   (closed_atom, caf::error)              the socket is gone: the reason
///                                          (`errc::connect_failed`,
///                                          `errc::connection_closed`, ...),
///                                          or a default error after close().
/// After `closed` nothing more arrives. The atoms are in
/// detail/transport_atoms.hpp (included here): only transports send them, to
/// the `caf::actor` they were given, which is not type-checked. The public
/// `connection_actor` handle does not accept them.
///
/// Thread safety: `send` and `close` are called only by the owning actor.
/// Implementations deliver messages from their own thread; they hold only a
/// weak reference to the owner, so they never keep it alive.
class transport {
public:
  virtual ~transport();

  /// Queues one frame (binary for CBOR, text for JSON); frames sent before
  /// the handshake completes are written right after it, in order.
  virtual void send(std::vector<uint8_t> frame) = 0;

  /// Starts a graceful close; `closed` follows. Idempotent. Frames queued
  /// before it are written first; frames sent after it are dropped.
  virtual void close() = 0;
};

/// Creates a transport for the owner. The real one is
/// `make_websocket_transport`; tests pass their own.
using transport_factory = std::function<std::unique_ptr<transport>(caf::actor owner)>;

/// The Boost.Beast WebSocket transport (`ws://` and `wss://`). It starts
/// connecting at once. The returned object must be destroyed by the owner,
/// not on the I/O thread.
///
/// Threads: every WebSocket transport of the process runs on one shared I/O
/// thread, started with the first transport and stopped (and joined, by the
/// destructor that drops it) when the last one is destroyed. Asio adds one
/// thread for DNS lookups, from the first lookup until then. So any number
/// of connections costs these two threads. A transport's socket work (TLS
/// included) runs there; frames are decoded by the owning actor.
///
/// Errors in `closed`: `errc::connect_failed` with the stage and host:port,
/// e.g. "connect 127.0.0.1:1: Connection refused", "tls handshake
/// example.com:443: certificate verify failed (SSL routines)", "websocket
/// handshake ...: timed out after 10000 ms", "server did not accept
/// subprotocol cbor"; `errc::connection_closed` once open, naming the cause:
/// "closed by the server (code 1001: ...)", "read: the server broke the
/// WebSocket protocol: ...", "read: the server sent a message larger than
/// max_message_size (...)", "read: the server ended the connection without a
/// close frame", "read: the server reset the connection (...)", "read: no
/// sign of life from the server within idle_timeout (...)" or "read: ...".
/// It comes as soon as the failure is seen: when the server closes or breaks
/// the protocol, the socket is cut at once rather than waiting for the server
/// to end TCP. No error after close(): the close handshake gets at most 2 s,
/// then the socket is cut.
///
/// Destroying it without close() cuts the socket at once and sends no
/// `closed`; once the destructor returns nothing more is sent, but messages
/// sent before stay in the owner's mailbox. The WebSocket keep-alive pings
/// after half of `idle_timeout` of silence and gives up after all of it.
std::unique_ptr<transport> make_websocket_transport(endpoint where, transport_options opts,
                                                    caf::actor owner);

} // namespace surrealcaf
