#pragma once

#include <chrono>
#include <cstddef>

#include "surrealcaf/live_overflow.hpp"
#include "surrealcaf/log_options.hpp"
#include "surrealcaf/reconnect_options.hpp"
#include "surrealcaf/transport_options.hpp"

namespace surrealcaf {

/// Settings of a connection, for every face: `connect(sys, url, opts)` of
/// the actor face (connect.hpp) and `connect` of the blocking and async
/// faces. Plain data without CAF, so the faces' headers stay light.
struct client_options {
  /// How the WebSocket is opened: subprotocol, TLS, handshake timeout,
  /// message size limit, dead-peer detection.
  transport_options transport;
  /// The deadline of every call (query, signin, ping, new_session, ...),
  /// counted from when the connection gets it (a call that waits for a
  /// reconnect included): when it passes without a
  /// reply the call fails with `errc::timeout` and the connection forgets
  /// it, so an unanswered call holds no memory; a reply that comes later is
  /// dropped and changes nothing (not even the session's recorded
  /// namespace, database, auth or variables, which `fork_session` replays).
  /// The outcome on the server is unknown: the call may still have run.
  ///
  /// The blocking and async faces need it positive. On the actor face zero
  /// lets calls wait until answered or the connection closes, and a timeout
  /// you give your own `request` to a session does not reach the
  /// connection: set this to the longest you will wait, so no abandoned
  /// call stays behind. Negative is refused (`errc::invalid_argument`).
  std::chrono::milliseconds request_timeout{30'000};
  /// How often the connection sends an RPC `ping` on its default session
  /// once the socket is open, to keep idle sockets (and proxies) from timing
  /// out. Zero turns the keep-alive off.
  std::chrono::milliseconds ping_interval{30'000};
  /// What happens when the open socket is lost: by default a new socket is
  /// opened and every session resumed on it (docs/reliability.md).
  reconnect_options reconnect;
  /// A session holding an `{access, refresh}` token pair refreshes it this
  /// long before the access token expires (its `exp` claim), so that neither
  /// long-lived sessions nor reconnects fail on an expired token. At most
  /// half the token's remaining lifetime is used as the margin, so short
  /// tokens are not refreshed back to back. Zero turns it off. Not negative.
  std::chrono::milliseconds token_refresh_margin{60'000};
  /// How many notifications a `live_stream` (blocking and async faces) holds
  /// unread at most; what happens to one more is `on_live_overflow`. Must be
  /// positive.
  size_t live_queue_limit = 10'000;
  /// What a `live_stream` does when its reader falls `live_queue_limit`
  /// behind: end the stream (default) or drop the oldest.
  live_overflow on_live_overflow = live_overflow::end_stream;
  /// The blocking and async faces' `connect` runs every connection on one
  /// process-wide runtime by default: one actor system (2 worker threads,
  /// plus CAF's timer and printer threads), created by the first `connect`
  /// and shut down when the last handle using it goes (the next `connect`
  /// makes a new one). So 1 or 100 connections cost the same 6 threads:
  /// those 4 and the sockets' shared I/O thread with its DNS thread
  /// (transport.hpp). True gives this connection a private actor system of
  /// its own instead, with `worker_threads` workers (and CAF's 2), shut down
  /// when the connection's last handle goes; its socket still uses the
  /// shared I/O thread. Not used by the actor face (the system is yours).
  bool private_runtime = false;
  /// Worker threads of a private runtime (`private_runtime`); 0 uses CAF's
  /// default (one per core, at least 4). A client mostly waits on the
  /// network, so 2 is plenty for most programs. The shared runtime always
  /// has 2.
  size_t worker_threads = 2;
  /// Where the connection's log records go; off unless a handler is set
  /// (log_options.hpp, docs/observability.md).
  log_options logging;
};

} // namespace surrealcaf
