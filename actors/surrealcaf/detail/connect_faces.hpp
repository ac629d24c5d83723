#pragma once

// How the blocking and async faces connect: on the shared or a private
// runtime (`runtime::for_connect`) through a connector, or by wrapping a
// connection actor of the user's system. Internal.

#include <functional>
#include <memory>
#include <string>

#include "caf/actor_system.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/future.hpp"

namespace surrealcaf::detail {

/// Makes the connection actor for `url` on `sys`: `connect()` of
/// connect.hpp in production, a mock in tests.
using connector = std::function<caf::expected<connection_actor>(
  caf::actor_system& sys, const std::string& url, const client_options& opts)>;

/// The connector of `basic_connection::connect`: the WebSocket connection
/// actor of connect.hpp.
connector websocket_connector();

/// `async_connection::connect` with the connection actor made by `make`:
/// on `rt`'s system, waits for `connected` and then fetches the default
/// session. Tests pass a connector that spawns a mock.
future<async_connection> start_connect(const std::shared_ptr<runtime>& rt,
                                            const std::string& url, const client_options& opts,
                                            const connector& make);

/// `async_connection::connect` on `runtime::for_connect(opts)`.
future<async_connection> connect_async(const std::string& url, const client_options& opts,
                                            const connector& make);

/// `blocking_connection::connect` on `runtime::for_connect(opts)`; a
/// failed attempt on a private runtime tears it down on the calling thread
/// before throwing.
blocking_connection connect_blocking(const std::string& url, const client_options& opts,
                                     const connector& make);

/// Wraps a connection actor of the user's system: fetches its default
/// session (a local round trip) and builds the handle; the connection is
/// not closed when its handles go.
blocking_connection wrap_connection(caf::actor_system& sys, connection_actor conn,
                                    const client_options& opts);

/// Throws `errc::invalid_argument` unless both timeouts, max_message_size
/// and live_queue_limit are positive and ping_interval is not negative.
void check_options(const client_options& opts);

} // namespace surrealcaf::detail
