#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "surrealcaf/live_overflow.hpp"

namespace surrealcaf {

/// Settings of a connection opened by the blocking or async face
/// (`blocking_connection::connect`, `async_connection::connect`). Plain data
/// without CAF, so the faces' headers stay light; the connect call maps the
/// transport fields onto `connection_options`.
struct client_options {
  /// The deadline of every call (query, signin, ping, new_session, ...):
  /// when it passes without a reply the call fails with `errc::timeout` and
  /// the connection forgets it (a reply that comes later is dropped). The
  /// outcome is then unknown: the server may still have run the call, but
  /// the session's recorded state (what `fork_session` replays) keeps only
  /// what the server confirmed. Must be positive; calls never wait forever.
  std::chrono::milliseconds request_timeout{30'000};
  /// Time allowed for DNS, TCP, TLS and the WebSocket handshake together;
  /// past it `connect` fails with `errc::connect_failed`. Must be positive.
  std::chrono::milliseconds connect_timeout{10'000};
  /// The subprotocol asked for: "cbor" (default) or "json".
  std::string subprotocol = "cbor";
  /// Verify the server's certificate chain and host name for `wss://`.
  bool verify_tls = true;
  /// A PEM file of trusted CAs for `wss://`; empty: the system's store.
  std::string ca_file;
  /// Largest message accepted from the server, in bytes; a bigger one ends
  /// the connection (`errc::connection_closed`). Must be positive: there is
  /// no "unlimited", and `connect` refuses 0 with `errc::invalid_argument`.
  uint64_t max_message_size = 64 * 1024 * 1024;
  /// Silence after which the server counts as gone (`connection_closed`);
  /// zero turns dead-peer detection off.
  std::chrono::milliseconds idle_timeout{30'000};
  /// How often the connection pings an idle server; unset keeps the
  /// connection actor's default.
  std::optional<std::chrono::milliseconds> ping_interval;
  /// How many notifications a `live_stream` holds unread at most; what
  /// happens to one more is `on_live_overflow`. Must be positive.
  size_t live_queue_limit = 10'000;
  /// What a `live_stream` does when its reader falls `live_queue_limit`
  /// behind: end the stream (default) or drop the oldest.
  live_overflow on_live_overflow = live_overflow::end_stream;
  /// Worker threads of the private actor system behind `connect`; 0 uses
  /// CAF's default (one per core, at least 4). A client mostly waits on the
  /// network, so 2 is plenty for most programs.
  size_t worker_threads = 2;
};

} // namespace surrealcaf
