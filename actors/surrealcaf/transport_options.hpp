#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace surrealcaf {

/// Settings of the WebSocket transport: `client_options::transport`. Plain
/// data without CAF or Beast.
struct transport_options {
  /// The subprotocol asked for: "cbor" (default) or "json". The handshake
  /// fails with `errc::connect_failed` unless the server accepts it.
  std::string subprotocol = "cbor";
  /// Verify the server's certificate chain and host name for `wss://`. Turn
  /// off only for tests against self-signed servers.
  bool verify_tls = true;
  /// A PEM file of trusted CAs for `wss://`; empty: the system's store.
  std::string ca_file;
  /// Time allowed for DNS, TCP, TLS and the WebSocket handshake together.
  std::chrono::milliseconds connect_timeout{10'000};
  /// Largest message accepted from the server, in bytes; bigger closes the
  /// socket. Must be positive: `connect` refuses 0 (`errc::invalid_argument`).
  uint64_t max_message_size = 64 * 1024 * 1024;
  /// Silence from the server after which the open socket counts as dead and
  /// closes with `errc::connection_closed`; a WebSocket ping goes out half
  /// way, which any live server answers. Zero turns dead-peer detection off.
  std::chrono::milliseconds idle_timeout{30'000};
};

} // namespace surrealcaf
