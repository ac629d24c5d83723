#pragma once

#include <string>

#include "caf/expected.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf::detail {

/// What `connect` checks and builds before it spawns: `opts` checked by
/// `connect`'s rules and the factory of WebSocket transports to `url`, or
/// the error `connect` gives (`errc::invalid_url`, `errc::invalid_argument`).
caf::expected<transport_factory> websocket_factory(const std::string& url,
                                                   const client_options& opts);

} // namespace surrealcaf::detail
