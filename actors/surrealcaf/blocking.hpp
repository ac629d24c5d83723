#pragma once

#include <memory>
#include <optional>
#include <string>

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/credentials.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/value.hpp"

// The blocking face: plain method calls that return the server's answer or
// throw `surreal_error`. No CAF header is included here; the actors live
// behind a pointer.

namespace surrealcaf {

class async_session;
class async_connection;
class blocking_transaction;

namespace detail {
class session_core;
class txn_core;
struct face_access;
} // namespace detail

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
class blocking_session {
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

  /// Runs SurrealQL with `vars` bound: one result per statement. A failed
  /// statement is an entry with `error`; the call itself does not throw for
  /// it.
  query_results query(const std::string& sql, value::object vars = {});

  /// Runs SurrealQL and returns the last statement's result (a script's
  /// value, as a SurrealQL block's is its last expression's); NONE for no
  /// statement. Throws the first failed statement's error as a server
  /// error (`server()->code` is then unset: statement errors carry none).
  value query_value(const std::string& sql, value::object vars = {});

  /// The server's version, e.g. "surrealdb-3.0.2".
  std::string version();

  /// A round trip to the server.
  void ping();

  // -- CRUD (docs/crud.md) ---------------------------------------------------
  //
  // Each call sends one SurrealQL statement built by crud.hpp (all data as
  // bound variables) and returns its result. A target is a `table`, a
  // `record_id` or a record-id range; invalid arguments throw
  // `errc::invalid_argument` without sending anything. A failed statement
  // throws `errc::server_error`.

  /// `SELECT`: the record (NONE if absent) for a record id, else an array.
  value select(value target);
  /// `CREATE`: the created record (one object); `data` an object or NONE.
  value create(value target, value data = none);
  /// `INSERT INTO`: an array of the inserted records.
  value insert(value table, value data);
  /// `INSERT RELATION INTO`: an array of the inserted edges.
  value insert_relation(value table, value data);
  /// `UPDATE ... CONTENT`: replaces existing records' content.
  value update(value target, value data = none);
  /// `UPSERT ... CONTENT`: like `update`, creating a missing record id.
  value upsert(value target, value data = none);
  /// `UPDATE ... MERGE`: merges `data`'s fields into existing records.
  value merge(value target, value data);
  /// `UPDATE ... PATCH`: applies a JSON Patch; with `diff` returns the diff.
  value patch(value target, value patches, bool diff = false);
  /// `DELETE ... RETURN BEFORE`: the deleted records as they were. Named
  /// with a trailing underscore because `delete` is a C++ keyword.
  value delete_(value target);
  /// `RELATE $from->$edge->$to`: the created edge(s).
  value relate(value from, value edge, value to, value data = none);
  /// Calls a function (`fn::x`, a builtin such as `string::len`, or
  /// `ml::x` with a version) and returns its result.
  value run(const std::string& name, std::optional<std::string> version = {},
            value::array args = {});

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
  void close_session();

  /// The same session as an async handle (futures instead of waiting).
  async_session async() const;

  /// True unless the handle is empty.
  explicit operator bool() const noexcept {
    return core_ != nullptr;
  }

private:
  friend struct detail::face_access;
  friend class blocking_connection;

  explicit blocking_session(std::shared_ptr<detail::session_core> core);

  std::shared_ptr<detail::session_core> core_;
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
class blocking_connection : private blocking_session {
public:
  /// Opens a connection to `url` (`ws://host[:port][/path]` or `wss://...`;
  /// the path defaults to `/rpc`) on a private actor system, and waits for
  /// the WebSocket handshake (at most `opts.connect_timeout`).
  /// Throws `surreal_error`: `errc::invalid_url`, `errc::connect_failed`,
  /// `errc::invalid_argument` for non-positive timeouts.
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
  /// closed connection does nothing.
  void close();

  /// The same connection as an async handle.
  async_connection async() const;

  using blocking_session::authenticate;
  using blocking_session::begin_transaction;
  using blocking_session::call;
  using blocking_session::create;
  using blocking_session::delete_;
  using blocking_session::fork_session;
  using blocking_session::insert;
  using blocking_session::insert_relation;
  using blocking_session::live;
  using blocking_session::live_query;
  using blocking_session::merge;
  using blocking_session::patch;
  using blocking_session::refresh;
  using blocking_session::relate;
  using blocking_session::revoke;
  using blocking_session::run;
  using blocking_session::select;
  using blocking_session::update;
  using blocking_session::upsert;
  using blocking_session::info;
  using blocking_session::invalidate;
  using blocking_session::let;
  using blocking_session::ping;
  using blocking_session::query;
  using blocking_session::query_value;
  using blocking_session::signin;
  using blocking_session::signup;
  using blocking_session::unset;
  using blocking_session::use;
  using blocking_session::version;
  using blocking_session::operator bool;

private:
  friend struct detail::face_access;

  explicit blocking_connection(std::shared_ptr<detail::session_core> default_session);
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
class blocking_transaction {
public:
  blocking_transaction() = default;
  ~blocking_transaction();
  blocking_transaction(blocking_transaction&&) noexcept = default;
  blocking_transaction& operator=(blocking_transaction&& other) noexcept;
  blocking_transaction(const blocking_transaction&) = delete;
  blocking_transaction& operator=(const blocking_transaction&) = delete;

  /// See `blocking_session::query`, inside the transaction.
  query_results query(const std::string& sql, value::object vars = {});
  /// See `blocking_session::query_value`, inside the transaction.
  value query_value(const std::string& sql, value::object vars = {});

  /// The CRUD calls of `blocking_session`, inside the transaction.
  value select(value target);
  value create(value target, value data = none);
  value insert(value table, value data);
  value insert_relation(value table, value data);
  value update(value target, value data = none);
  value upsert(value target, value data = none);
  value merge(value target, value data);
  value patch(value target, value patches, bool diff = false);
  value delete_(value target);
  value relate(value from, value edge, value to, value data = none);
  value run(const std::string& name, std::optional<std::string> version = {},
            value::array args = {});

  /// Commits; the transaction is closed afterwards whatever the outcome.
  void commit();

  /// Discards the transaction's writes; closed afterwards.
  void cancel();

  /// The transaction's id on the server (nil for an empty handle).
  uuid id() const;

  /// True until `commit` or `cancel` was called (false for an empty handle).
  bool open() const;

private:
  friend struct detail::face_access;

  explicit blocking_transaction(std::shared_ptr<detail::txn_core> core);

  std::shared_ptr<detail::txn_core> core_;
};

} // namespace surrealcaf
