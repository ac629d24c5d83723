#include "surrealcaf/connect.hpp"

#include <utility>

#include "surrealcaf/detail/backoff.hpp"
#include "surrealcaf/detail/rpc_framing.hpp"
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
  // JSON only when asked for: it loses SurrealDB's types (docs/json.md).
  if (!detail::wire_format_of(opts.transport.subprotocol))
    return make_error(errc::invalid_argument, "the subprotocol must be cbor or json");
  // Zero would mean "no limit" to Beast: a server could make us buffer
  // anything it likes.
  if (opts.transport.max_message_size == 0)
    return make_error(errc::invalid_argument, "max_message_size must be positive");
  if (opts.request_timeout.count() < 0)
    return make_error(errc::invalid_argument, "request_timeout must not be negative");
  if (opts.ping_interval.count() < 0)
    return make_error(errc::invalid_argument, "ping_interval must not be negative");
  if (opts.token_refresh_margin.count() < 0)
    return make_error(errc::invalid_argument, "token_refresh_margin must not be negative");
  if (auto problem = detail::reconnect_options_problem(opts.reconnect); !problem.empty())
    return make_error(errc::invalid_argument, "reconnect: " + problem);
  return transport_factory{[to = std::move(*where), with = opts.transport](caf::actor owner) {
    return make_websocket_transport(to, with, std::move(owner));
  }};
}

} // namespace surrealcaf
