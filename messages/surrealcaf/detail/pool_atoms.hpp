#pragma once

// The atoms of the pool's messages to its connections and their sessions,
// apart from pool_internal.hpp because session_internal.hpp (which that
// header includes) names two of them.

#include "caf/atom.hpp"

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
