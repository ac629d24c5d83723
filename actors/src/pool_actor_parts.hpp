#pragma once

// What the pool actor's sources share (pool_actor.cpp: the behaviour;
// pool_spawn.cpp: checking the options and spawning it). Private to
// actors/src.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "caf/actor_addr.hpp"
#include "caf/actor_system.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/pool_internal.hpp"
#include "surrealcaf/pool.hpp"

namespace surrealcaf::detail {

/// What `spawn_pool` refuses (pool.hpp): `errc::invalid_argument` or
/// `errc::invalid_url` naming the first problem, or no error.
caf::error pool_options_problem(const pool_options& opts);

} // namespace surrealcaf::detail

namespace surrealcaf::detail::pool_parts {

/// The pool as it runs: `pool_internal` plus its own timers, each naming a
/// waiting `new_session` or a session in transit by its ticket. Nobody else
/// holds this handle.
using pool_self = pool_internal::extend<caf::reacts_to<deadline_atom, uint64_t>>;

/// One connection of the pool.
struct member {
  /// Its public view; `sessions` counts the recorded sessions only.
  pool_member view;
  /// Null until opened.
  connection_internal conn;
  /// Placements on it whose `session_atom` has not been answered yet.
  size_t placing = 0;
  /// True once an event came from it (its `observe_atom` reply is older).
  bool heard = false;
  /// True once it was connected: it failed to connect otherwise.
  bool was_connected = false;
};

/// A `new_session` waiting for room (`when_full::wait`) or for a member
/// that takes sessions.
struct waiting_placement {
  uint64_t ticket = 0;
  caf::typed_response_promise<session_actor> rp;
};

/// A session whose connection gave up, on its way to another.
struct transit_session {
  uuid id;
  session_internal session;
  /// Members that refused it (or failed to answer) since the last change.
  std::set<size_t> tried;
  /// True while a member is asked to take it.
  bool asking = false;
  /// True once its deadline passed while a member was asked: a refusal
  /// then shuts it down.
  bool expired = false;
};

struct pool_state {
  pool_options opts;
  pool_transport_maker make;
  std::vector<member> members;
  /// The member each session the pool knows lives on.
  std::map<caf::actor_addr, size_t> homes;
  /// Members opened beyond the initial ones (their endpoints go in turn).
  size_t opened_beyond = 0;
  size_t cursor = 0;
  size_t adopt_cursor = 0;
  uint64_t next_ticket = 1;
  std::deque<waiting_placement> waiting;
  /// Placements asked of a member, by ticket: answered at close if the
  /// member never does.
  std::map<uint64_t, caf::typed_response_promise<session_actor>> placing;
  std::map<uint64_t, transit_session> transit;
  std::vector<connection_observer> observers;
  std::vector<caf::typed_response_promise<std::string>> connect_waiters;
  /// What observers were told last.
  connection_state state = connection_state::connecting;
  bool closed = false;

  static inline const char* name = "surrealcaf.pool";
};

using self_pointer = pool_self::stateful_pointer<pool_state>;

/// Spawns the pool; `opts` are checked already.
pool_actor spawn_pool_actor(caf::actor_system& sys, pool_transport_maker make, pool_options opts);

} // namespace surrealcaf::detail::pool_parts
