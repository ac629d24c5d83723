#pragma once

#include "caf/error.hpp"

#include "surrealcaf/errc_code.hpp"
#include "surrealcaf/rpc/server_error.hpp"

namespace surrealcaf {

/// A server's error reply as a `caf::error`: code `errc::server_error`, with
/// the whole `rpc::server_error` (code, kind, message, details, cause) as
/// its context, so callers can tell the server's words apart from ours.
caf::error make_error(rpc::server_error x);

/// Like `make_error(x)` with another code that still carries the server's
/// error: `errc::transaction_conflict` for a conflict the caller may retry.
/// `code` should be `errc::server_error` or `errc::transaction_conflict`;
/// `server_error_of` finds the server error under both.
caf::error make_error(errc code, rpc::server_error x);

/// The server error carried by `err`, or nullptr when `err` is neither an
/// `errc::server_error` nor an `errc::transaction_conflict` made by one of
/// the `make_error` overloads above. The pointer lives as long as `err` (and
/// its copies) do.
const rpc::server_error* server_error_of(const caf::error& err);

} // namespace surrealcaf
