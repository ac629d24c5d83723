#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "surrealcaf/credentials.hpp"
#include "surrealcaf/data_calls.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/transaction.hpp"
#include "surrealcaf/value.hpp"

// A session of the blocking or the async face. No actor-system header is
// included here (CAF's `expected` comes in through `data_calls.hpp`); the
// actors live behind a pointer.

namespace surrealcaf {

/// One SurrealDB session (its own namespace, database, auth and variables):
/// `blocking_session` returns results and throws `surreal_error`,
/// `async_session` returns `surrealcaf::future`s at once (`get()` returns or
/// throws). Each call is declared once here for both faces.
///
/// Handles: cheap (one shared pointer); copies refer to the same session.
/// An empty (default-constructed or moved-from) handle fails every call with
/// `errc::invalid_argument`.
///
/// Thread safety: any method from any thread, concurrently on one handle or
/// on copies; each call has its own result. Calls from one thread reach the
/// session actor in program order and, but for a transaction's commit or
/// cancel, leave on the socket in that order; the server may run requests of
/// one socket at once, so wait for a result before a call that depends on
/// it. A commit or cancel waits in the session for the transaction's calls
/// still in flight, so it ends the transaction after them (later calls in
/// it fail with `transaction_closed`). Do not call the blocking face from
/// inside an actor of the session's own actor system: it would block one of
/// its worker threads.
///
/// Errors: `errc::server_error` (with `server()`) when the server refused;
/// `errc::timeout` when no reply came within the handle's `request_timeout()`
/// (`client_options::request_timeout` unless `with_request_timeout` gave it
/// one of its own; a blocking call never waits longer; an async future is
/// ready by then); `errc::session_closed` after `close_session()` and
/// `errc::connection_closed` after the connection closed, both at once
/// without sending anything; `errc::connection_lost` when the socket was
/// lost with the call in flight (the server may or may not have run it; the
/// session is resumed on a new socket, so it may be called again);
/// `errc::signin_required` after a reconnect that could not renew the
/// session's authentication, until it signs in again (docs/reliability.md).
///
/// Lifetime: every session and connection handle keeps the connection's
/// actor system alive; the last handle to go shuts it down (docs/faces.md).
/// A future keeps nothing alive: if the system shuts down while calls are in
/// flight, they end with `errc::connection_closed`; dropping an unfinished
/// future is fine. Dropping the last handle of a session does not detach it
/// on the server; `close_session()` does.
///
/// `query`, `query_value` and the CRUD calls come from `data_calls`.
template <class Face>
class basic_session : public data_calls<Face, detail::session_core> {
public:
  /// What a call returns: `T` on the blocking face, `future<T>` on the
  /// async one.
  template <class T>
  using result = typename Face::template result<T>;

  /// An empty handle.
  basic_session() = default;

  /// use(ns, db): each a string to select, `null` to unset, `none` to keep.
  /// Returns `{namespace, database}`. Set the namespace with or before the
  /// database.
  result<value> use(value ns, value db);

  /// Signs in; returns the token (a string) or `{access, refresh}`.
  result<value> signin(const credentials& creds);

  /// Signs up through a record access method; returns the token(s).
  result<value> signup(const record_credentials& creds);

  /// Authenticates with an access token.
  result<void> authenticate(const std::string& token);

  /// Drops this session's authentication (keeps ns, db and variables).
  result<void> invalidate();

  /// The signed-in record (`$auth`), or NONE.
  result<value> info();

  /// Defines the session variable `$name` for later queries.
  result<void> let(const std::string& name, value x);

  /// Removes the session variable `$name`.
  result<void> unset(const std::string& name);

  /// The server's version, e.g. "surrealdb-3.0.2".
  result<std::string> version();

  /// A round trip to the server.
  result<void> ping();

  /// Any RPC method with raw params, sent for this session.
  result<value> call(rpc::method method, value::array params);

  // -- Transactions, live queries, tokens, fork ------------------------------

  /// Opens an interactive transaction on this session (transaction.hpp).
  result<basic_transaction<Face>> begin_transaction();

  /// Starts a live query on `table` (a `table` value); with `diff` each
  /// notification's result is a JSON Patch. See `live_stream`.
  result<live_stream> live(value table, bool diff = false);

  /// Starts a live query from one `LIVE SELECT ...` statement; anything
  /// else fails with `errc::invalid_argument`.
  result<live_stream> live_query(const std::string& sql, value::object vars = {});

  /// Trades the session's `{access, refresh}` tokens (from signin or signup)
  /// for new ones and returns them; `errc::invalid_argument` without a
  /// refresh token.
  result<value> refresh();

  /// Revokes the session's refresh token; the session stays signed in.
  result<void> revoke();

  /// A new session on the same connection with this one's authentication,
  /// namespace, database and variables (not its transactions or live
  /// queries); the two are independent from then on. The fork is several
  /// calls in a row and ends within twice `request_timeout()`, which is how
  /// long the blocking face waits for it.
  result<basic_session> fork_session();

  /// Detaches this session on the server. The flag goes up before anything
  /// is sent: later calls on any copy of the handle fail at once with
  /// `errc::session_closed`. Closing a closed session does nothing; sibling
  /// sessions keep running. A connection's default session
  /// (`default_session()`) cannot be closed on its own: it fails with
  /// `errc::invalid_argument`, sends nothing and leaves the session and the
  /// connection usable.
  result<void> close_session();

  // -- Deadlines ---------------------------------------------------------------

  /// A copy of this handle whose calls have `timeout` as their deadline
  /// instead of the connection's `client_options::request_timeout`: the
  /// connection ends each of them with `errc::timeout` ("...: no reply
  /// within <timeout> ms") once `timeout` passed without a reply, or when a
  /// call waiting for a reconnect was not sent by then. It is the same
  /// session (same state; closing either closes both); this handle and its
  /// other copies keep their own deadline. A transaction begun through the
  /// copy has its deadline for all its calls (commit and cancel included;
  /// not the cancel its destructor sends). `live`, `live_query` and
  /// `close_session` through it have it too. A `fork_session()` through it
  /// uses it (twice, as for any fork) but returns a handle with the
  /// connection's. `blocking()` and `async()` keep it; a copy of the copy
  /// replaces it. Longer than `request_timeout` is fine: the connection ends
  /// each call at its own deadline.
  ///
  /// Throws `surreal_error` with `errc::invalid_argument` for zero or a
  /// negative `timeout` (on both faces: it is not a call). On an empty
  /// handle it returns an empty handle. Any thread.
  basic_session with_request_timeout(std::chrono::milliseconds timeout) const;

  /// The deadline of this handle's calls: its own (`with_request_timeout`),
  /// else the connection's `client_options::request_timeout`. Zero for an
  /// empty handle.
  std::chrono::milliseconds request_timeout() const noexcept;

  /// The same session as a blocking or an async handle (no cost; both share
  /// the session, and the handle's own deadline, if any).
  ///@{
  basic_session<blocking_face> blocking() const;
  basic_session<async_face> async() const;
  ///@}

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using data_calls<Face, detail::session_core>::data_calls;
};

// Compiled once, in session.cpp.
extern template class basic_session<blocking_face>;
extern template class basic_session<async_face>;

/// A session of the blocking face (blocking.hpp) or the async face
/// (async.hpp).
///@{
using blocking_session = basic_session<blocking_face>;
using async_session = basic_session<async_face>;
///@}

} // namespace surrealcaf
