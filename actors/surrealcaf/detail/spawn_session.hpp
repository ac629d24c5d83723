#pragma once

#include <chrono>
#include <optional>

#include "caf/fwd.hpp"

#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Spawns the actor of one session of `conn`: `id` is its UUID, empty for
/// the connection's default session. Only the connection calls this: it
/// attaches the session on the server first and monitors it.
///
/// The session holds `conn` until it closes (by `close_atom` or the
/// connection's `shutdown_atom`), then drops it and answers every later call
/// locally with its close reason. `request_timeout` is the connection's
/// (zero: none): a `fork_session`, several calls in a row, starts no step
/// after it has passed; it fails with `errc::timeout` then and the half-made
/// fork is closed. A step under way has its own deadline, so a fork ends
/// within twice `request_timeout`.
session_internal spawn_session(caf::actor_system& sys, connection_internal conn,
                               std::optional<uuid> id,
                               std::chrono::milliseconds request_timeout = {});

/// Why a connection ended, as its calls and sessions see it: `cause` itself
/// when it is an `errc::connection_closed` already, else an
/// `errc::connection_closed` that describes it.
caf::error connection_closed_by(caf::error cause);

} // namespace surrealcaf::detail
