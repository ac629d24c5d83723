#pragma once

#include <future>
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

namespace detail {
class session_core;
class txn_core;
struct face_access;
} // namespace detail

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
class async_session {
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
  std::future<query_results> query(const std::string& sql, value::object vars = {});
  /// See `blocking_session::query_value`.
  std::future<value> query_value(const std::string& sql, value::object vars = {});
  std::future<std::string> version();
  std::future<void> ping();
  std::future<value> call(rpc::method method, value::array params);
  /// The CRUD calls (see `blocking_session::select` and the following; a
  /// future holding `errc::invalid_argument` for arguments crud.hpp
  /// rejects, nothing sent).
  std::future<value> select(value target);
  std::future<value> create(value target, value data = none);
  std::future<value> insert(value table, value data);
  std::future<value> insert_relation(value table, value data);
  std::future<value> update(value target, value data = none);
  std::future<value> upsert(value target, value data = none);
  std::future<value> merge(value target, value data);
  std::future<value> patch(value target, value patches, bool diff = false);
  /// `delete` is a C++ keyword, hence the underscore.
  std::future<value> delete_(value target);
  std::future<value> relate(value from, value edge, value to, value data = none);
  std::future<value> run(const std::string& name, std::optional<std::string> version = {},
                         value::array args = {});
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
  /// at once with `errc::session_closed`.
  std::future<void> close_session();

  /// The same session as a blocking handle.
  blocking_session blocking() const;

  /// True unless the handle is empty.
  explicit operator bool() const noexcept {
    return core_ != nullptr;
  }

private:
  friend struct detail::face_access;
  friend class async_connection;

  explicit async_session(std::shared_ptr<detail::session_core> core);

  std::shared_ptr<detail::session_core> core_;
};

/// A connection to a SurrealDB server, and at the same time its default
/// session (see `blocking_connection`), with futures.
class async_connection : private async_session {
public:
  /// Starts connecting to `url` on a private actor system; the future holds
  /// the connection once the WebSocket handshake is done, or throws
  /// `surreal_error` (`errc::invalid_url`, `errc::connect_failed`,
  /// `errc::invalid_argument`). It becomes ready within about
  /// `opts.connect_timeout + opts.request_timeout + 1 s`. Dropping it
  /// unfinished is fine: the attempt is abandoned and cleaned up.
  static std::future<async_connection> connect(const std::string& url, client_options opts = {});

  /// An empty handle.
  async_connection() = default;

  /// See `blocking_connection::new_session`.
  std::future<async_session> new_session();

  /// The socket's default session.
  async_session default_session() const;

  /// See `blocking_connection::close`.
  std::future<void> close();

  /// The same connection as a blocking handle.
  blocking_connection blocking() const;

  using async_session::authenticate;
  using async_session::begin_transaction;
  using async_session::call;
  using async_session::create;
  using async_session::delete_;
  using async_session::fork_session;
  using async_session::insert;
  using async_session::insert_relation;
  using async_session::live;
  using async_session::live_query;
  using async_session::merge;
  using async_session::patch;
  using async_session::refresh;
  using async_session::relate;
  using async_session::revoke;
  using async_session::run;
  using async_session::select;
  using async_session::update;
  using async_session::upsert;
  using async_session::info;
  using async_session::invalidate;
  using async_session::let;
  using async_session::ping;
  using async_session::query;
  using async_session::query_value;
  using async_session::signin;
  using async_session::signup;
  using async_session::unset;
  using async_session::use;
  using async_session::version;
  using async_session::operator bool;

private:
  friend struct detail::face_access;

  explicit async_connection(std::shared_ptr<detail::session_core> default_session);
};

/// An interactive transaction with futures: the rules of
/// `blocking_transaction` (blocking.hpp) hold, with every error carried by
/// the returned future (`errc::transaction_closed` ready at once after
/// `commit`/`cancel`). Calls made from one thread reach the session in
/// order, so `commit()` issued after `create(...)` commits that write.
/// Move-only; destroyed while open, it is cancelled without waiting.
class async_transaction {
public:
  async_transaction() = default;
  ~async_transaction();
  async_transaction(async_transaction&&) noexcept = default;
  async_transaction& operator=(async_transaction&& other) noexcept;
  async_transaction(const async_transaction&) = delete;
  async_transaction& operator=(const async_transaction&) = delete;

  std::future<query_results> query(const std::string& sql, value::object vars = {});
  std::future<value> query_value(const std::string& sql, value::object vars = {});
  std::future<value> select(value target);
  std::future<value> create(value target, value data = none);
  std::future<value> insert(value table, value data);
  std::future<value> insert_relation(value table, value data);
  std::future<value> update(value target, value data = none);
  std::future<value> upsert(value target, value data = none);
  std::future<value> merge(value target, value data);
  std::future<value> patch(value target, value patches, bool diff = false);
  std::future<value> delete_(value target);
  std::future<value> relate(value from, value edge, value to, value data = none);
  std::future<value> run(const std::string& name, std::optional<std::string> version = {},
                         value::array args = {});
  std::future<void> commit();
  std::future<void> cancel();
  uuid id() const;
  bool open() const;

private:
  friend struct detail::face_access;

  explicit async_transaction(std::shared_ptr<detail::txn_core> core);

  std::shared_ptr<detail::txn_core> core_;
};

} // namespace surrealcaf
