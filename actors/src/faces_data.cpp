// The data calls on both faces: CRUD statements (crud.hpp), interactive
// transactions, live queries as pull streams, refresh/revoke and fork. As in
// faces_calls.cpp, every async call is one typed request through the bridge
// and every blocking call waits on it.

#include <new>

#include "caf/event_based_actor.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/crud.hpp"
#include "surrealcaf/detail/faces_calls.hpp"
#include "surrealcaf/detail/faces_core.hpp"
#include "surrealcaf/detail/live_queue.hpp"
#include "surrealcaf/detail/to_exception.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/live_subscriber.hpp"

namespace surrealcaf {

using detail::drop;
using detail::empty_handle;
using detail::face_access;
using detail::failed_future;
using detail::keep;
using detail::script_value;
using detail::session_call;
using detail::session_core;
using detail::txn_core;
using detail::wait;

namespace detail {

// Sends `xs...` to the session from the bridge and ignores the reply: for
// destructors, which must neither wait nor throw.
template <class... Ts>
void fire_and_forget(const std::shared_ptr<session_core>& s, Ts... xs) noexcept {
  if (!s || s->closed())
    return;
  try {
    auto& conn = *s->connection();
    conn.rt().run([hdl = s->handle(), timeout = conn.timeout(),
                   args = std::make_tuple(std::move(xs)...)](caf::event_based_actor* self) {
      std::apply(
        [&](const auto&... ys) {
          self->request(hdl, timeout, ys...).then([](value&) {}, [](caf::error&) {});
        },
        args);
    });
  } catch (const std::bad_alloc&) {
    // Nothing else to do: the server drops what we could not end with the
    // session or the socket.
  }
}

txn_core::~txn_core() {
  if (close())
    fire_and_forget(session_, cancel_atom::value, id_);
}

// One live query: its session, its id and its hidden subscriber, which the
// destructor kills (the session monitors it, so its live queries end too).
class live_core {
public:
  live_core(std::shared_ptr<session_core> session, uuid id, live_subscriber subscriber,
            std::shared_ptr<live_queue> queue)
    : session_(std::move(session)),
      id_(id),
      subscriber_(std::move(subscriber)),
      queue_(std::move(queue)) {
  }

  ~live_core() {
    kill();
    caf::anon_send_exit(subscriber_, caf::exit_reason::user_shutdown);
  }

  live_core(const live_core&) = delete;
  live_core& operator=(const live_core&) = delete;

  void kill() noexcept {
    if (!kill_sent_.exchange(true))
      fire_and_forget(session_, kill_atom::value, id_);
  }

  live_queue& queue() noexcept {
    return *queue_;
  }

  const uuid& id() const noexcept {
    return id_;
  }

private:
  std::shared_ptr<session_core> session_;
  uuid id_;
  live_subscriber subscriber_;
  std::shared_ptr<live_queue> queue_;
  std::atomic<bool> kill_sent_{false};
};

} // namespace detail

namespace {

// -- how data_calls travel: for a session, or inside a transaction ------------

surreal_error txn_closed(const char* name) {
  return {errc::transaction_closed, std::string{name} + ": the transaction is closed"};
}

// The error a call on a session (faces_calls.hpp) or on a transaction fails
// with locally, if any.
using detail::refused;

template <class R>
std::optional<std::future<R>> refused(const std::shared_ptr<txn_core>& t, const char* name) {
  if (!t)
    return failed_future<R>(empty_handle(name));
  if (!t->open())
    return failed_future<R>(txn_closed(name));
  return std::nullopt;
}

// The session a handle's calls travel through; null for an empty handle.
const std::shared_ptr<session_core>& session_of(const std::shared_ptr<session_core>& s) {
  return s;
}

std::shared_ptr<session_core> session_of(const std::shared_ptr<txn_core>& t) {
  return t ? t->session() : nullptr;
}

// Sends one CRUD statement for the session (inside `txn` if given), or fails
// with the builder's error without sending anything.
std::future<value> send_crud(const std::shared_ptr<session_core>& core, const char* name,
                             caf::expected<crud::statement> stmt,
                             std::optional<uuid> txn = std::nullopt) {
  if (!stmt)
    return failed_future<value>(detail::to_exception(stmt.error(), errc::invalid_argument, name));
  return session_call<value, value>(core, name, keep, crud_atom::value, std::move(*stmt), txn);
}

std::future<value> send_crud(const std::shared_ptr<txn_core>& t, const char* name,
                             caf::expected<crud::statement> stmt) {
  if (auto err = refused<value>(t, name))
    return std::move(*err);
  return send_crud(t->session(), name, std::move(stmt), t->id());
}

// Sends a `query`; `convert` turns its results into the call's result.
template <class R, class Convert>
std::future<R> send_query(const std::shared_ptr<session_core>& core, const std::string& sql,
                          value::object vars, Convert convert) {
  return session_call<R, query_results>(core, "query", convert, query_atom::value, sql,
                                        std::move(vars));
}

template <class R, class Convert>
std::future<R> send_query(const std::shared_ptr<txn_core>& t, const std::string& sql,
                          value::object vars, Convert convert) {
  if (auto err = refused<R>(t, "query"))
    return std::move(*err);
  return session_call<R, query_results>(t->session(), "query", convert, query_atom::value, sql,
                                        std::move(vars), t->id());
}

// A call's result as its face returns it: the future itself, or (blocking)
// its value, waiting at most the request timeout.
template <template <class> class Result, class R, class Core>
Result<R> finish(const std::shared_ptr<Core>& core, std::future<R> f, const char* name) {
  if constexpr (std::is_same_v<Result<R>, std::future<R>>)
    return f;
  else
    return wait(session_of(core), std::move(f), name);
}

// Commit or cancel: the transaction closes before the request leaves.
template <class Atom>
std::future<void> end_txn(const std::shared_ptr<txn_core>& t, const char* name, Atom atom) {
  if (auto err = refused<void>(t, name))
    return std::move(*err);
  if (!t->close())
    return failed_future<void>(txn_closed(name));
  return session_call<void, value>(t->session(), name, drop, atom, t->id());
}

// The hidden actor behind a live_stream: queues what the session sends and
// stops once the queue takes no more: after the final `killed`, or when it
// overflowed (the session, which monitors it, then kills the live query).
live_subscriber::behavior_type queue_subscriber(live_subscriber::pointer self,
                                                std::shared_ptr<detail::live_queue> queue) {
  return {
    [self, queue](rpc::notification& x) {
      if (!queue->push(std::move(x)))
        self->quit();
    },
  };
}

// Stops a subscriber whose live call failed (the conversion never ran).
struct subscriber_guard {
  live_subscriber subscriber;

  subscriber_guard() = default;
  subscriber_guard(const subscriber_guard&) = delete;
  subscriber_guard& operator=(const subscriber_guard&) = delete;

  ~subscriber_guard() {
    if (subscriber)
      caf::anon_send_exit(subscriber, caf::exit_reason::user_shutdown);
  }

  live_subscriber release() {
    return std::move(subscriber);
  }
};

template <class... Ts>
std::future<live_stream> start_live(const std::shared_ptr<session_core>& core, const char* name,
                                    Ts... xs) {
  // Checked before the subscriber is spawned; session_call checks again.
  if (auto err = refused<live_stream>(core, name))
    return std::move(*err);
  const auto& opts = core->connection()->options();
  auto queue = std::make_shared<detail::live_queue>(opts.live_queue_limit, opts.on_live_overflow);
  auto sub = core->connection()->rt().system().spawn<caf::hidden>(queue_subscriber, queue);
  // Built in place: a copy's destructor would stop the subscriber.
  auto guard = std::make_shared<subscriber_guard>();
  guard->subscriber = sub;
  auto convert = [core, queue, guard](uuid& id) {
    return face_access::make<live_stream>(
      std::make_shared<detail::live_core>(core, id, guard->release(), queue));
  };
  return session_call<live_stream, uuid>(core, name, std::move(convert), live_atom::value,
                                         std::move(xs)..., sub);
}

} // namespace

// -- data_calls ---------------------------------------------------------------

template <template <class> class Result, class Core>
Result<query_results> data_calls<Result, Core>::query(const std::string& sql, value::object vars) {
  return finish<Result>(core_, send_query<query_results>(core_, sql, std::move(vars), keep),
                        "query");
}

template <template <class> class Result, class Core>
Result<value> data_calls<Result, Core>::query_value(const std::string& sql, value::object vars) {
  return finish<Result>(core_, send_query<value>(core_, sql, std::move(vars), script_value),
                        "query");
}

template <template <class> class Result, class Core>
Result<value> data_calls<Result, Core>::crud_call(const char* name,
                                                  caf::expected<crud::statement> stmt) {
  return finish<Result>(core_, send_crud(core_, name, std::move(stmt)), name);
}

template class data_calls<detail::waited, session_core>;
template class data_calls<detail::waited, txn_core>;
template class data_calls<std::future, session_core>;
template class data_calls<std::future, txn_core>;

// -- async_session ------------------------------------------------------------

std::future<async_transaction> async_session::begin_transaction() {
  auto convert = [core = core_](uuid& id) {
    return face_access::make<async_transaction>(std::make_shared<txn_core>(core, id));
  };
  return session_call<async_transaction, uuid>(core_, "begin", std::move(convert),
                                               begin_atom::value);
}

std::future<live_stream> async_session::live(value table, bool diff) {
  return start_live(core_, "live", std::move(table), diff);
}

std::future<live_stream> async_session::live_query(const std::string& sql, value::object vars) {
  return start_live(core_, "live", sql, std::move(vars));
}

std::future<value> async_session::refresh() {
  return session_call<value, value>(core_, "refresh", keep, refresh_atom::value);
}

std::future<void> async_session::revoke() {
  return session_call<void, value>(core_, "revoke", drop, revoke_atom::value);
}

std::future<async_session> async_session::fork_session() {
  if (!core_)
    return failed_future<async_session>(empty_handle("fork"));
  auto convert = [conn = core_->connection()](forked_session& x) {
    return face_access::make<async_session>(
      std::make_shared<session_core>(conn, std::move(x.session), detail::session_kind::added));
  };
  if (auto err = detail::refused<async_session>(core_, "fork"))
    return std::move(*err);
  // A fork is several calls in a row and ends within twice the timeout.
  auto& conn = *core_->connection();
  return detail::request<async_session, forked_session>(conn.rt(), core_->handle(),
                                                        2 * conn.timeout(), core_->life(), "fork",
                                                        std::move(convert), fork_atom::value);
}

// -- blocking_session ---------------------------------------------------------

blocking_transaction blocking_session::begin_transaction() {
  auto t = wait(core_, async().begin_transaction(), "begin");
  return face_access::make<blocking_transaction>(face_access::take(t));
}

live_stream blocking_session::live(value table, bool diff) {
  return wait(core_, async().live(std::move(table), diff), "live");
}

live_stream blocking_session::live_query(const std::string& sql, value::object vars) {
  return wait(core_, async().live_query(sql, std::move(vars)), "live");
}

value blocking_session::refresh() {
  return wait(core_, async().refresh(), "refresh");
}

void blocking_session::revoke() {
  wait(core_, async().revoke(), "revoke");
}

blocking_session blocking_session::fork_session() {
  auto timeout = core_ ? 2 * core_->connection()->timeout() : std::chrono::milliseconds{0};
  return detail::await(async().fork_session(), timeout, "fork").blocking();
}

// -- async_transaction --------------------------------------------------------

std::future<void> async_transaction::commit() {
  return end_txn(core_, "commit", commit_atom::value);
}

std::future<void> async_transaction::cancel() {
  return end_txn(core_, "cancel", cancel_atom::value);
}

uuid async_transaction::id() const {
  return core_ ? core_->id() : uuid{};
}

bool async_transaction::open() const {
  return core_ && core_->open();
}

// -- blocking_transaction -----------------------------------------------------

void blocking_transaction::commit() {
  wait(session_of(core_), end_txn(core_, "commit", commit_atom::value), "commit");
}

void blocking_transaction::cancel() {
  wait(session_of(core_), end_txn(core_, "cancel", cancel_atom::value), "cancel");
}

uuid blocking_transaction::id() const {
  return core_ ? core_->id() : uuid{};
}

bool blocking_transaction::open() const {
  return core_ && core_->open();
}

// -- live_stream --------------------------------------------------------------

live_stream::live_stream(std::shared_ptr<detail::live_core> core) : core_(std::move(core)) {
}

std::optional<rpc::notification> live_stream::next(std::chrono::milliseconds timeout) {
  return core_ ? core_->queue().pop(timeout) : std::nullopt;
}

bool live_stream::ended() const {
  return !core_ || core_->queue().ended();
}

bool live_stream::overflowed() const {
  return core_ && core_->queue().overflowed();
}

size_t live_stream::dropped() const {
  return core_ ? core_->queue().dropped() : 0;
}

void live_stream::kill() {
  if (core_)
    core_->kill();
}

uuid live_stream::id() const {
  return core_ ? core_->id() : uuid{};
}

} // namespace surrealcaf
