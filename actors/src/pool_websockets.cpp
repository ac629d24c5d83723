// spawn_pool on WebSocket transports, the ones `connect` makes. Apart from
// pool_spawn.cpp so that programs using only their own transports (the unit
// tests) do not link the Beast transport.

#include <map>
#include <string>
#include <utility>

#include "pool_actor_parts.hpp"
#include "surrealcaf/detail/websocket_factory.hpp"
#include "surrealcaf/pool.hpp"

namespace surrealcaf {

caf::expected<pool_actor> spawn_pool(caf::actor_system& sys, pool_options opts) {
  if (auto problem = detail::pool_options_problem(opts))
    return problem;
  // Made (and checked) once per endpoint; each connection gets a copy.
  std::map<std::string, transport_factory> factories;
  for (auto& url : opts.endpoints) {
    auto factory = detail::websocket_factory(url, opts.connection);
    if (!factory)
      return std::move(factory.error());
    factories.emplace(url, std::move(*factory));
  }
  auto make = [factories = std::move(factories)](const std::string& endpoint) {
    return factories.at(endpoint);
  };
  return spawn_pool(sys, std::move(make), std::move(opts));
}

} // namespace surrealcaf
