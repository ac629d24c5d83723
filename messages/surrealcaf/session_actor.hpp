#pragma once

#include <string>

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

/// One SurrealDB session: its own namespace, database, authentication and
/// variables, multiplexed with its siblings over the connection's socket.
/// This is the actor face; `blocking_session` and `async_session` wrap it.
///
/// Every call replies with the server's result or a `caf::error`:
/// - `errc::server_error` (see `server_error_of`) when the server refused;
/// - `errc::session_closed` after `close`, answered locally, nothing sent;
/// - `errc::connection_closed` when the connection ended first;
/// - `errc::invalid_argument` for arguments the call cannot take.
/// Calls may be sent from any actor or thread; the session handles them one
/// at a time, but several can be in flight on the socket at once.
///
/// Lifetime: an open session and its connection hold each other, so it
/// lives until it or the connection closes. A closed session (by `close` or
/// by its connection closing) drops its connection, stays to answer calls
/// locally with the errors above, and ends when the last handle to it is
/// dropped. Nothing is ever sent for a closed session.
using session_actor = caf::typed_actor<
  /// use(ns, db): each a string to set, NULL to unset, NONE to keep.
  /// Replies `{namespace, database}`.
  caf::replies_to<use_atom, value, value>::with<value>,
  /// signin: replies the token (a string), or `{access, refresh}`.
  caf::replies_to<signin_atom, credentials>::with<value>,
  /// signup through a record access method: replies the token(s).
  caf::replies_to<signup_atom, record_credentials>::with<value>,
  /// authenticate with an access token: replies NONE.
  caf::replies_to<auth_atom, std::string>::with<value>,
  /// invalidate: drops this session's authentication; replies NONE.
  caf::replies_to<invalidate_atom>::with<value>,
  /// info: the signed-in record (`$auth`), or NONE.
  caf::replies_to<info_atom>::with<value>,
  /// let(name, value): a session variable, visible to later queries.
  caf::replies_to<let_atom, std::string, value>::with<value>,
  /// unset(name).
  caf::replies_to<unset_atom, std::string>::with<value>,
  /// query(sql, vars): one result per statement; a failed statement is an
  /// entry with `error`, not a failed call.
  caf::replies_to<query_atom, std::string, value::object>::with<query_results>,
  /// version: e.g. "surrealdb-3.0.2".
  caf::replies_to<version_atom>::with<std::string>,
  /// ping: replies NONE.
  caf::replies_to<ping_atom>::with<value>,
  /// Any other RPC method with raw params, sent for this session.
  caf::replies_to<rpc_atom, rpc::method, value::array>::with<value>,
  /// close_session(): detaches this session on the server, fails its later
  /// calls with `session_closed`, and leaves every sibling running. Replies
  /// NONE; closing again, or after the connection closed, sends nothing and
  /// replies NONE. The default session cannot be closed
  /// (`errc::invalid_argument`): close the connection instead.
  caf::replies_to<close_atom>::with<value>,
  /// From the connection: a live-query notification for this session.
  caf::reacts_to<rpc::notification>,
  /// From the connection: it is closing (with the reason); later calls fail
  /// with `connection_closed`, answered locally.
  caf::reacts_to<shutdown_atom, caf::error>>;

} // namespace surrealcaf
