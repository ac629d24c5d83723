#pragma once

#include <utility>

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

namespace surrealcaf::detail {

/// A hidden helper actor spawned for a call (a live stream's subscriber, a
/// connection_events' observer), held until the handle built from the
/// call's reply takes it (`release`). If the call fails, that conversion
/// never runs, and the guard, which it holds, stops the actor when it goes.
/// Not copyable: a copy's destructor would stop the actor too, so the
/// conversion shares one built in place.
template <class Handle>
class actor_guard {
public:
  explicit actor_guard(Handle hdl) : hdl_(std::move(hdl)) {
  }

  ~actor_guard() {
    if (hdl_)
      caf::anon_send_exit(hdl_, caf::exit_reason::user_shutdown);
  }

  actor_guard(const actor_guard&) = delete;
  actor_guard& operator=(const actor_guard&) = delete;

  /// The actor, no longer stopped by the guard.
  Handle release() {
    return std::move(hdl_);
  }

private:
  Handle hdl_;
};

} // namespace surrealcaf::detail
