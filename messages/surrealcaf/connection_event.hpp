#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf {

/// Where a connection is in its life (docs/reliability.md). A connection
/// goes `connecting` → `connected`; on a lost socket (with reconnect on)
/// `disconnected` → `reconnecting` (once per attempt) → `connected` (the new
/// socket is open) → `resumed` (every session replayed); and finally
/// `closed`, by `close()`, by giving up, or on a lost socket with reconnect
/// off. Nothing follows `closed`.
enum class connection_state : uint8_t {
  connecting,
  connected,
  disconnected,
  reconnecting,
  resumed,
  closed,
};

/// The state's name, e.g. "reconnecting".
const char* to_string(connection_state x);

/// One change of a connection's state, as observers see it (the actor face:
/// `observe_atom`; the blocking and async faces: `events()`).
struct connection_event {
  /// The state the connection is in now.
  connection_state state = connection_state::connecting;
  /// `disconnected` and `closed`: why. `reconnecting`: why the previous
  /// attempt failed (none before the first). `connection_closed`,
  /// `connect_failed`, ...
  std::optional<errc> code;
  /// The same as text, e.g. "surrealcaf: connection_closed (read: the server
  /// reset the connection ...)"; empty when `code` is none. No secrets.
  std::string reason;
  /// `reconnecting`: which attempt is next, from 1.
  uint32_t attempt = 0;
  /// `reconnecting`: how long the connection waits before that attempt.
  std::chrono::milliseconds delay{0};
  /// `resumed`: how many sessions were resumed, the default one included.
  size_t sessions = 0;
  /// `resumed`: the sessions whose authentication could not be resumed (their
  /// calls fail with `errc::signin_required` until they sign in again); the
  /// nil UUID stands for the default session.
  std::vector<uuid> signin_required;
};

} // namespace surrealcaf
