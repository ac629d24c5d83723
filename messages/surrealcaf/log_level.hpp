#pragma once

#include <cstdint>

namespace surrealcaf {

/// How much a log record matters, from the most detailed to the most
/// severe. A connection passes a record to its handler when the record's
/// level is at least `log_options::level` (actors/surrealcaf/log_options.hpp).
enum class log_level : uint8_t {
  /// Detail for following the client step by step; the connection gives no
  /// record this level today.
  trace,
  /// One record per call that succeeded; notifications nobody could take.
  debug,
  /// Calls that failed with an error the caller expects to handle (a server
  /// error, a refused argument); connection state changes.
  info,
  /// Calls that timed out or were lost with the socket; frames dropped; the
  /// socket lost or closed by something other than `close()`.
  warning,
  /// Failures of the client itself; the connection gives no record this
  /// level today.
  error,
};

/// The level's name: "trace", "debug", "info", "warning" or "error".
const char* to_string(log_level x) noexcept;

} // namespace surrealcaf
