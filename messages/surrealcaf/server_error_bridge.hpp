#pragma once

#include "caf/error.hpp"

#include "surrealcaf/rpc/server_error.hpp"

namespace surrealcaf {

/// A server's error reply as a `caf::error`: code `errc::server_error`, with
/// the whole `rpc::server_error` (code, kind, message, details, cause) as
/// its context, so callers can tell the server's words apart from ours.
caf::error make_error(rpc::server_error x);

/// The server error carried by `err`, or nullptr when `err` is not an
/// `errc::server_error` made by `make_error(rpc::server_error)`. The pointer
/// lives as long as `err` (and its copies) do.
const rpc::server_error* server_error_of(const caf::error& err);

} // namespace surrealcaf
