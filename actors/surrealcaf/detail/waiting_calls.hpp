#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "surrealcaf/detail/session_registry.hpp"
#include "surrealcaf/rpc/request.hpp"

namespace surrealcaf::detail {

/// The calls that wait for a reconnect: made while the socket was down, or
/// before their session was resumed on the new one. Each is sent once its
/// session is resumed (`take`), in the order it was made, or ends when its
/// deadline passes (`expire`) or the connection closes (`take_all`).
///
/// Bounded: `push` refuses a call beyond `limit`. Every call has the same
/// timeout, so deadlines grow with arrival and `expire` looks at the oldest
/// first. `Payload` is whoever waits for the reply.
///
/// Plain data, no I/O; not thread safe (the connection actor owns it).
template <class Payload>
class waiting_calls {
public:
  using time_point = std::chrono::steady_clock::time_point;

  struct entry {
    session_key session;
    rpc::request req;
    Payload payload;
    time_point deadline;
  };

  explicit waiting_calls(size_t limit = 10'000) : limit_(limit) {}

  void set_limit(size_t limit) noexcept { limit_ = limit; }

  /// Queues a call; false (and `payload` untouched) when `limit` wait already.
  bool push(session_key session, rpc::request& req, Payload& payload, time_point deadline) {
    if (calls_.size() >= limit_)
      return false;
    calls_.emplace(next_++, entry{std::move(session), std::move(req), std::move(payload), deadline});
    return true;
  }

  /// Removes and returns the calls of `session`, oldest first.
  std::vector<entry> take(const session_key& session) {
    std::vector<entry> result;
    for (auto i = calls_.begin(); i != calls_.end();) {
      if (i->second.session == session) {
        result.push_back(std::move(i->second));
        i = calls_.erase(i);
      } else {
        ++i;
      }
    }
    return result;
  }

  /// Removes and returns the calls whose deadline is `now` or earlier.
  std::vector<entry> expire(time_point now) {
    std::vector<entry> result;
    auto i = calls_.begin();
    for (; i != calls_.end() && i->second.deadline <= now; ++i)
      result.push_back(std::move(i->second));
    calls_.erase(calls_.begin(), i);
    return result;
  }

  /// Removes and returns every call, oldest first.
  std::vector<entry> take_all() {
    std::vector<entry> result;
    result.reserve(calls_.size());
    for (auto& kvp : calls_)
      result.push_back(std::move(kvp.second));
    calls_.clear();
    return result;
  }

  /// The oldest call's deadline, if any call waits.
  std::optional<time_point> next_deadline() const {
    if (calls_.empty())
      return std::nullopt;
    return calls_.begin()->second.deadline;
  }

  size_t size() const noexcept { return calls_.size(); }

  bool empty() const noexcept { return calls_.empty(); }

private:
  size_t limit_;
  uint64_t next_ = 0;
  // Ordered by arrival.
  std::map<uint64_t, entry> calls_;
};

} // namespace surrealcaf::detail
