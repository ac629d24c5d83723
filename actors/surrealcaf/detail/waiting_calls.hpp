#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
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
/// Bounded: `push` refuses a call beyond `limit`. Deadlines need not grow
/// with arrival (a call may have its own timeout), so the calls are also
/// indexed by deadline: `expire` and `next_deadline` look only at the calls
/// that are due. `Payload` is whoever waits for the reply.
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
    /// How long the deadline allowed, for the error's text; zero when it is
    /// the connection's own timeout.
    std::chrono::milliseconds timeout{0};
  };

  explicit waiting_calls(size_t limit = 10'000) : limit_(limit) {}

  void set_limit(size_t limit) noexcept { limit_ = limit; }

  /// Queues a call; false (and `req`, `payload` untouched) when `limit` wait
  /// already.
  bool push(session_key session, rpc::request& req, Payload& payload, time_point deadline,
            std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    if (calls_.size() >= limit_)
      return false;
    auto key = next_;
    // Neither or both: a call without its index entry would never expire.
    auto index = deadlines_.emplace(deadline, key).first;
    try {
      calls_.emplace(key, entry{std::move(session), std::move(req), std::move(payload), deadline,
                                timeout});
    } catch (...) {
      deadlines_.erase(index);
      throw;
    }
    ++next_;
    return true;
  }

  /// Removes and returns the calls of `session`, oldest first.
  std::vector<entry> take(const session_key& session) {
    std::vector<entry> result;
    for (auto i = calls_.begin(); i != calls_.end();) {
      if (i->second.session == session) {
        deadlines_.erase({i->second.deadline, i->first});
        result.push_back(std::move(i->second));
        i = calls_.erase(i);
      } else {
        ++i;
      }
    }
    return result;
  }

  /// Removes and returns the calls whose deadline is `now` or earlier,
  /// oldest (first made) first, whatever the order of their deadlines.
  std::vector<entry> expire(time_point now) {
    auto due_end = deadlines_.upper_bound({now, std::numeric_limits<uint64_t>::max()});
    std::vector<uint64_t> keys;
    for (auto i = deadlines_.begin(); i != due_end; ++i)
      keys.push_back(i->second);
    std::sort(keys.begin(), keys.end());
    std::vector<entry> result;
    result.reserve(keys.size());
    // Nothing changed above, so a bad_alloc there loses no call.
    deadlines_.erase(deadlines_.begin(), due_end);
    for (auto key : keys) {
      auto node = calls_.extract(key);
      result.push_back(std::move(node.mapped()));
    }
    return result;
  }

  /// Removes and returns every call, oldest first.
  std::vector<entry> take_all() {
    std::vector<entry> result;
    result.reserve(calls_.size());
    for (auto& kvp : calls_)
      result.push_back(std::move(kvp.second));
    calls_.clear();
    deadlines_.clear();
    return result;
  }

  /// The earliest deadline of any waiting call, which `expire` meets first.
  std::optional<time_point> next_deadline() const {
    if (deadlines_.empty())
      return std::nullopt;
    return deadlines_.begin()->first;
  }

  size_t size() const noexcept { return calls_.size(); }

  bool empty() const noexcept { return calls_.empty(); }

private:
  size_t limit_;
  uint64_t next_ = 0;
  // Ordered by arrival.
  std::map<uint64_t, entry> calls_;
  // Every entry of calls_ by deadline, earliest first (ties by arrival).
  std::set<std::pair<time_point, uint64_t>> deadlines_;
};

} // namespace surrealcaf::detail
