#pragma once

#include <future>
#include <string>

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/credentials.hpp"
#include "surrealcaf/data_calls.hpp"
#include "surrealcaf/detail/move_only.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

// The async face: the same calls as the blocking face, each returning a
// std::future at once. No CAF header is included here.
//
// Why futures and not callbacks: a future can be waited on, polled or
// collected from any plain thread, composes with the standard library, and
// never runs user code on an actor system's worker threads. A callback would
// run there, where blocking stalls every actor of the system and dropping the
// last handle would have to shut that system down from one of its own
// threads.

namespace surrealcaf {

class blocking_session;
class blocking_connection;
class async_transaction;

/// One SurrealDB session as an async object: each method sends one call and
/// returns a future of its result. `get()` returns the result or throws
/// `surreal_error` (see blocking.hpp for the errors of each call); the
/// future always becomes ready, at the latest when
/// `client_options::request_timeout` passes (`errc::timeout`). Calls on a
/// closed session or connection give a future that is ready at once with
/// `errc::session_closed` / `errc::connection_closed`, nothing sent.
///
/// Handles: cheap to copy; copies refer to the same session. An empty
/// (default-constructed or moved-from) handle gives futures holding
/// `errc::invalid_argument`.
///
/// Thread safety: any method may be called from any thread, concurrently;
/// each call has its own future. Several calls may be in flight at once on
/// one session; the session actor handles them in the order they were made
/// from one thread.
///
/// Lifetime: a future keeps nothing alive. If the last handle to the
/// connection's actor system goes while calls are in flight, their futures
/// end with `errc::connection_closed`. Dropping an unfinished future is fine.
///
/// `query`, `query_value` and the CRUD calls come from `data_calls`
/// (data_calls.hpp).
class async_session : public data_calls<std::future, detail::session_core> {
public:
  /// An empty handle.
  async_session() = default;

  /// See `blocking_session::use`.
  std::future<value> use(value ns, value db);
  std::future<value> signin(const credentials& creds);
  std::future<value> signup(const record_credentials& creds);
  std::future<void> authenticate(const std::string& token);
  std::future<void> invalidate();
  std::future<value> info();
  std::future<void> let(const std::string& name, value x);
  std::future<void> unset(const std::string& name);
  std::future<std::string> version();
  std::future<void> ping();
  std::future<value> call(rpc::method method, value::array params);
  /// See `blocking_session::begin_transaction` and `async_transaction`.
  std::future<async_transaction> begin_transaction();
  /// See `blocking_session::live`.
  std::future<live_stream> live(value table, bool diff = false);
  /// See `blocking_session::live_query`.
  std::future<live_stream> live_query(const std::string& sql, value::object vars = {});
  /// See `blocking_session::refresh`.
  std::future<value> refresh();
  /// See `blocking_session::revoke`.
  std::future<void> revoke();
  /// See `blocking_session::fork_session`.
  std::future<async_session> fork_session();
  /// See `blocking_session::close_session`; calls made after this one fail
  /// at once with `errc::session_closed`. On a connection's default session
  /// the future is ready at once with `errc::invalid_argument`, and nothing
  /// changes.
  std::future<void> close_session();

  /// The same session as a blocking handle.
  blocking_session blocking() const;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using data_calls::data_calls;
};

/// A connection to a SurrealDB server, and at the same time its default
/// session (see `blocking_connection`), with futures. It converts to that
/// `async_session` (the same handle as `default_session()`).
class async_connection : public async_session {
public:
  /// Starts connecting to `url` on a private actor system; the future holds
  /// the connection once the WebSocket handshake is done, or throws
  /// `surreal_error` (`errc::invalid_url`, `errc::connect_failed`,
  /// `errc::invalid_argument`). It becomes ready within about
  /// `opts.transport.connect_timeout + opts.request_timeout + 1 s`. Dropping it
  /// unfinished is fine: the attempt is abandoned and cleaned up.
  static std::future<async_connection> connect(const std::string& url, client_options opts = {});

  /// An empty handle.
  async_connection() = default;

  /// See `blocking_connection::new_session`.
  std::future<async_session> new_session();

  /// The socket's default session.
  async_session default_session() const;

  /// See `blocking_connection::close`: the future fails only for an empty
  /// handle; once the connection ended, it is ready without an exception.
  std::future<void> close();

  /// The same connection as a blocking handle.
  blocking_connection blocking() const;

  /// Not on a connection (see `blocking_connection::close_session`).
  std::future<void> close_session() = delete;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using async_session::async_session;
};

/// An interactive transaction with futures: the rules of
/// `blocking_transaction` (blocking.hpp) hold, with every error carried by
/// the returned future (`errc::transaction_closed` ready at once after
/// `commit`/`cancel`). Calls made from one thread reach the session in
/// order, so `commit()` issued after `create(...)` commits that write.
/// Move-only; destroyed while open, it is cancelled without waiting.
///
/// `query`, `query_value` and the CRUD calls (`data_calls`) run inside the
/// transaction.
class async_transaction : public data_calls<std::future, detail::txn_core>,
                          detail::move_only {
public:
  std::future<void> commit();
  std::future<void> cancel();
  uuid id() const;
  bool open() const;

protected:
  // The constructor from a core, protected as in `data_calls` (see there).
  using data_calls::data_calls;
};

} // namespace surrealcaf
