#pragma once

#include "caf/actor_addr.hpp"
#include "caf/replies_to.hpp"

#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/detail/pool_atoms.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/message_types.hpp"
#include "surrealcaf/pool_actor.hpp"

namespace surrealcaf::detail {

/// A pool as its connections see it: the public `pool_actor` plus the
/// messages only its connections send. The pool actor implements this;
/// `spawn_pool` returns the `pool_actor` it converts to.
using pool_internal = pool_actor::extend<
  /// A state change of one of its connections (it observes them all; the
  /// sender tells which).
  caf::reacts_to<connection_event>,
  /// From a connection that gave up reconnecting: its session `id` (its
  /// actor `session`) must move to a healthy connection. The connection
  /// forgot it already and failed its calls in flight with
  /// `errc::connection_lost`; the session holds its later calls.
  caf::reacts_to<adopt_atom, uuid, session_internal>,
  /// From a connection: the session of this actor left it (closed, or
  /// dead). By address, because the pool knows the sessions it placed by
  /// their handles (a `session_atom` reply carries no UUID).
  caf::reacts_to<departed_atom, caf::actor_addr>>;

} // namespace surrealcaf::detail
