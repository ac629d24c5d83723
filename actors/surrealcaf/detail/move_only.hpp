#pragma once

namespace surrealcaf::detail {

/// A private base that makes a handle move-only without declaring its
/// special members: for the handles whose end ends something on the server
/// (a transaction cancels, a live stream kills its query), which must
/// therefore have a single owner. The handle's own members keep the rule of
/// zero: moving moves them, a moved-from handle is empty.
class move_only {
protected:
  move_only() = default;
  ~move_only() = default;
  move_only(move_only&&) noexcept = default;
  move_only& operator=(move_only&&) noexcept = default;
  move_only(const move_only&) = delete;
  move_only& operator=(const move_only&) = delete;
};

} // namespace surrealcaf::detail
