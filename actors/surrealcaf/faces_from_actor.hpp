#pragma once

// Bridges between the actor face and the blocking/async faces, for programs
// that run their own caf::actor_system. This header includes CAF.

#include "caf/fwd.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf {

/// Wraps a connection actor running on the user's `sys` into the blocking
/// face. Waits (at most `opts.request_timeout`) for the connection's default
/// session handle, a local reply with no server round trip. Of `opts` only
/// `request_timeout` (every call's deadline), `live_queue_limit` and
/// `on_live_overflow` (the handles' live streams) apply; the connection is
/// already configured. `opts` is still checked as `connect` checks it:
/// `request_timeout` and `transport.connect_timeout` positive,
/// `transport.max_message_size` and `live_queue_limit` nonzero,
/// `ping_interval` not negative.
///
/// Lifetime: `sys` must outlive every handle derived from the result. The
/// handles do not own the connection: when they go, the connection stays
/// open (close it with `close()` or through the actor). The faces' helper
/// actor on `sys` is hidden, so `sys.await_all_actors_done()` does not wait
/// for it.
///
/// Call from a thread outside `sys` (it blocks). Throws `surreal_error`
/// (`errc::invalid_argument` for options that fail those checks, or the
/// error of the default-session request).
blocking_connection make_blocking_connection(caf::actor_system& sys, connection_actor conn,
                                             client_options opts = {});

/// The same, as the async face.
async_connection make_async_connection(caf::actor_system& sys, connection_actor conn,
                                       client_options opts = {});

/// The actor behind a handle, for the user's own actors: requests sent to it
/// act on the same session (or connection) as the handle's calls. Invalid
/// for an empty handle. The actor handle does not keep a private actor
/// system (one made by `connect`) alive: keep a face handle for that.
///@{
session_actor actor_of(const blocking_session& x);
session_actor actor_of(const async_session& x);
connection_actor actor_of(const blocking_connection& x);
connection_actor actor_of(const async_connection& x);
///@}

} // namespace surrealcaf
