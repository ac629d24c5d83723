#pragma once

#include "caf/atom.hpp"

// The message tags users send to surrealcaf's actors. CAF 0.17 atoms hold at
// most 10 characters, so some names are shortened (noted below). The tags of
// the messages between the connection, its sessions and its transport are
// in the detail headers that use them: detail/connection_internal.hpp
// (call, deadline, reconnect, resume, resumed), detail/session_internal.hpp
// (shutdown, lost, resume, token) and
// detail/transport_atoms.hpp (open, frame, closed).
namespace surrealcaf {

// -- session calls (session_actor) -------------------------------------------
/// The session calls of the same names (session_actor.hpp).
///@{
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
///@}
/// Any RPC method by its `rpc::method` (the CRUD calls, `run`, ...).
using rpc_atom = caf::atom_constant<caf::atom("rpc")>;
/// `close_session()` on a session, `close()` on a connection.
using close_atom = caf::atom_constant<caf::atom("close")>;
/// One CRUD statement (`crud::statement`), optionally inside a transaction.
using crud_atom = caf::atom_constant<caf::atom("crud")>;
/// Interactive transactions: `begin`, `commit`, `cancel`.
///@{
using begin_atom = caf::atom_constant<caf::atom("begin")>;
using commit_atom = caf::atom_constant<caf::atom("commit")>;
using cancel_atom = caf::atom_constant<caf::atom("cancel")>;
///@}
/// Live queries: `live` (RPC or `LIVE SELECT`) and `kill`.
///@{
using live_atom = caf::atom_constant<caf::atom("live")>;
using kill_atom = caf::atom_constant<caf::atom("kill")>;
///@}
/// The token pair of a session: `refresh` and `revoke`.
///@{
using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using revoke_atom = caf::atom_constant<caf::atom("revoke")>;
///@}
/// `fork_session()`: a new session with this one's state replayed.
using fork_atom = caf::atom_constant<caf::atom("fork")>;

// -- connection calls (connection_actor) -------------------------------------
/// `new_session()`
using session_atom = caf::atom_constant<caf::atom("session")>;
/// The connection's default session (the server's per-socket session).
using default_atom = caf::atom_constant<caf::atom("default")>;
/// Replies once the WebSocket handshake is done (or fails).
using connected_atom = caf::atom_constant<caf::atom("connected")>;
/// Subscribes a `connection_observer` to the connection's state changes.
using observe_atom = caf::atom_constant<caf::atom("observe")>;
/// Asks a connection for its `connection_counters`.
using counters_atom = caf::atom_constant<caf::atom("counters")>;
/// `sessions()`: the UUIDs of the sessions the server has attached on the
/// connection's socket (the RPC method `sessions`).
using sessions_atom = caf::atom_constant<caf::atom("sessions")>;

// -- pools (pool_actor) -------------------------------------------------------
/// `members()`: a pool's connections and how many sessions each holds.
using members_atom = caf::atom_constant<caf::atom("members")>;

} // namespace surrealcaf
