#pragma once

#include <cstdint>

namespace surrealcaf {

/// What a `live_stream` does when its reader falls behind: when
/// `client_options::live_queue_limit` notifications wait unread and another
/// one comes.
enum class live_overflow : uint8_t {
  /// The stream ends: the live query is killed on the server, the unread
  /// notifications stay readable, and a final `killed` follows them;
  /// `live_stream::overflowed()` is true. Nothing is lost silently.
  end_stream,
  /// The oldest unread notification is discarded for the new one and the
  /// stream goes on; `live_stream::dropped()` counts what was lost.
  drop_oldest,
};

} // namespace surrealcaf
