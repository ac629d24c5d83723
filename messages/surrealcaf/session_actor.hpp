#pragma once

#include <optional>
#include <string>

#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

struct forked_session;

/// One SurrealDB session: its own namespace, database, authentication and
/// variables, multiplexed with its siblings over the connection's socket.
/// This is the actor face; `blocking_session` and `async_session` wrap it.
///
/// Every call replies with the server's result or a `caf::error`:
/// - `errc::server_error` (see `server_error_of`) when the server refused;
/// - `errc::session_closed` after `close`, answered locally, nothing sent;
/// - `errc::connection_closed` when the connection ended first;
/// - `errc::timeout` when no reply came within the connection's
///   `request_timeout`;
/// - `errc::invalid_argument` for arguments the call cannot take;
/// - `errc::transaction_closed` for a transaction this session does not have
///   open (answered locally, nothing sent);
/// - `errc::transaction_conflict` (still carrying the server error) when the
///   server refused because of a write conflict: retry from a new `begin`.
/// - `errc::connection_lost` when the socket was lost with the call in
///   flight (the server may or may not have run it); with reconnect on, the
///   session is resumed on a new socket and the call may be sent again;
/// - `errc::transaction_lost` for a transaction that was open when the
///   socket was lost (answered locally, nothing sent);
/// - `errc::signin_required` after a reconnect that could not renew the
///   session's authentication, until it signs in again (docs/reliability.md).
/// Calls may be sent from any actor or thread; the session handles them one
/// at a time, but several can be in flight on the socket at once.
///
/// Lifetime: an open session and its connection hold each other, so it
/// lives until it or the connection closes. A closed session (by `close` or
/// by its connection closing) drops its connection, stays to answer calls
/// locally with the errors above, and ends when the last handle to it is
/// dropped. Nothing is ever sent for a closed session.
///
/// This is what users send. The messages the connection sends its
/// sessions are in `detail::session_internal`, which converts to this handle.
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
  /// query(sql, vars) inside the open transaction `txn` (the `txn` field).
  caf::replies_to<query_atom, std::string, value::object, uuid>::with<query_results>,
  /// One CRUD statement (crud.hpp), sent as `query`, inside the transaction
  /// when one is given. Replies the statement's result; a failed statement
  /// is the call's error (`server_error`, or `transaction_conflict`).
  caf::replies_to<crud_atom, crud::statement, std::optional<uuid>>::with<value>,
  /// begin: opens an interactive transaction and replies its id. The
  /// transaction is this session's until it is committed or cancelled, or
  /// the session or the connection closes (the server drops it with the
  /// socket).
  caf::replies_to<begin_atom>::with<uuid>,
  /// commit(txn): replies NONE. The transaction ends with the call, whatever
  /// the outcome: a conflict (`errc::transaction_conflict`) cannot be
  /// retried with the same id.
  caf::replies_to<commit_atom, uuid>::with<value>,
  /// cancel(txn): discards the transaction's writes; replies NONE.
  caf::replies_to<cancel_atom, uuid>::with<value>,
  /// live(table, diff, subscriber): starts a live query (RPC `live`) and
  /// replies its id. `subscriber` (live_subscriber.hpp) then receives
  /// `rpc::notification` messages in order (with `diff`, `result` is a JSON
  /// Patch), and exactly
  /// one last notification with action `killed` (NONE record and result)
  /// when the stream ends: by `kill`, by `close`, by the connection closing,
  /// or by the server (e.g. the table was removed). Nothing follows it. A
  /// subscriber that terminates is monitored: its live queries are killed.
  /// After a reconnect the live query is registered again and the
  /// subscriber gets a `resumed` notification under the same id; one that
  /// cannot be registered again ends with `killed` whose result says why.
  caf::replies_to<live_atom, value, bool, live_subscriber>::with<uuid>,
  /// live(sql, vars, subscriber): the same through `query` with one
  /// `LIVE SELECT ...` statement, whose result is the live query's id.
  /// Anything but exactly one live statement is `errc::invalid_argument`
  /// (live queries it did start are killed).
  caf::replies_to<live_atom, std::string, value::object, live_subscriber>::with<uuid>,
  /// kill(id): sends RPC `kill`; if `id` is a live query of this session its
  /// stream ends at once (the subscriber gets `killed` before the reply).
  caf::replies_to<kill_atom, uuid>::with<value>,
  /// refresh: trades the session's `{access, refresh}` pair (from signin or
  /// signup) for a new one, which the session keeps and replies.
  /// `errc::invalid_argument` when the session holds no refresh token.
  caf::replies_to<refresh_atom>::with<value>,
  /// revoke: revokes the session's refresh token on the server; the session
  /// stays signed in with its access token. Replies NONE.
  caf::replies_to<revoke_atom>::with<value>,
  /// fork_session(): a new session on the same connection with this one's
  /// authentication (`authenticate` with its access token), namespace and
  /// database (`use`) and variables (`let`), replayed in that order before
  /// the reply. Transactions and live queries are not copied. The two are
  /// independent from then on. No step starts once the connection's
  /// `request_timeout` passed since the fork began: it fails with
  /// `errc::timeout` then and the half-made fork is closed. A step under way
  /// has its own deadline, so the reply comes within twice
  /// `request_timeout`.
  caf::replies_to<fork_atom>::with<forked_session>,
  /// Any other RPC method with raw params, sent for this session. It
  /// bypasses the bookkeeping of transactions and live queries: use the
  /// messages above for `begin`, `commit`, `cancel`, `live` and `kill`.
  /// (`refresh` and `revoke` with a token pair of your own are fine here;
  /// a `refresh` updates the session's tokens.)
  caf::replies_to<rpc_atom, rpc::method, value::array>::with<value>,
  /// close_session(): cancels this session's open transactions, ends its
  /// live-query streams, detaches it on the server, fails its later calls
  /// with `session_closed`, and leaves every sibling running. Replies NONE
  /// once the server answered all of that; closing again, or after the
  /// connection closed, sends nothing and replies NONE. The default session
  /// cannot be closed (`errc::invalid_argument`): close the connection.
  caf::replies_to<close_atom>::with<value>>;

/// The reply to `fork_atom`: the new session. (A typed actor cannot name its
/// own handle in its interface, hence the wrapper.)
struct forked_session {
  session_actor session; ///< The new session.
};

} // namespace surrealcaf

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::forked_session)
