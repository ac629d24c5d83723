// spawn_pool on transports of the caller's making: the options checked as
// pool.hpp promises, then the pool actor (pool_actor.cpp) spawned.

#include <string>
#include <utility>

#include "pool_actor_parts.hpp"
#include "surrealcaf/detail/client_options_check.hpp"
#include "surrealcaf/endpoint.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/pool.hpp"

namespace surrealcaf {

namespace detail {

caf::error pool_options_problem(const pool_options& opts) {
  if (opts.endpoints.empty())
    return make_error(errc::invalid_argument, "a pool needs at least one endpoint");
  if (opts.connections_per_endpoint == 0)
    return make_error(errc::invalid_argument, "connections_per_endpoint must be at least 1");
  auto initial = opts.endpoints.size() * opts.connections_per_endpoint;
  if (opts.max_connections != 0 && opts.max_connections < initial)
    return make_error(errc::invalid_argument, "max_connections ("
                                                + std::to_string(opts.max_connections)
                                                + ") is below the pool's initial connections ("
                                                + std::to_string(initial) + ")");
  if (auto problem = client_options_problem(opts.connection))
    return problem;
  for (auto& url : opts.endpoints)
    if (auto where = parse_endpoint(url); !where)
      return std::move(where.error());
  return {};
}

} // namespace detail

caf::expected<pool_actor> spawn_pool(caf::actor_system& sys, pool_transport_maker make,
                                     pool_options opts) {
  if (!make)
    return make_error(errc::invalid_argument, "the pool's transport maker is empty");
  if (auto problem = detail::pool_options_problem(opts))
    return problem;
  return detail::pool_parts::spawn_pool_actor(sys, std::move(make), std::move(opts));
}

} // namespace surrealcaf
