#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <algorithm>
#include <map>
#include <optional>
#include <set>
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
/// Each call may carry a deadline; `expire` removes every call whose
/// deadline passed, whatever its id: deadlines need not grow with ids (after
/// a reconnect, calls that waited keep their earlier deadlines but get newer
/// ids). The calls with a deadline are also indexed by it, so `expire` and
/// `next_deadline` look only at the calls that are due.
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
    /// How long the deadline allowed, for the error's text; zero when it is
    /// the connection's own timeout.
    std::chrono::milliseconds timeout{0};
  };

  /// Registers a call and returns its new id.
  int64_t add(Payload payload, std::optional<uuid> session, rpc::method method,
              time_point deadline = no_deadline,
              std::chrono::milliseconds timeout = std::chrono::milliseconds{0}) {
    auto id = next_id_;
    auto i =
      calls_.emplace(id, entry{std::move(payload), session, method, deadline, timeout}).first;
    if (deadline != no_deadline) {
      try {
        deadlines_.emplace(deadline, id);
      } catch (...) {
        // Neither or both: a call without its index entry would never expire.
        calls_.erase(i);
        throw;
      }
    }
    ++next_id_;
    return id;
  }

  bool contains(int64_t id) const { return calls_.count(id) != 0; }

  /// The entry for `id`, without removing it; nullptr if none.
  const entry* find(int64_t id) const {
    auto i = calls_.find(id);
    return i == calls_.end() ? nullptr : &i->second;
  }

  /// Removes and returns the call `id`, if it is in flight.
  std::optional<entry> take(int64_t id) {
    auto e = take_mapped(calls_, id);
    if (e && e->deadline != no_deadline)
      deadlines_.erase({e->deadline, id});
    return e;
  }

  /// Removes and returns every call in flight, oldest first.
  std::vector<std::pair<int64_t, entry>> take_all() {
    std::vector<std::pair<int64_t, entry>> result;
    result.reserve(calls_.size());
    for (auto& kvp : calls_)
      result.emplace_back(kvp.first, std::move(kvp.second));
    calls_.clear();
    deadlines_.clear();
    return result;
  }

  /// Removes and returns every call whose deadline is `now` or earlier,
  /// oldest (lowest id) first, whatever the order of their deadlines. Calls
  /// without a deadline never expire.
  std::vector<std::pair<int64_t, entry>> expire(time_point now) {
    auto due_end = deadlines_.upper_bound({now, std::numeric_limits<int64_t>::max()});
    std::vector<int64_t> ids;
    for (auto i = deadlines_.begin(); i != due_end; ++i)
      ids.push_back(i->second);
    std::sort(ids.begin(), ids.end());
    std::vector<std::pair<int64_t, entry>> result;
    result.reserve(ids.size());
    // Nothing changed above, so a bad_alloc there loses no call.
    for (auto id : ids) {
      auto node = calls_.extract(id);
      deadlines_.erase({node.mapped().deadline, id});
      result.emplace_back(id, std::move(node.mapped()));
    }
    return result;
  }

  /// The earliest deadline of any call in flight, which `expire` meets
  /// first; nothing when no call has a deadline.
  std::optional<time_point> next_deadline() const {
    if (deadlines_.empty())
      return std::nullopt;
    return deadlines_.begin()->first;
  }

  size_t size() const noexcept { return calls_.size(); }

  bool empty() const noexcept { return calls_.empty(); }

  /// The id the next call will get.
  int64_t next_id() const noexcept { return next_id_; }

private:
  int64_t next_id_ = 1;
  // Ordered, so take_all() fails calls in the order they were made.
  std::map<int64_t, entry> calls_;
  // The calls with a deadline, earliest first (ties by id): exactly the
  // entries of calls_ whose deadline is not no_deadline.
  std::set<std::pair<time_point, int64_t>> deadlines_;
};

} // namespace surrealcaf::detail
