#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

#include "surrealcaf/live_overflow.hpp"
#include "surrealcaf/rpc/notification.hpp"

namespace surrealcaf::detail {

/// The notifications of one live stream between the hidden subscriber actor
/// (producer) and the stream's readers (consumers), at most `limit` unread
/// ones; the final `killed` always fits. What happens to one more is the
/// `policy` (see `live_overflow`).
///
/// Thread safe: `push` from the subscriber, the rest from any thread.
class live_queue {
public:
  live_queue(size_t limit, live_overflow policy) : limit_(limit), policy_(policy) {
  }

  /// Queues `x`. False once the queue takes nothing more: after `killed`,
  /// or after it overflowed under `end_stream` (then it queued a `killed` of
  /// its own and the subscriber should stop).
  bool push(rpc::notification x) {
    bool open = false;
    {
      std::lock_guard<std::mutex> guard{mtx_};
      if (closed_)
        return false;
      if (x.action == rpc::live_action::killed) {
        closed_ = true;
      } else if (items_.size() >= limit_) {
        if (policy_ == live_overflow::drop_oldest) {
          items_.pop_front();
          ++dropped_;
        } else {
          overflowed_ = true;
          closed_ = true;
          x = rpc::notification{x.live_id, rpc::live_action::killed, none, none, x.session};
        }
      }
      items_.push_back(std::move(x));
      open = !closed_;
    }
    cv_.notify_all();
    return open;
  }

  /// The next notification, waiting at most `timeout`; nothing on timeout or
  /// once `killed` was taken.
  std::optional<rpc::notification> pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (!cv_.wait_for(guard, timeout, [this] { return ended_ || !items_.empty(); }) || ended_)
      return std::nullopt;
    auto x = std::move(items_.front());
    items_.pop_front();
    if (x.action == rpc::live_action::killed) {
      ended_ = true;
      // Other threads waiting in `pop` return now rather than at their
      // timeout.
      cv_.notify_all();
    }
    return x;
  }

  /// What the readers may ask about the queue, read together.
  struct status {
    /// Notifications waiting to be read.
    size_t waiting = 0;
    /// Notifications discarded under `drop_oldest`.
    size_t dropped = 0;
    /// The queue overflowed under `end_stream`.
    bool overflowed = false;
    /// `killed` was taken.
    bool ended = false;
  };

  status state() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return {items_.size(), dropped_, overflowed_, ended_};
  }

private:
  const size_t limit_;
  const live_overflow policy_;
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<rpc::notification> items_;
  size_t dropped_ = 0;
  bool overflowed_ = false;
  /// Nothing more is queued (killed, or overflowed under end_stream).
  bool closed_ = false;
  /// `killed` was taken.
  bool ended_ = false;
};

} // namespace surrealcaf::detail
