#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <optional>

#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/detail/move_only.hpp"

namespace surrealcaf {

namespace detail {
class connection_events_core;
struct face_access;
} // namespace detail

/// A connection's state changes as a pull-based stream, for the blocking and
/// async faces (`basic_connection::events()`). A hidden observer actor
/// receives the connection's `connection_event`s and queues them; `next`
/// and `try_next` take them out in order. No user code runs on the
/// library's threads: the reader waits or polls on its own.
///
/// One class serves both faces: the async face returns
/// `future<connection_events>`, and its readers poll (`try_next`,
/// `state`) or wait on a thread of their own (`next`).
///
/// The stream ends with exactly one event whose state is `closed` (by
/// `close()`, the last handle going, giving up on reconnecting, a lost
/// socket without reconnect, or the connection actor terminating); `next`
/// returns it like any other, after which `ended()` is true and `next`
/// returns nullopt at once.
///
/// Bounded: at most `queue_limit` events wait unread; one more pushes the
/// oldest unread one out, counted by `dropped()`. The final `closed` is
/// never dropped, and `state()` always tells the latest state.
///
/// Thread safety: all members may be called from any thread, concurrently;
/// each event is returned by exactly one `next` or `try_next` call. Moving or
/// destroying the stream must not race with other calls on it.
///
/// Lifetime: move-only. Destroying the stream stops the observer (the
/// connection, which monitors it, forgets it); it never waits for the
/// connection. The stream keeps the connection's actor system alive, as a
/// handle does (a wrapped connection's system must outlive it; if it is the
/// last holder of a private system, destroying it shuts that system down),
/// but not the connection: when the last connection and session handle goes,
/// the connection closes and the stream receives `closed`.
class connection_events : detail::move_only {
public:
  /// How many events wait unread at most.
  static constexpr size_t queue_limit = 1024;

  /// An empty stream: `ended()` is true, `state()` is `closed`, `next` and
  /// `try_next` return nullopt.
  connection_events() = default;

  /// The next event, waiting at most `timeout` for one; nullopt on timeout
  /// or once the stream ended.
  std::optional<connection_event> next(std::chrono::milliseconds timeout);

  /// The next event if one is waiting, else nullopt; never waits for one.
  std::optional<connection_event> try_next();

  /// The latest state known, read or not: the connection's state when
  /// `events()` returned, then that of each event as it arrives. Never
  /// waits.
  connection_state state() const;

  /// True once the final `closed` event was taken (and for an empty stream).
  bool ended() const;

  /// Events pushed out unread because `queue_limit` were waiting.
  size_t dropped() const;

private:
  friend struct detail::face_access;

  explicit connection_events(std::shared_ptr<detail::connection_events_core> core);

  std::shared_ptr<detail::connection_events_core> core_;
};

} // namespace surrealcaf
