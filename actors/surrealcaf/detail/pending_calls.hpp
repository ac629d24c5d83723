#pragma once

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
/// Plain data, no I/O; not thread safe (the connection actor owns it).
template <class Payload>
class pending_calls {
public:
  struct entry {
    Payload payload;
    /// The session the request named; empty for the default session.
    std::optional<uuid> session;
    rpc::method method = rpc::method::ping;
  };

  /// Registers a call and returns its new id.
  int64_t add(Payload payload, std::optional<uuid> session, rpc::method method) {
    auto id = next_id_++;
    calls_.emplace(id, entry{std::move(payload), session, method});
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
