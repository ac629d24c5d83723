#pragma once

// Test support (the surrealcaf_test_support library), not part of surrealcaf.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "surrealcaf/endpoint.hpp"

namespace surrealcaf::test {

/// A minimal blocking WebSocket channel: one frame out, one frame back, with
/// no actors in between. Tests that check the wire itself (raw RPC frames,
/// value round trips, CRUD statements) use it; it does no id matching, so use
/// one call at a time.
///
/// Thread safety: none; use an instance from one thread.
/// Errors: throws Beast's `boost::system::system_error` (a `std::runtime_error`)
/// on any network or handshake failure, and `std::invalid_argument` for a
/// `wss://` endpoint (not supported here).
/// Beast stays behind the pointer so includers do not compile it.
class raw_rpc_channel {
public:
  /// Connects and performs the WebSocket handshake asking for `subprotocol`.
  explicit raw_rpc_channel(const endpoint& where, const std::string& subprotocol = "cbor");
  ~raw_rpc_channel();

  raw_rpc_channel(const raw_rpc_channel&) = delete;
  raw_rpc_channel& operator=(const raw_rpc_channel&) = delete;

  /// The subprotocol the server accepted (empty if it named none).
  const std::string& negotiated() const;

  /// Sends `frame` as one binary message and returns the next message.
  std::vector<uint8_t> call(const std::vector<uint8_t>& frame);

private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

} // namespace surrealcaf::test
