#pragma once

#include "caf/atom.hpp"

// The message tags of surrealcaf's actor interfaces. CAF 0.17 atoms hold at
// most 10 characters, so some names are shortened (noted below).
namespace surrealcaf {

// -- session calls (session_actor) -------------------------------------------
using use_atom = caf::atom_constant<caf::atom("use")>;
using signin_atom = caf::atom_constant<caf::atom("signin")>;
using signup_atom = caf::atom_constant<caf::atom("signup")>;
/// `authenticate`
using auth_atom = caf::atom_constant<caf::atom("auth")>;
using invalidate_atom = caf::atom_constant<caf::atom("invalidate")>;
using info_atom = caf::atom_constant<caf::atom("info")>;
using let_atom = caf::atom_constant<caf::atom("let")>;
using unset_atom = caf::atom_constant<caf::atom("unset")>;
using query_atom = caf::atom_constant<caf::atom("query")>;
using version_atom = caf::atom_constant<caf::atom("version")>;
using ping_atom = caf::atom_constant<caf::atom("ping")>;
/// Any RPC method by its `rpc::method` (the CRUD calls, `run`, ...).
using rpc_atom = caf::atom_constant<caf::atom("rpc")>;
/// `close_session()` on a session, `close()` on a connection.
using close_atom = caf::atom_constant<caf::atom("close")>;
/// One CRUD statement (`crud::statement`), optionally inside a transaction.
using crud_atom = caf::atom_constant<caf::atom("crud")>;
/// Interactive transactions: `begin`, `commit`, `cancel`.
using begin_atom = caf::atom_constant<caf::atom("begin")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
/// Live queries: `live` (RPC or `LIVE SELECT`) and `kill`.
using live_atom = caf::atom_constant<caf::atom("live")>;
using kill_atom = caf::atom_constant<caf::atom("kill")>;
/// The token pair of a session: `refresh` and `revoke`.
using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
/// `fork_session()`: a new session with this one's state replayed.
using fork_atom = caf::atom_constant<caf::atom("fork")>;

// -- connection calls (connection_actor) -------------------------------------
/// `new_session()`
using session_atom = caf::atom_constant<caf::atom("session")>;
/// The connection's default session (the server's per-socket session).
using default_atom = caf::atom_constant<caf::atom("default")>;
/// Replies once the WebSocket handshake is done (or fails).
using connected_atom = caf::atom_constant<caf::atom("connected")>;

// -- connection <-> session --------------------------------------------------
/// A session forwards one call to the connection (with its session UUID).
using call_atom = caf::atom_constant<caf::atom("call")>;
/// The connection tells a child to end: every pending call fails.
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;
/// The connection's own timer: the oldest call in flight may have expired.
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;

// -- connection <-> transport ------------------------------------------------
/// One frame the transport read.
using frame_atom = caf::atom_constant<caf::atom("frame")>;
/// The transport finished its handshake.
using open_atom = caf::atom_constant<caf::atom("open")>;
/// The transport is gone (with the reason); nothing more will arrive.
using closed_atom = caf::atom_constant<caf::atom("closed")>;

} // namespace surrealcaf
