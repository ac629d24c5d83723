#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "surrealcaf/connection_event.hpp"

namespace surrealcaf::detail {

/// The events of one `connection_events` between its hidden observer actor
/// (producer) and its readers (consumers), with the latest state known. At
/// most `limit` unread events are kept: one more pushes the oldest out
/// (counted); the final `closed` always fits and nothing is queued after it.
///
/// Thread safe: `push` and `start` from the actors, the rest from any thread.
class connection_event_queue {
public:
  /// `limit` is at least 1.
  explicit connection_event_queue(size_t limit) : limit_(limit) {
  }

  /// The connection's reply to `observe_atom`. It only becomes the state if
  /// no event came first: an event was sent after the reply, so it is newer.
  void start(connection_state x) {
    std::lock_guard<std::mutex> guard{mtx_};
    if (!seen_event_)
      state_ = x;
  }

  /// Queues `x` and makes its state the latest. False once nothing more is
  /// taken: `closed` was queued (this one or an earlier one).
  bool push(connection_event x) {
    bool open = false;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (closed_)
        return false;
      seen_event_ = true;
      state_ = x.state;
      if (x.state == connection_state::closed) {
        closed_ = true;
      } else if (items_.size() >= limit_) {
        items_.pop_front();
        ++dropped_;
      }
      items_.push_back(std::move(x));
      open = !closed_;
    }
    cv_.notify_all();
    return open;
  }

  /// The next event, waiting at most `timeout` (not at all for zero or
  /// less); nothing on timeout or once `closed` was taken.
  std::optional<connection_event> pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (!cv_.wait_for(guard, timeout, [this] { return ended_ || !items_.empty(); }) || ended_)
      return std::nullopt;
    auto x = std::move(items_.front());
    items_.pop_front();
    if (x.state == connection_state::closed) {
      ended_ = true;
      // Other threads waiting in `pop` return now rather than at their
      // timeout.
      cv_.notify_all();
    }
    return x;
  }

  /// What the readers may ask about the queue, read together.
  struct status {
    /// The latest state known: the reply to `observe_atom`, then that of
    /// each event as it was queued.
    connection_state state = connection_state::connecting;
    /// Events waiting to be read.
    size_t waiting = 0;
    /// Unread events pushed out by newer ones.
    size_t dropped = 0;
    /// `closed` was taken.
    bool ended = false;
  };

  status state() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return {state_, items_.size(), dropped_, ended_};
  }

private:
  const size_t limit_;
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<connection_event> items_;
  connection_state state_ = connection_state::connecting;
  size_t dropped_ = 0;
  /// An event was queued: the reply to `observe_atom` is older news.
  bool seen_event_ = false;
  /// `closed` was queued: nothing more is.
  bool closed_ = false;
  /// `closed` was taken.
  bool ended_ = false;
};

} // namespace surrealcaf::detail
