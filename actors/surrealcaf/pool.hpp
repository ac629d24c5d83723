#pragma once

#include <functional>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/pool_actor.hpp"
#include "surrealcaf/pool_options.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf {

/// Spawns a pool of connections to `opts.endpoints` (pool_actor.hpp tells
/// what it answers; docs/scale-out.md the whole story). Returns at once:
/// eager connections start their handshakes in the background; ask the pool
/// `connected_atom` to learn when one is open.
///
/// Errors (nothing is spawned then): `errc::invalid_argument` for no
/// endpoints, `connections_per_endpoint` of 0, a non-zero `max_connections`
/// below the initial number of connections, or `opts.connection` out of
/// range as `connect` checks it; `errc::invalid_url` for an endpoint
/// `parse_endpoint` refuses.
///
/// Lifetime: the pool runs until `close_atom`, which closes every
/// connection and so every session on them.
caf::expected<pool_actor> spawn_pool(caf::actor_system& sys, pool_options opts);

/// Makes the transport of each connection to `endpoint`: for tests with
/// mock transports (mock_transport.hpp) and custom transports.
using pool_transport_maker = std::function<transport_factory(const std::string& endpoint)>;

/// `spawn_pool` on transports of the caller's making; the endpoints are
/// still checked as URLs.
caf::expected<pool_actor> spawn_pool(caf::actor_system& sys, pool_transport_maker make,
                                     pool_options opts);

} // namespace surrealcaf
