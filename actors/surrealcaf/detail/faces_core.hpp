#pragma once

// The machinery behind the blocking and async faces (blocking.hpp, async.hpp).
// Internal: it includes CAF, so only surrealcaf's own sources and tests see it.
//
// Shape: every handle holds a `session_core` (a session actor handle plus its
// `connection_core`); every connection core holds the `runtime`: the actor
// system (owned or borrowed) and one long-lived *bridge* actor. A call is a
// small job sent to the bridge (`caf::anon_send`, no scoped_actor); the bridge
// sends the typed request and fulfils a std::promise from the reply. Blocking
// calls wait on that promise's future.
//
// Rule that keeps teardown safe: code running on an actor system's threads
// (the bridge's handlers) never holds a handle past its own scope. Strong
// references a reply needs (e.g. to build the session of `new_session`) live
// in the call's state and are released inside an `actor_thread_scope`; if that
// release drops the last reference to an owned runtime, the runtime's deleter
// sees the scope and hands the actor system to a reaper thread instead of
// destroying it from one of its own threads.

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "caf/actor.hpp"
#include "caf/actor_system.hpp"
#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/error.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/to_exception.hpp"
#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf::detail {

/// What the bridge actor runs: typically one `self->request(...).then(...)`.
using bridge_job = std::function<void(caf::event_based_actor* self)>;

} // namespace surrealcaf::detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::detail::bridge_job)

namespace surrealcaf::detail {

/// Marks the current thread as running surrealcaf code inside an actor for
/// the scope's lifetime (see the rule at the top of this file).
class actor_thread_scope {
public:
  actor_thread_scope();
  ~actor_thread_scope();
  actor_thread_scope(const actor_thread_scope&) = delete;
  actor_thread_scope& operator=(const actor_thread_scope&) = delete;

  /// True inside such a scope on this thread.
  static bool active() noexcept;

private:
  bool previous_;
};

/// The actor system the handles of one `connect` (or one wrap) share, and
/// the bridge actor that sends their requests.
///
/// Thread safety: `run` may be called from any thread. Destruction stops the
/// bridge and, for an owned system, waits for all its actors to finish; the
/// shared_ptr's deleter never does that from an actor thread.
class runtime {
public:
  /// A private actor system configured by `configure`.
  static std::shared_ptr<runtime> make_owned(const client_options& opts);

  /// The configuration of a private system: surrealcaf's types, the worker
  /// count of `opts`, and workers that sleep on a condition variable (woken
  /// by each message from outside) instead of polling every 50 us.
  static void configure(caf::actor_system_config& cfg, const client_options& opts);

  /// The user's system, which must outlive every handle built on it.
  static std::shared_ptr<runtime> make_borrowed(caf::actor_system& sys);

  ~runtime();

  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  caf::actor_system& system() noexcept {
    return *sys_;
  }

  bool owns_system() const noexcept {
    return owned_ != nullptr;
  }

  /// Hands `job` to the bridge actor; it runs there, in order per caller.
  void run(bridge_job job) const;

private:
  runtime() = default;

  void start_bridge(bool hidden);

  // Declared before the system: the system keeps a reference to it.
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> owned_;
  caf::actor_system* sys_ = nullptr;
  caf::actor bridge_;
};

/// Whether a session or connection was closed locally; checked before
/// anything is sent.
struct lifeline {
  /// What a call on the closed object fails with.
  explicit lifeline(errc code) : closed_code(code) {
  }

  std::atomic<bool> closed{false};
  const errc closed_code;
};

/// One connection as the faces see it.
///
/// For connections made by `connect` (`owned`), the destructor (the last
/// handle of the connection and its sessions going) closes the connection
/// and stops its actor; wrapped connections belong to the user and are left
/// alone.
class connection_core {
public:
  /// `opts` are the settings the faces' calls and streams follow.
  connection_core(std::shared_ptr<runtime> rt, connection_actor hdl, client_options opts,
                  bool owned);
  ~connection_core();

  connection_core(const connection_core&) = delete;
  connection_core& operator=(const connection_core&) = delete;

  runtime& rt() const noexcept {
    return *rt_;
  }

  const connection_actor& handle() const noexcept {
    return hdl_;
  }

  std::chrono::milliseconds timeout() const noexcept {
    return opts_.request_timeout;
  }

  const client_options& options() const noexcept {
    return opts_;
  }

  const std::shared_ptr<lifeline>& life() const noexcept {
    return life_;
  }

private:
  std::shared_ptr<runtime> rt_;
  connection_actor hdl_;
  client_options opts_;
  bool owned_;
  std::shared_ptr<lifeline> life_;
};

/// Which session of its connection a `session_core` is.
enum class session_kind {
  /// The socket's default session (a connection handle's own): it cannot be
  /// closed on its own, only with its connection.
  default_session,
  /// A session from `new_session` or `fork_session`.
  added,
};

/// One session as the faces see it: immutable apart from its lifeline, so
/// shared freely between threads.
class session_core {
public:
  session_core(std::shared_ptr<connection_core> conn, session_actor hdl, session_kind kind)
    : conn_(std::move(conn)),
      hdl_(std::move(hdl)),
      kind_(kind),
      life_(std::make_shared<lifeline>(errc::session_closed)) {
  }

  const std::shared_ptr<connection_core>& connection() const noexcept {
    return conn_;
  }

  const session_actor& handle() const noexcept {
    return hdl_;
  }

  const std::shared_ptr<lifeline>& life() const noexcept {
    return life_;
  }

  /// True for the connection's default session, whose `close_session`
  /// fails locally (the session actor would refuse it too).
  bool is_default() const noexcept {
    return kind_ == session_kind::default_session;
  }

  /// The error a call must fail with before sending anything: the session
  /// or its connection closed locally.
  std::optional<errc> closed() const noexcept {
    if (life_->closed.load())
      return errc::session_closed;
    if (conn_->life()->closed.load())
      return errc::connection_closed;
    return std::nullopt;
  }

private:
  std::shared_ptr<connection_core> conn_;
  session_actor hdl_;
  session_kind kind_;
  std::shared_ptr<lifeline> life_;
};

/// One open-or-closed interactive transaction of a session, owned by its
/// (move-only) transaction handle. `close` flips it closed exactly once,
/// before `commit` or `cancel` leaves, so later calls fail locally. The
/// destructor cancels a transaction still open: it hands a `cancel` request
/// to the bridge and returns at once, ignoring the reply.
class txn_core {
public:
  txn_core(std::shared_ptr<session_core> session, uuid id)
    : session_(std::move(session)), id_(id) {
  }

  ~txn_core();

  txn_core(const txn_core&) = delete;
  txn_core& operator=(const txn_core&) = delete;

  const std::shared_ptr<session_core>& session() const noexcept {
    return session_;
  }

  const uuid& id() const noexcept {
    return id_;
  }

  bool open() const noexcept {
    return !closed_.load();
  }

  /// Marks the transaction closed; true if it was open.
  bool close() noexcept {
    return !closed_.exchange(true);
  }

private:
  std::shared_ptr<session_core> session_;
  uuid id_;
  std::atomic<bool> closed_{false};
};

/// The handles' private parts, for the faces' sources. A connection handle
/// reaches `core` through its session base.
struct face_access {
  static const std::shared_ptr<session_core>& core(const blocking_session& x) noexcept {
    return x.core_;
  }
  static const std::shared_ptr<session_core>& core(const async_session& x) noexcept {
    return x.core_;
  }

  static std::shared_ptr<txn_core> take(async_transaction& x) noexcept {
    return std::move(x.core_);
  }

  template <class Face, class Core>
  static Face make(std::shared_ptr<Core> core) {
    return Face{std::move(core)};
  }
};

/// A future that is ready with `err`.
template <class R>
std::future<R> failed_future(const surreal_error& err) {
  std::promise<R> p;
  p.set_exception(std::make_exception_ptr(err));
  return p.get_future();
}

/// A future that is ready already: for a call with nothing left to do.
inline std::future<void> ready_future() {
  std::promise<void> p;
  p.set_value();
  return p.get_future();
}

/// The state of one call in flight: its promise and the conversion of the
/// reply into the future's value. Exactly one of `deliver` and `fail` runs,
/// on the bridge; both release everything they hold before returning (see
/// the rule at the top). A state destroyed unfinished (its runtime shut
/// down) fails its future with `errc::connection_closed`.
template <class R, class Convert>
class call_state {
public:
  /// `life` picks the error for a vanished actor; `name` names the call.
  call_state(Convert convert, std::shared_ptr<const lifeline> life, const char* name)
    : promise_(std::in_place), convert_(std::move(convert)), life_(std::move(life)), name_(name) {
  }

  ~call_state() {
    if (promise_)
      promise_->set_exception(std::make_exception_ptr(surreal_error{
        errc::connection_closed, std::string{name_} + ": the connection's runtime shut down"}));
  }

  call_state(const call_state&) = delete;
  call_state& operator=(const call_state&) = delete;

  std::future<R> future() {
    return promise_->get_future();
  }

  template <class Reply>
  void deliver(Reply& x) {
    actor_thread_scope scope; // outlives the locals below
    auto p = take();
    auto f = std::move(*convert_);
    convert_.reset();
    try {
      if constexpr (std::is_void_v<R>) {
        f(x);
        p.set_value();
      } else {
        p.set_value(f(x));
      }
    } catch (...) {
      p.set_exception(std::current_exception());
    }
  }

  void fail(const caf::error& err) {
    auto down = life_ && life_->closed.load() ? life_->closed_code : errc::connection_closed;
    fail(to_exception(err, down, name_));
  }

  void fail(const surreal_error& err) {
    actor_thread_scope scope;
    auto p = take();
    convert_.reset();
    p.set_exception(std::make_exception_ptr(err));
  }

  const char* name() const noexcept {
    return name_;
  }

private:
  std::promise<R> take() {
    auto p = std::move(*promise_);
    promise_.reset();
    return p;
  }

  std::optional<std::promise<R>> promise_;
  std::optional<Convert> convert_;
  std::shared_ptr<const lifeline> life_;
  const char* name_;
};

/// Reply conversions for `request`: pass the reply on, or drop it for calls
/// whose result carries no information (authenticate, ping, ... all answer
/// NONE).
inline constexpr auto keep = [](auto& x) { return std::move(x); };
inline constexpr auto drop = [](auto&) {};

/// How much longer than the call's deadline the faces' own timer waits. The
/// connection ends a call at its deadline (`client_options::
/// request_timeout`, set from the same `client_options` by `connect`) and
/// frees it; this timer only catches an actor that stopped answering
/// altogether. A connection wrapped with `make_*_connection` keeps its own
/// request_timeout: with zero there, a call this timer ends stays in its
/// table until answered (connection.hpp).
inline constexpr auto backstop_margin = std::chrono::seconds{1};

/// Sends `xs...` to `dest` from the bridge; the reply (of type `Reply`) goes
/// through `convert` into the returned future, or the call fails once
/// `timeout` plus `backstop_margin` passed without one.
template <class R, class Reply, class Dest, class Convert, class... Ts>
std::future<R> request(const runtime& rt, const Dest& dest, std::chrono::milliseconds timeout,
                       std::shared_ptr<const lifeline> life, const char* name, Convert convert,
                       Ts... xs) {
  auto st = std::make_shared<call_state<R, Convert>>(std::move(convert), std::move(life), name);
  auto result = st->future();
  rt.run([st, dest, timeout, args = std::make_tuple(std::move(xs)...)](
           caf::event_based_actor* self) mutable {
    std::apply(
      [&](auto&... ys) {
        self->request(dest, timeout + backstop_margin, std::move(ys)...)
          .then([st](Reply& x) { st->deliver(x); }, [st](caf::error& err) { st->fail(err); });
      },
      args);
  });
  return result;
}

/// Makes the connection actor for `url` on `sys`: `connect()` of
/// connection.hpp in production, a mock in tests.
using connector = std::function<caf::expected<connection_actor>(
  caf::actor_system& sys, const std::string& url, const client_options& opts)>;

/// The connector of `blocking_connection::connect` and
/// `async_connection::connect`: the WebSocket connection actor of
/// connection.hpp. Defined in faces_connect.cpp, the only source that needs
/// the connection actor's implementation.
connector websocket_connector();

/// `async_connection::connect` with the connection actor made by `make`:
/// on `rt`'s system, waits for `connected` and then fetches the default
/// session. Tests pass a connector that spawns a mock.
std::future<async_connection> start_connect(const std::shared_ptr<runtime>& rt,
                                            const std::string& url, const client_options& opts,
                                            const connector& make);

/// `async_connection::connect` on a fresh private runtime.
std::future<async_connection> connect_async(const std::string& url, const client_options& opts,
                                            const connector& make);

/// `blocking_connection::connect` on a fresh private runtime; a failed
/// attempt tears the runtime down on the calling thread before throwing.
blocking_connection connect_blocking(const std::string& url, const client_options& opts,
                                     const connector& make);

/// Wraps a connection actor of the user's system: fetches its default
/// session (a local round trip) and builds the handles; the connection is
/// not closed when they go.
blocking_connection wrap_connection(caf::actor_system& sys, connection_actor conn,
                                    const client_options& opts);

/// Waits for `f` a little longer than the call's own deadline, so a broken
/// actor can never make a blocking call hang, then returns its value.
template <class R>
R await(std::future<R> f, std::chrono::milliseconds timeout, const char* name) {
  // The request itself times out after `timeout` (plus the backstop); this
  // margin only covers the hop through the bridge.
  constexpr auto margin = backstop_margin + std::chrono::seconds{1};
  if (f.wait_for(timeout + margin) != std::future_status::ready)
    throw surreal_error{errc::timeout, std::string{name} + ": no reply within "
                                         + std::to_string(timeout.count()) + " ms"};
  return f.get();
}

/// Throws `errc::invalid_argument` unless both timeouts and max_message_size
/// are positive.
void check_options(const client_options& opts);

} // namespace surrealcaf::detail
