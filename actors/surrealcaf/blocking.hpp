#pragma once

#include <string>

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/credentials.hpp"
#include "surrealcaf/data_calls.hpp"
#include "surrealcaf/detail/move_only.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

// The blocking face: plain method calls that return the server's answer or
// throw `surreal_error`. No CAF header is included here; the actors live
// behind a pointer.

namespace surrealcaf {

class async_session;
class async_connection;
class blocking_transaction;

/// One SurrealDB session (its own namespace, database, auth and variables)
/// as a blocking object: each method sends one call and waits for its reply.
///
/// Handles: a `blocking_session` is a cheap handle (one shared pointer);
/// copies refer to the same session. A default-constructed or moved-from
/// handle is empty: its calls throw `errc::invalid_argument`.
///
/// Thread safety: any method may be called from any thread, concurrently on
/// the same handle or on copies; concurrent calls travel independently and
/// each caller gets its own result. Calls from one thread run in program
/// order. Do not call from inside an actor of the session's own actor
/// system: the call would block one of its worker threads.
///
/// Errors: every call throws `surreal_error`: `errc::server_error` (with
/// `server()`) when the server refused; `errc::timeout` when no reply came
/// within `client_options::request_timeout` (never waits longer);
/// `errc::session_closed` after `close_session()` and
/// `errc::connection_closed` after the connection closed, both thrown at
/// once without sending anything.
///
/// Lifetime: every session and connection handle keeps the connection's
/// actor system alive; the last handle to go shuts it down (see
/// docs/faces.md). Dropping the last handle of a session does not detach it
/// on the server; `close_session()` does.
///
/// `query`, `query_value` and the CRUD calls come from `data_calls`
/// (data_calls.hpp).
class blocking_session : public data_calls<detail::waited, detail::session_core> {
public:
  /// An empty handle.
  blocking_session() = default;

  /// use(ns, db): each a string to select, `null` to unset, `none` to keep.
  /// Returns `{namespace, database}`. Set the namespace with or before the
  /// database.
  value use(value ns, value db);

  /// Signs in; returns the token (a string) or `{access, refresh}`.
  value signin(const credentials& creds);

  /// Signs up through a record access method; returns the token(s).
  value signup(const record_credentials& creds);

  /// Authenticates with an access token.
  void authenticate(const std::string& token);

  /// Drops this session's authentication (keeps ns, db and variables).
  void invalidate();

  /// The signed-in record (`$auth`), or NONE.
  value info();

  /// Defines the session variable `$name` for later queries.
  void let(const std::string& name, value x);

  /// Removes the session variable `$name`.
  void unset(const std::string& name);

  /// The server's version, e.g. "surrealdb-3.0.2".
  std::string version();

  /// A round trip to the server.
  void ping();

  // -- Transactions, live queries, tokens, fork ------------------------------

  /// Opens an interactive transaction on this session (see
  /// `blocking_transaction`).
  blocking_transaction begin_transaction();

  /// Starts a live query on `table` (a `table` value); with `diff` each
  /// notification's result is a JSON Patch. See `live_stream`.
  live_stream live(value table, bool diff = false);

  /// Starts a live query from one `LIVE SELECT ...` statement; anything
  /// else throws `errc::invalid_argument`.
  live_stream live_query(const std::string& sql, value::object vars = {});

  /// Trades the session's `{access, refresh}` tokens (from signin or signup)
  /// for new ones and returns them; `errc::invalid_argument` without a
  /// refresh token.
  value refresh();

  /// Revokes the session's refresh token; the session stays signed in.
  void revoke();

  /// A new session on the same connection with this one's authentication,
  /// namespace, database and variables (not its transactions or live
  /// queries). The two are independent from then on.
  blocking_session fork_session();

  /// Any RPC method with raw params, sent for this session.
  value call(rpc::method method, value::array params);

  /// Detaches this session on the server. Later calls on it (on any copy of
  /// the handle) throw `errc::session_closed` without sending anything.
  /// Closing a closed session does nothing. Sibling sessions keep running.
  /// A connection's default session (`default_session()`, or a connection
  /// used as a `blocking_session`) cannot be closed on its own: it throws
  /// `errc::invalid_argument`, sends nothing and leaves the session and the
  /// connection usable.
  void close_session();

  /// The same session as an async handle (futures instead of waiting).
  async_session async() const;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using data_calls::data_calls;
};

/// A connection to a SurrealDB server, and at the same time a session: the
/// session methods (`use`, `signin`, `query`, ...) act on the socket's
/// default session, like the `db` object of the Python SDK. Further sessions
/// come from `new_session()`.
///
/// Handles, thread safety and errors: as for `blocking_session`. A handle
/// keeps the connection open; when the last handle to a connection made by
/// `connect` goes (including the handles of its sessions), the connection
/// closes.
///
/// Being its default session, a connection converts to that
/// `blocking_session` (the same handle as `default_session()`).
class blocking_connection : public blocking_session {
public:
  /// Opens a connection to `url` (`ws://host[:port][/path]` or `wss://...`;
  /// the path defaults to `/rpc`) on a private actor system, and waits for
  /// the WebSocket handshake (at most `opts.transport.connect_timeout`).
  /// Throws `surreal_error`: `errc::invalid_url`, `errc::connect_failed`,
  /// `errc::invalid_argument` for non-positive timeouts, a
  /// `max_message_size` of 0 or a `live_queue_limit` of 0.
  static blocking_connection connect(const std::string& url, client_options opts = {});

  /// An empty handle.
  blocking_connection() = default;

  /// A fresh session on this connection, attached on the server: no
  /// namespace, database, auth or variables.
  blocking_session new_session();

  /// The socket's default session, the one this object's session methods
  /// use.
  blocking_session default_session() const;

  /// Closes the connection: every session's pending calls fail with
  /// `errc::connection_closed`, later calls throw it at once. Closing a
  /// closed connection does nothing, also when the server or the network
  /// ended it: close() does not throw then, so a destructor may call it.
  /// Throws only for an empty handle (`errc::invalid_argument`).
  void close();

  /// The same connection as an async handle.
  async_connection async() const;

  /// Not on a connection: its default session cannot be closed on its own
  /// (docs/actors.md); `close()` closes the connection. Reached through a
  /// `blocking_session`, it throws `errc::invalid_argument` and changes
  /// nothing.
  void close_session() = delete;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using blocking_session::blocking_session;
};

/// An interactive transaction of one session (`begin_transaction`): its
/// `query` and CRUD calls run inside it until `commit` or `cancel`.
///
/// Rules: every call after `commit` or `cancel` (whatever their outcome)
/// throws `errc::transaction_closed` without sending anything. A commit
/// refused for a write conflict throws `errc::transaction_conflict` (with
/// `server()` set); retry with a new transaction. A transaction destroyed
/// while open is cancelled (never committed): the destructor sends `cancel`
/// without waiting and never throws. Closing the session or connection ends
/// the transaction on the server too.
///
/// Handles: move-only; a moved-from or default-constructed handle throws
/// `errc::invalid_argument`. Thread safety: calls may come from any thread;
/// `commit`/`cancel` racing with other calls make those fail with
/// `transaction_closed` or run before the commit, never after it.
///
/// `query`, `query_value` and the CRUD calls (`data_calls`) run inside the
/// transaction.
class blocking_transaction : public data_calls<detail::waited, detail::txn_core>,
                             detail::move_only {
public:
  /// Commits; the transaction is closed afterwards whatever the outcome.
  void commit();

  /// Discards the transaction's writes; closed afterwards.
  void cancel();

  /// The transaction's id on the server (nil for an empty handle).
  uuid id() const;

  /// True until `commit` or `cancel` was called (false for an empty handle).
  bool open() const;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using data_calls::data_calls;
};

} // namespace surrealcaf
