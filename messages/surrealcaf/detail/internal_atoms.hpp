#pragma once

#include "caf/atom.hpp"

// The tags of the messages surrealcaf's actors send each other and that a
// transport sends its connection. Users do not send them: the public
// `connection_actor` and `session_actor` interfaces do not accept them (see
// detail/connection_internal.hpp and detail/session_internal.hpp). A custom
// transport uses the last three (see transport.hpp).
namespace surrealcaf {

// -- connection <-> session --------------------------------------------------
/// A session hands one `rpc::request` to the connection.
using call_atom = caf::atom_constant<caf::atom("call")>;
/// The connection tells a session it is closing: every later call fails.
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;
/// The connection's own timer: the oldest call in flight may have expired.
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;

// -- transport -> connection ---------------------------------------------------
/// One frame the transport read.
using frame_atom = caf::atom_constant<caf::atom("frame")>;
/// The transport finished its handshake.
using open_atom = caf::atom_constant<caf::atom("open")>;
/// The transport is gone (with the reason); nothing more will arrive.
using closed_atom = caf::atom_constant<caf::atom("closed")>;

} // namespace surrealcaf
