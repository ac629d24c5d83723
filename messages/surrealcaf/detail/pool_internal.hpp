#pragma once

#include "caf/atom.hpp"
#include "caf/replies_to.hpp"

#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/message_types.hpp"
#include "surrealcaf/pool_actor.hpp"

namespace surrealcaf {

/// A pool tells its connection it belongs to the pool: when it gives up
/// reconnecting, its sessions go to the pool instead of shutting down.
using pool_atom = caf::atom_constant<caf::atom("pool")>;
/// A session that must move: from a connection that gave up to its pool,
/// and from the pool to the connection that takes it over.
using adopt_atom = caf::atom_constant<caf::atom("adopt")>;
/// A connection tells its pool a session left it (closed, or dead).
using departed_atom = caf::atom_constant<caf::atom("departed")>;
/// A connection that gave up tells a session it is about to move: hold
/// calls until the new connection takes it.
using moving_atom = caf::atom_constant<caf::atom("moving")>;
/// The new connection tells a moved session it is its connection now.
using rehome_atom = caf::atom_constant<caf::atom("rehome")>;

} // namespace surrealcaf

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
  /// From a connection: session `id` left it (closed or dead).
  caf::reacts_to<departed_atom, uuid>>;

} // namespace surrealcaf::detail
