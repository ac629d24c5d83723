#pragma once

// How the blocking and async faces open a pool: `spawn_pool` (or a mock in
// tests) behind the connector of connect_faces.hpp, so a pool connects,
// waits and cleans up exactly as one connection does. Internal.

#include <functional>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/connection_pool.hpp"
#include "surrealcaf/future.hpp"
#include "surrealcaf/pool_actor.hpp"
#include "surrealcaf/pool_options.hpp"

namespace surrealcaf::detail {

/// Makes the pool actor on `sys`: `spawn_pool` of pool.hpp in production, a
/// mock in tests.
using pool_spawner =
  std::function<caf::expected<pool_actor>(caf::actor_system& sys, const pool_options& opts)>;

/// The spawner of `basic_connection_pool::connect`: `spawn_pool`.
pool_spawner default_pool_spawner();

/// `async_connection_pool::connect` with the pool made by `spawn`, on
/// `runtime::for_connect(opts.connection)`.
future<async_connection_pool> connect_pool_async(pool_options opts, const pool_spawner& spawn);

/// `blocking_connection_pool::connect` with the pool made by `spawn`; a
/// failed attempt on a private runtime tears it down on the calling thread
/// before throwing.
blocking_connection_pool connect_pool_blocking(pool_options opts, const pool_spawner& spawn);

/// The pool actor behind `core` (a pool handle's default session): the
/// connection core's handle, which `connect_pool_*` made from a pool actor.
pool_actor pool_of(const session_core& core);

} // namespace surrealcaf::detail
