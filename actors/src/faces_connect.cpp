// The faces' only dependency on the connection actor's implementation: the
// connector behind blocking_connection::connect and async_connection::connect.
// Everything else in the faces works on any connection_actor handle.

#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/faces_core.hpp"

namespace surrealcaf {

namespace detail {

connector websocket_connector() {
  return [](caf::actor_system& sys, const std::string& url, const client_options& opts) {
    return connect(sys, url, opts);
  };
}

} // namespace detail

} // namespace surrealcaf
