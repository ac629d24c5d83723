#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "surrealcaf/detail/move_only.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf {

namespace detail {
class live_core;
struct face_access;
} // namespace detail

/// A live query as a pull-based stream, for the blocking and async faces
/// (`blocking_session::live`, `async_session::live`, ...). A hidden
/// subscriber actor receives the session's notifications and queues them;
/// `next` takes them out in the order the server sent them.
///
/// The stream ends with exactly one notification whose action is
/// `rpc::live_action::killed` (after `kill`, the session or connection
/// closing, the server ending the query, or an overflow); `next` returns it
/// like any other, after which `ended()` is true and `next` returns nullopt
/// at once.
///
/// After a reconnect the live query runs again under the same `id()`: the
/// stream holds a notification with action `rpc::live_action::resumed`
/// there (changes made while the socket was down are missing), or ends with
/// `killed` when it could not be registered again (docs/reliability.md).
///
/// Bounded: at most `client_options::live_queue_limit` notifications wait
/// unread. When a reader falls that far behind, `client_options::
/// on_live_overflow` decides: by default the stream ends (`overflowed()`), or
/// the oldest are discarded and counted (`dropped()`). See `live_overflow`.
///
/// Thread safety: all members may be called from any thread, concurrently;
/// each notification is returned by exactly one `next` call. Moving or
/// destroying the stream must not race with other calls on it.
///
/// Lifetime: move-only. Destroying the stream kills the live query (sends
/// `kill` without waiting) and stops the subscriber; it never blocks. The
/// stream keeps its session's connection alive.
class live_stream : detail::move_only {
public:
  /// An empty stream: `ended()` is true, `next` returns nullopt.
  live_stream() = default;

  /// The next notification, waiting at most `timeout` for one; nullopt on
  /// timeout or once the stream ended.
  std::optional<rpc::notification> next(std::chrono::milliseconds timeout);

  /// True once the final `killed` notification was taken by `next` (and for
  /// an empty stream).
  bool ended() const;

  /// True once the stream ended because `live_queue_limit` notifications
  /// waited unread (policy `live_overflow::end_stream`): the live query was
  /// killed and the final `killed` was queued after what was unread.
  bool overflowed() const;

  /// Notifications discarded because `live_queue_limit` waited unread
  /// (policy `live_overflow::drop_oldest`); 0 under `end_stream`.
  size_t dropped() const;

  /// Asks the session to kill the live query; returns without waiting. The
  /// `killed` notification follows in the stream. Killing twice sends once.
  void kill();

  /// The live query's id, as the server gave it (nil for an empty stream).
  uuid id() const;

private:
  friend struct detail::face_access;

  explicit live_stream(std::shared_ptr<detail::live_core> core);

  std::shared_ptr<detail::live_core> core_;
};

} // namespace surrealcaf
