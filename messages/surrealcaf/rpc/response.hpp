#pragma once

#include <cstdint>
#include <optional>

#include "surrealcaf/rpc/server_error.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// The reply to a call this client has in flight (docs/protocol.md §2.2): either
/// a result or a server error, never both.
struct response {
  /// The id of the call it answers.
  int64_t id = 0;
  /// The method's result on success (NONE for void methods such as `ping`);
  /// NONE on failure.
  value result;
  /// Set when the server answered with an error.
  std::optional<server_error> error;
  /// The session the server echoed; present only when the request named one.
  std::optional<uuid> session;

  /// True unless the server answered with an error.
  bool ok() const noexcept { return !error; }
};

} // namespace surrealcaf::rpc
