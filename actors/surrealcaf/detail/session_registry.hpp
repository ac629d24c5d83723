#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/uuid/uuid_hash.hpp>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Names a session on the wire: its UUID, or nothing for the connection's
/// default session (a request without a `session` field).
using session_key = std::optional<uuid>;

/// The sessions of one connection: the default session and the attached
/// ones by UUID. `Handle` is whatever the owner uses to reach a session (the
/// connection actor stores `session_actor`; tests can store anything
/// comparable with `==`).
///
/// Plain data, no I/O; not thread safe (the connection actor owns it).
template <class Handle>
class session_registry {
public:
  /// Sets (or replaces) the default session.
  void set_default(Handle x) { default_ = std::move(x); }

  /// The default session, if set.
  const std::optional<Handle>& default_session() const noexcept { return default_; }

  /// Registers an attached session; returns false (and changes nothing) if
  /// `id` is taken.
  bool add(const uuid& id, Handle x) { return attached_.emplace(id, std::move(x)).second; }

  /// The session a frame names: the default one for an empty key, nullptr
  /// when no such session is registered.
  const Handle* find(const session_key& key) const {
    if (!key)
      return default_ ? &*default_ : nullptr;
    auto i = attached_.find(*key);
    return i == attached_.end() ? nullptr : &i->second;
  }

  /// Forgets a session; returns false if it was not registered.
  bool erase(const session_key& key) {
    if (!key) {
      auto had = default_.has_value();
      default_.reset();
      return had;
    }
    return attached_.erase(*key) != 0;
  }

  /// Forgets the session whose handle equals `who` (e.g. an actor address
  /// from a down message) and returns its key; nothing if none matches.
  template <class T>
  std::optional<session_key> erase_handle(const T& who) {
    if (default_ && *default_ == who) {
      default_.reset();
      return session_key{};
    }
    for (auto i = attached_.begin(); i != attached_.end(); ++i) {
      if (i->second == who) {
        auto id = i->first;
        attached_.erase(i);
        return session_key{id};
      }
    }
    return std::nullopt;
  }

  /// Every registered handle, the default session first.
  std::vector<Handle> all() const {
    std::vector<Handle> result;
    result.reserve(size());
    if (default_)
      result.push_back(*default_);
    for (auto& kvp : attached_)
      result.push_back(kvp.second);
    return result;
  }

  /// Calls `f(id, handle)` for every attached session.
  template <class F>
  void for_each_attached(F&& f) const {
    for (auto& kvp : attached_)
      f(kvp.first, kvp.second);
  }

  /// Forgets every session.
  void clear() {
    default_.reset();
    attached_.clear();
  }

  /// The attached sessions (the default one not counted).
  size_t attached() const noexcept { return attached_.size(); }

  /// All sessions, the default one included.
  size_t size() const noexcept { return attached_.size() + (default_ ? 1 : 0); }

private:
  std::optional<Handle> default_;
  std::unordered_map<uuid, Handle> attached_;
};

} // namespace surrealcaf::detail
