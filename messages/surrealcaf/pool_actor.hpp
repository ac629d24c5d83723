#pragma once

#include <vector>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/message_types.hpp"
#include "surrealcaf/pool_member.hpp"

namespace surrealcaf {

/// A pool of connections to one or more endpoints (`spawn_pool`,
/// pool_options.hpp). It takes every message of `connection_actor`, so code
/// written against one connection works against a pool, and converts to a
/// `connection_actor` handle:
/// - `session_atom` (new_session) places the new session on a connection by
///   `pool_options::placement`; beyond the limits it opens another
///   connection (up to `max_connections`) or fails with `errc::pool_full`
///   or waits, by `pool_options::when_full`.
/// - `default_atom`: the default session of the first connection that is
///   open; a default session belongs to its socket and never moves.
/// - `connected_atom`: the subprotocol once one connection is open;
///   `errc::connect_failed` when every eager one failed.
/// - `close_atom` closes every connection.
/// - `observe_atom`: the pool's state: `connected` while one connection is
///   healthy, `disconnected` while none is, `closed` at the end.
/// - `counters_atom`: the members' counters added up.
/// - `sessions_atom`: the members' lists, concatenated.
///
/// When a connection gives up reconnecting, its sessions (those from
/// `new_session` and `fork_session`) move to a healthy connection and
/// resume there with their state and live queries (docs/scale-out.md).
using pool_actor = connection_actor::extend<
  /// The pool's connections, in the order of `pool_options::endpoints`
  /// (each endpoint's `connections_per_endpoint` in a row), then those it
  /// opened beyond them.
  caf::replies_to<members_atom>::with<std::vector<pool_member>>>;

} // namespace surrealcaf
