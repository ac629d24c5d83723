#include "surrealcaf/connection.hpp"

#include <utility>

#include "surrealcaf/endpoint.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf {

// Apart from spawn_connection() so that programs using only their own
// transports (the unit tests) do not link the Beast transport.
caf::expected<connection_actor> connect(caf::actor_system& sys, const std::string& url,
                                        connection_options opts) {
  auto where = parse_endpoint(url);
  if (!where)
    return std::move(where.error());
  if (opts.transport.subprotocol != "cbor")
    return make_error(errc::invalid_argument, "the connection speaks the cbor subprotocol only");
  auto transport_opts = opts.transport;
  return spawn_connection(
    sys,
    [where = std::move(*where), transport_opts](caf::actor owner) {
      return make_websocket_transport(where, transport_opts, std::move(owner));
    },
    std::move(opts));
}

} // namespace surrealcaf
