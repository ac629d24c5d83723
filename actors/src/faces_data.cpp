// Issue #5's calls on both faces: CRUD statements (crud.hpp), interactive
// transactions, live queries as pull streams, refresh/revoke and fork. As in
// faces_calls.cpp, every async call is one typed request through the bridge
// and every blocking call waits on it.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <new>

#include "caf/event_based_actor.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/crud.hpp"
#include "surrealcaf/detail/faces_calls.hpp"
#include "surrealcaf/detail/faces_core.hpp"
#include "surrealcaf/detail/to_exception.hpp"
#include "surrealcaf/live_stream.hpp"

namespace surrealcaf {

using detail::closed_error;
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

// A queue between the hidden subscriber actor (producer) and the stream's
// users (consumers).
class live_queue {
public:
  void push(rpc::notification x) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      items_.push_back(std::move(x));
    }
    cv_.notify_all();
  }

  std::optional<rpc::notification> pop(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> guard{mtx_};
    if (!cv_.wait_for(guard, timeout, [this] { return ended_ || !items_.empty(); }) || ended_)
      return std::nullopt;
    auto x = std::move(items_.front());
    items_.pop_front();
    if (x.action == rpc::live_action::killed) {
      ended_ = true;
      // Other threads waiting in `pop` return now rather than at their
      // timeout.
      cv_.notify_all();
    }
    return x;
  }

  bool ended() const {
    std::lock_guard<std::mutex> guard{mtx_};
    return ended_;
  }

private:
  mutable std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<rpc::notification> items_;
  bool ended_ = false;
};

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
  live_core(std::shared_ptr<session_core> session, uuid id, caf::actor subscriber,
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
  caf::actor subscriber_;
  std::shared_ptr<live_queue> queue_;
  std::atomic<bool> kill_sent_{false};
};

} // namespace detail

namespace {

// Sends one CRUD statement for the session (inside `txn` if given), or fails
// with the builder's error without sending anything.
std::future<value> crud_call(const std::shared_ptr<session_core>& core, const char* name,
                             caf::expected<crud::statement> stmt, std::optional<uuid> txn) {
  if (!stmt)
    return failed_future<value>(detail::to_exception(stmt.error(), errc::invalid_argument, name));
  return session_call<value, value>(core, name, keep, crud_atom::value, std::move(*stmt), txn);
}

// One CRUD statement of the session outside any transaction.
std::future<value> session_crud(const std::shared_ptr<session_core>& core, const char* name,
                                caf::expected<crud::statement> stmt) {
  return crud_call(core, name, std::move(stmt), std::nullopt);
}

// The blocking form of session_crud.
value wait_crud(const std::shared_ptr<session_core>& core, const char* name,
                caf::expected<crud::statement> stmt) {
  return wait(core, session_crud(core, name, std::move(stmt)), name);
}

// The error a call on a transaction fails with locally, if any.
template <class R>
std::optional<std::future<R>> refused(const std::shared_ptr<txn_core>& t, const char* name) {
  if (!t)
    return failed_future<R>(empty_handle(name));
  if (!t->open())
    return failed_future<R>(
      surreal_error{errc::transaction_closed, std::string{name} + ": the transaction is closed"});
  return std::nullopt;
}

std::future<value> txn_crud(const std::shared_ptr<txn_core>& t, const char* name,
                            caf::expected<crud::statement> stmt) {
  if (auto err = refused<value>(t, name))
    return std::move(*err);
  return crud_call(t->session(), name, std::move(stmt), t->id());
}

template <class R, class Convert>
std::future<R> txn_query(const std::shared_ptr<txn_core>& t, const std::string& sql,
                         value::object vars, Convert convert) {
  if (auto err = refused<R>(t, "query"))
    return std::move(*err);
  return session_call<R, query_results>(t->session(), "query", convert, query_atom::value, sql,
                                        std::move(vars), t->id());
}

std::shared_ptr<session_core> session_of(const std::shared_ptr<txn_core>& t) {
  return t ? t->session() : nullptr;
}

// The blocking form of txn_crud.
value wait_txn_crud(const std::shared_ptr<txn_core>& t, const char* name,
                    caf::expected<crud::statement> stmt) {
  auto f = txn_crud(t, name, std::move(stmt));
  return wait(session_of(t), std::move(f), name);
}

// Commit or cancel: the transaction closes before the request leaves.
template <class Atom>
std::future<void> end_txn(const std::shared_ptr<txn_core>& t, const char* name, Atom atom) {
  if (auto err = refused<void>(t, name))
    return std::move(*err);
  if (!t->close())
    return failed_future<void>(
      surreal_error{errc::transaction_closed, std::string{name} + ": the transaction is closed"});
  return session_call<void, value>(t->session(), name, drop, atom, t->id());
}

// The hidden actor behind a live_stream: queues what the session sends and
// stops after the final `killed`.
caf::behavior live_subscriber(caf::event_based_actor* self,
                              std::shared_ptr<detail::live_queue> queue) {
  return {
    [self, queue](rpc::notification& x) {
      auto last = x.action == rpc::live_action::killed;
      queue->push(std::move(x));
      if (last)
        self->quit();
    },
  };
}

// Stops a subscriber whose live call failed (the conversion never ran).
struct subscriber_guard {
  caf::actor subscriber;

  subscriber_guard() = default;
  subscriber_guard(const subscriber_guard&) = delete;
  subscriber_guard& operator=(const subscriber_guard&) = delete;

  ~subscriber_guard() {
    if (subscriber)
      caf::anon_send_exit(subscriber, caf::exit_reason::user_shutdown);
  }

  caf::actor release() {
    return std::move(subscriber);
  }
};

template <class... Ts>
std::future<live_stream> start_live(const std::shared_ptr<session_core>& core, const char* name,
                                    Ts... xs) {
  if (!core)
    return failed_future<live_stream>(empty_handle(name));
  if (auto code = core->closed())
    return failed_future<live_stream>(closed_error(*code, name));
  auto queue = std::make_shared<detail::live_queue>();
  auto sub = core->connection()->rt().system().spawn<caf::hidden>(live_subscriber, queue);
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

// -- async_session ------------------------------------------------------------

std::future<value> async_session::select(value target) {
  return session_crud(core_, "select", crud::select(std::move(target)));
}

std::future<value> async_session::create(value target, value data) {
  return session_crud(core_, "create", crud::create(std::move(target), std::move(data)));
}

std::future<value> async_session::insert(value table, value data) {
  return session_crud(core_, "insert", crud::insert(std::move(table), std::move(data)));
}

std::future<value> async_session::insert_relation(value table, value data) {
  return session_crud(core_, "insert_relation", crud::insert_relation(std::move(table), std::move(data)));
}

std::future<value> async_session::update(value target, value data) {
  return session_crud(core_, "update", crud::update(std::move(target), std::move(data)));
}

std::future<value> async_session::upsert(value target, value data) {
  return session_crud(core_, "upsert", crud::upsert(std::move(target), std::move(data)));
}

std::future<value> async_session::merge(value target, value data) {
  return session_crud(core_, "merge", crud::merge(std::move(target), std::move(data)));
}

std::future<value> async_session::patch(value target, value patches, bool diff) {
  return session_crud(core_, "patch", crud::patch(std::move(target), std::move(patches), diff));
}

std::future<value> async_session::delete_(value target) {
  return session_crud(core_, "delete", crud::delete_(std::move(target)));
}

std::future<value> async_session::relate(value from, value edge, value to, value data) {
  return session_crud(core_, "relate", crud::relate(std::move(from), std::move(edge), std::move(to), std::move(data)));
}

std::future<value> async_session::run(const std::string& name, std::optional<std::string> version, value::array args) {
  return session_crud(core_, "run", crud::run(name, std::move(version), std::move(args)));
}

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
      std::make_shared<session_core>(conn, std::move(x.session)));
  };
  return session_call<async_session, forked_session>(core_, "fork", std::move(convert),
                                                     fork_atom::value);
}

// -- blocking_session ---------------------------------------------------------

value blocking_session::select(value target) {
  return wait_crud(core_, "select", crud::select(std::move(target)));
}

value blocking_session::create(value target, value data) {
  return wait_crud(core_, "create", crud::create(std::move(target), std::move(data)));
}

value blocking_session::insert(value table, value data) {
  return wait_crud(core_, "insert", crud::insert(std::move(table), std::move(data)));
}

value blocking_session::insert_relation(value table, value data) {
  return wait_crud(core_, "insert_relation", crud::insert_relation(std::move(table), std::move(data)));
}

value blocking_session::update(value target, value data) {
  return wait_crud(core_, "update", crud::update(std::move(target), std::move(data)));
}

value blocking_session::upsert(value target, value data) {
  return wait_crud(core_, "upsert", crud::upsert(std::move(target), std::move(data)));
}

value blocking_session::merge(value target, value data) {
  return wait_crud(core_, "merge", crud::merge(std::move(target), std::move(data)));
}

value blocking_session::patch(value target, value patches, bool diff) {
  return wait_crud(core_, "patch", crud::patch(std::move(target), std::move(patches), diff));
}

value blocking_session::delete_(value target) {
  return wait_crud(core_, "delete", crud::delete_(std::move(target)));
}

value blocking_session::relate(value from, value edge, value to, value data) {
  return wait_crud(core_, "relate", crud::relate(std::move(from), std::move(edge), std::move(to), std::move(data)));
}

value blocking_session::run(const std::string& name, std::optional<std::string> version, value::array args) {
  return wait_crud(core_, "run", crud::run(name, std::move(version), std::move(args)));
}

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
  auto s = wait(core_, async().fork_session(), "fork");
  return face_access::make<blocking_session>(face_access::core(s));
}

// -- async_transaction --------------------------------------------------------

async_transaction::async_transaction(std::shared_ptr<txn_core> core) : core_(std::move(core)) {
}

async_transaction::~async_transaction() = default;

async_transaction& async_transaction::operator=(async_transaction&& other) noexcept = default;

std::future<query_results> async_transaction::query(const std::string& sql, value::object vars) {
  return txn_query<query_results>(core_, sql, std::move(vars), keep);
}

std::future<value> async_transaction::query_value(const std::string& sql, value::object vars) {
  return txn_query<value>(core_, sql, std::move(vars), script_value);
}

std::future<value> async_transaction::select(value target) {
  return txn_crud(core_, "select", crud::select(std::move(target)));
}

std::future<value> async_transaction::create(value target, value data) {
  return txn_crud(core_, "create", crud::create(std::move(target), std::move(data)));
}

std::future<value> async_transaction::insert(value table, value data) {
  return txn_crud(core_, "insert", crud::insert(std::move(table), std::move(data)));
}

std::future<value> async_transaction::insert_relation(value table, value data) {
  return txn_crud(core_, "insert_relation", crud::insert_relation(std::move(table), std::move(data)));
}

std::future<value> async_transaction::update(value target, value data) {
  return txn_crud(core_, "update", crud::update(std::move(target), std::move(data)));
}

std::future<value> async_transaction::upsert(value target, value data) {
  return txn_crud(core_, "upsert", crud::upsert(std::move(target), std::move(data)));
}

std::future<value> async_transaction::merge(value target, value data) {
  return txn_crud(core_, "merge", crud::merge(std::move(target), std::move(data)));
}

std::future<value> async_transaction::patch(value target, value patches, bool diff) {
  return txn_crud(core_, "patch", crud::patch(std::move(target), std::move(patches), diff));
}

std::future<value> async_transaction::delete_(value target) {
  return txn_crud(core_, "delete", crud::delete_(std::move(target)));
}

std::future<value> async_transaction::relate(value from, value edge, value to, value data) {
  return txn_crud(core_, "relate", crud::relate(std::move(from), std::move(edge), std::move(to), std::move(data)));
}

std::future<value> async_transaction::run(const std::string& name, std::optional<std::string> version, value::array args) {
  return txn_crud(core_, "run", crud::run(name, std::move(version), std::move(args)));
}

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

blocking_transaction::blocking_transaction(std::shared_ptr<txn_core> core)
  : core_(std::move(core)) {
}

blocking_transaction::~blocking_transaction() = default;

blocking_transaction&
blocking_transaction::operator=(blocking_transaction&& other) noexcept = default;

query_results blocking_transaction::query(const std::string& sql, value::object vars) {
  return wait(session_of(core_), txn_query<query_results>(core_, sql, std::move(vars), keep),
              "query");
}

value blocking_transaction::query_value(const std::string& sql, value::object vars) {
  return wait(session_of(core_), txn_query<value>(core_, sql, std::move(vars), script_value),
              "query");
}

value blocking_transaction::select(value target) {
  return wait_txn_crud(core_, "select", crud::select(std::move(target)));
}

value blocking_transaction::create(value target, value data) {
  return wait_txn_crud(core_, "create", crud::create(std::move(target), std::move(data)));
}

value blocking_transaction::insert(value table, value data) {
  return wait_txn_crud(core_, "insert", crud::insert(std::move(table), std::move(data)));
}

value blocking_transaction::insert_relation(value table, value data) {
  return wait_txn_crud(core_, "insert_relation", crud::insert_relation(std::move(table), std::move(data)));
}

value blocking_transaction::update(value target, value data) {
  return wait_txn_crud(core_, "update", crud::update(std::move(target), std::move(data)));
}

value blocking_transaction::upsert(value target, value data) {
  return wait_txn_crud(core_, "upsert", crud::upsert(std::move(target), std::move(data)));
}

value blocking_transaction::merge(value target, value data) {
  return wait_txn_crud(core_, "merge", crud::merge(std::move(target), std::move(data)));
}

value blocking_transaction::patch(value target, value patches, bool diff) {
  return wait_txn_crud(core_, "patch", crud::patch(std::move(target), std::move(patches), diff));
}

value blocking_transaction::delete_(value target) {
  return wait_txn_crud(core_, "delete", crud::delete_(std::move(target)));
}

value blocking_transaction::relate(value from, value edge, value to, value data) {
  return wait_txn_crud(core_, "relate", crud::relate(std::move(from), std::move(edge), std::move(to), std::move(data)));
}

value blocking_transaction::run(const std::string& name, std::optional<std::string> version, value::array args) {
  return wait_txn_crud(core_, "run", crud::run(name, std::move(version), std::move(args)));
}

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

live_stream::~live_stream() = default;

live_stream& live_stream::operator=(live_stream&& other) noexcept = default;

std::optional<rpc::notification> live_stream::next(std::chrono::milliseconds timeout) {
  return core_ ? core_->queue().pop(timeout) : std::nullopt;
}

bool live_stream::ended() const {
  return !core_ || core_->queue().ended();
}

void live_stream::kill() {
  if (core_)
    core_->kill();
}

uuid live_stream::id() const {
  return core_ ? core_->id() : uuid{};
}

} // namespace surrealcaf
