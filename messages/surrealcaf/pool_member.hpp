#pragma once

#include <cstddef>
#include <string>

#include "surrealcaf/connection_event.hpp"

namespace surrealcaf {

/// One connection of a `connection_pool` as the pool sees it (`members_atom`,
/// `basic_connection_pool::members`, and the argument of a placement
/// function, pool_options.hpp).
struct pool_member {
  /// The URL it connects to, as given in `pool_options::endpoints`.
  std::string endpoint;
  /// What its connection reported last; `connecting` also for a lazy member
  /// not opened yet (`opened` false), `closed` for one that ended (it
  /// failed to connect, or gave up reconnecting and its sessions moved).
  connection_state state = connection_state::connecting;
  /// True once its connection was spawned.
  bool opened = false;
  /// The sessions placed on it, or moved to it, and not closed since.
  size_t sessions = 0;
};

} // namespace surrealcaf
