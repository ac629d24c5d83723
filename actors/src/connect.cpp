#include "surrealcaf/connect.hpp"

#include <utility>

#include "surrealcaf/detail/client_options_check.hpp"
#include "surrealcaf/detail/websocket_factory.hpp"
#include "surrealcaf/endpoint.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf {

// Apart from spawn_connection() so that programs using only their own
// transports (the unit tests) do not link the Beast transport.
caf::expected<connection_actor> connect(caf::actor_system& sys, const std::string& url,
                                        client_options opts) {
  auto factory = detail::websocket_factory(url, opts);
  if (!factory)
    return std::move(factory.error());
  return spawn_connection(sys, std::move(*factory), std::move(opts));
}

caf::expected<transport_factory> detail::websocket_factory(const std::string& url,
                                                           const client_options& opts) {
  auto where = parse_endpoint(url);
  if (!where)
    return std::move(where.error());
  if (auto problem = detail::client_options_problem(opts))
    return problem;
  return transport_factory{[to = std::move(*where), with = opts.transport](caf::actor owner) {
    return make_websocket_transport(to, with, std::move(owner));
  }};
}

} // namespace surrealcaf
