// The faces' only dependency on the connection actor's implementation: the
// connector behind blocking_connection::connect and async_connection::connect.
// Everything else in the faces works on any connection_actor handle.

#include "surrealcaf/connection.hpp"
#include "surrealcaf/detail/faces_core.hpp"

namespace surrealcaf {

namespace detail {

connector websocket_connector() {
  return [](caf::actor_system& sys, const std::string& url, const client_options& opts) {
    connection_options co;
    co.transport.subprotocol = opts.subprotocol;
    co.transport.verify_tls = opts.verify_tls;
    co.transport.ca_file = opts.ca_file;
    co.transport.connect_timeout = opts.connect_timeout;
    co.transport.max_message_size = opts.max_message_size;
    co.transport.idle_timeout = opts.idle_timeout;
    co.request_timeout = opts.request_timeout;
    if (opts.ping_interval)
      co.ping_interval = *opts.ping_interval;
    return connect(sys, url, std::move(co));
  };
}

} // namespace detail

blocking_connection blocking_connection::connect(const std::string& url, client_options opts) {
  return detail::connect_blocking(url, opts, detail::websocket_connector());
}

std::future<async_connection> async_connection::connect(const std::string& url,
                                                        client_options opts) {
  return detail::connect_async(url, opts, detail::websocket_connector());
}

} // namespace surrealcaf
