#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "surrealcaf/detail/take_mapped.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// The calls a connection has in flight: request id → whoever waits for the
/// reply (`Payload`, e.g. a response promise or a callback), with the session
/// and method the call was sent for. Ids start at 1 and only grow, so an id
/// is never reused while the connection lives and a late reply to an
/// abandoned call cannot complete a newer one.
///
/// Each call may carry a deadline; `expire` removes the calls whose deadline
/// passed. It looks from the oldest call forward and stops at the first one
/// still due later, which finds every expired call as long as deadlines grow
/// with ids: true for a connection, which gives every call the same timeout
/// on a monotonic clock. (A call with an earlier deadline behind a later one
/// would wait for that one.)
///
/// Plain data, no I/O; not thread safe (the connection actor owns it).
template <class Payload>
class pending_calls {
public:
  using clock = std::chrono::steady_clock;
  using time_point = clock::time_point;

  /// No deadline: the call waits for its reply or for `take_all`.
  static constexpr time_point no_deadline = time_point::max();

  struct entry {
    Payload payload;
    /// The session the request named; empty for the default session.
    std::optional<uuid> session;
    rpc::method method = rpc::method::ping;
    /// When the call is abandoned if no reply came.
    time_point deadline = no_deadline;
  };

  /// Registers a call and returns its new id.
  int64_t add(Payload payload, std::optional<uuid> session, rpc::method method,
              time_point deadline = no_deadline) {
    auto id = next_id_++;
    calls_.emplace(id, entry{std::move(payload), session, method, deadline});
    return id;
  }

  bool contains(int64_t id) const { return calls_.count(id) != 0; }

  /// The entry for `id`, without removing it; nullptr if none.
  const entry* find(int64_t id) const {
    auto i = calls_.find(id);
    return i == calls_.end() ? nullptr : &i->second;
  }

  /// Removes and returns the call `id`, if it is in flight.
  std::optional<entry> take(int64_t id) { return take_mapped(calls_, id); }

  /// Removes and returns every call in flight, oldest first.
  std::vector<std::pair<int64_t, entry>> take_all() {
    std::vector<std::pair<int64_t, entry>> result;
    result.reserve(calls_.size());
    for (auto& kvp : calls_)
      result.emplace_back(kvp.first, std::move(kvp.second));
    calls_.clear();
    return result;
  }

  /// Removes and returns the calls whose deadline is `now` or earlier,
  /// oldest first (see the class comment for the order it relies on).
  std::vector<std::pair<int64_t, entry>> expire(time_point now) {
    std::vector<std::pair<int64_t, entry>> result;
    auto i = calls_.begin();
    for (; i != calls_.end() && i->second.deadline <= now; ++i)
      result.emplace_back(i->first, std::move(i->second));
    calls_.erase(calls_.begin(), i);
    return result;
  }

  /// The deadline of the oldest call, which `expire` checks first; nothing
  /// when no call is in flight or the oldest has no deadline.
  std::optional<time_point> next_deadline() const {
    if (calls_.empty() || calls_.begin()->second.deadline == no_deadline)
      return std::nullopt;
    return calls_.begin()->second.deadline;
  }

  size_t size() const noexcept { return calls_.size(); }

  bool empty() const noexcept { return calls_.empty(); }

  /// The id the next call will get.
  int64_t next_id() const noexcept { return next_id_; }

private:
  int64_t next_id_ = 1;
  // Ordered, so take_all() fails calls in the order they were made.
  std::map<int64_t, entry> calls_;
};

} // namespace surrealcaf::detail
