#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "surrealcaf/detail/take_mapped.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// The live queries of one session: live id → subscriber, and the
/// notifications that arrive before their live query is known.
///
/// The server may push a live query's first notification before the reply
/// to `live` (they are separate frames, sent concurrently). So while a live
/// call is in flight (`call_started` .. `call_ended`), a notification for an
/// unknown id is kept, up to `max_buffered`, and `add` hands the ones for
/// the new id back in order. When no live call is in flight, a notification
/// for an unknown id has no one to wait for and is dropped.
///
/// Every stream ends exactly once: with a KILLED notification from the
/// server (`route` says `last`), or by `end`, `end_all` or
/// `end_subscriber`; an ended id is forgotten, so nothing routes to it
/// afterwards. After a reconnect a live query runs under a new server id
/// (`rename`); its subscriber keeps the id it was given. `Handle` is
/// whatever reaches a subscriber (`live_subscriber` in
/// the session actor), comparable with `==`.
///
/// Plain data, no I/O; not thread safe (the session actor owns it).
template <class Handle>
class live_subscriptions {
public:
  /// How many early notifications are kept at most, over all live calls in
  /// flight; further ones are dropped (and counted).
  static constexpr size_t max_buffered = 256;

  /// Where a routed notification goes; `last` when it ends the stream
  /// (KILLED), which `route` has already forgotten.
  struct delivery {
    Handle subscriber;
    bool last = false;
  };

  /// What `add` found waiting for the new live query, oldest first. When
  /// one of them is KILLED it is the last entry and the stream has already
  /// ended: the id is not registered.
  struct backlog {
    std::vector<rpc::notification> notifications;
    bool ended = false;
  };

  /// A live call was sent.
  void call_started() { ++calls_in_flight_; }

  /// A live call ended (with its reply or an error), after `add` for a
  /// success. When none is left in flight, the early notifications nobody
  /// claimed are dropped.
  void call_ended() {
    if (calls_in_flight_ > 0)
      --calls_in_flight_;
    if (calls_in_flight_ == 0) {
      dropped_ += buffered_.size();
      buffered_ = {};
    }
  }

  /// Registers live query `id` for `subscriber` and returns what arrived for
  /// it before.
  backlog add(const uuid& id, Handle subscriber) {
    auto result = take_buffered(id, id);
    if (!result.ended)
      subscribers_.emplace(id, std::move(subscriber));
    return result;
  }

  /// After a reconnect, live query `id` (the id its subscriber holds) runs
  /// on the server as `server_id`: notifications for `server_id` are routed
  /// as `id` from now on. Returns what arrived for `server_id` before, with
  /// `id` in it (as `add`); when that ended the stream, `id` is forgotten.
  backlog rename(const uuid& id, const uuid& server_id) {
    auto result = take_buffered(server_id, id);
    if (result.ended) {
      end(id);
      return result;
    }
    if (server_id != id) {
      client_of_[server_id] = id;
      server_of_[id] = server_id;
    }
    return result;
  }

  /// The id the server knows live query `id` by now.
  uuid server_id(const uuid& id) const {
    auto i = server_of_.find(id);
    return i == server_of_.end() ? id : i->second;
  }

  /// The socket was lost: the ids the server gave are stale until `rename`.
  void forget_server_ids() {
    client_of_.clear();
    server_of_.clear();
  }

private:
  // Takes the early notifications for `server_id`, as live query `id`.
  backlog take_buffered(const uuid& server_id, const uuid& id) {
    backlog result;
    for (auto i = buffered_.begin(); i != buffered_.end();) {
      if (i->live_id == server_id && !result.ended) {
        i->live_id = id;
        result.ended = i->action == rpc::live_action::killed;
        result.notifications.push_back(std::move(*i));
        i = buffered_.erase(i);
      } else if (i->live_id == server_id) {
        // Anything after KILLED is after the end.
        ++dropped_;
        i = buffered_.erase(i);
      } else {
        ++i;
      }
    }
    return result;
  }

  void forget_alias(const uuid& id) {
    if (auto i = server_of_.find(id); i != server_of_.end()) {
      client_of_.erase(i->second);
      server_of_.erase(i);
    }
  }

public:

  /// Where notification `x` goes: its subscriber, or nothing when it was
  /// kept for a live call in flight or dropped.
  std::optional<delivery> route(rpc::notification& x) {
    if (auto alias = client_of_.find(x.live_id); alias != client_of_.end())
      x.live_id = alias->second;
    auto i = subscribers_.find(x.live_id);
    if (i == subscribers_.end()) {
      if (calls_in_flight_ > 0 && buffered_.size() < max_buffered)
        buffered_.push_back(std::move(x));
      else
        ++dropped_;
      return std::nullopt;
    }
    delivery result{i->second, x.action == rpc::live_action::killed};
    if (result.last) {
      subscribers_.erase(i);
      forget_alias(x.live_id);
    }
    return result;
  }

  /// Ends live query `id`; returns its subscriber, or nothing if `id` is
  /// not (or no longer) registered.
  std::optional<Handle> end(const uuid& id) {
    forget_alias(id);
    return take_mapped(subscribers_, id);
  }

  /// Ends every live query (and drops the early notifications); returns
  /// them as (id, subscriber).
  std::vector<std::pair<uuid, Handle>> end_all() {
    std::vector<std::pair<uuid, Handle>> result(subscribers_.begin(), subscribers_.end());
    subscribers_.clear();
    forget_server_ids();
    dropped_ += buffered_.size();
    buffered_ = {};
    return result;
  }

  /// Ends every live query of the subscriber `who` (e.g. the address of an
  /// actor that died) and returns them as (id, the id the server knows it by).
  template <class T>
  std::vector<std::pair<uuid, uuid>> end_subscriber(const T& who) {
    std::vector<std::pair<uuid, uuid>> result;
    for (auto i = subscribers_.begin(); i != subscribers_.end();) {
      if (i->second == who) {
        result.emplace_back(i->first, server_id(i->first));
        forget_alias(i->first);
        i = subscribers_.erase(i);
      } else {
        ++i;
      }
    }
    return result;
  }

  /// How many live queries `who` is subscribed to.
  template <class T>
  size_t count_of(const T& who) const {
    size_t n = 0;
    for (auto& kvp : subscribers_)
      if (kvp.second == who)
        ++n;
    return n;
  }

  bool contains(const uuid& id) const { return subscribers_.count(id) != 0; }

  /// The subscriber of live query `id`, if it is registered.
  std::optional<Handle> subscriber_of(const uuid& id) const {
    auto i = subscribers_.find(id);
    if (i == subscribers_.end())
      return std::nullopt;
    return i->second;
  }

  /// Live queries registered.
  size_t size() const noexcept { return subscribers_.size(); }

  /// Notifications kept for live calls in flight.
  size_t buffered() const noexcept { return buffered_.size(); }

  /// Notifications that reached no subscriber: for an unknown or ended
  /// live query, beyond `max_buffered`, or never claimed.
  size_t dropped() const noexcept { return dropped_; }

private:
  std::map<uuid, Handle> subscribers_;
  /// Live queries registered again after a reconnect: server id → the id
  /// the subscriber holds, and back.
  std::map<uuid, uuid> client_of_;
  std::map<uuid, uuid> server_of_;
  /// A vector, not a deque: empty, it allocates nothing (a deque takes
  /// ~450 bytes at once, in every session), and emptied it gives its memory
  /// back. At most `max_buffered` long, so erasing inside it is cheap.
  std::vector<rpc::notification> buffered_;
  size_t calls_in_flight_ = 0;
  size_t dropped_ = 0;
};

} // namespace surrealcaf::detail
