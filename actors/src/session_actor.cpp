#include "surrealcaf/detail/spawn_session.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/sec.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/ignore_reply.hpp"
#include "surrealcaf/detail/live_subscriptions.hpp"
#include "surrealcaf/detail/session_state.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

namespace {

struct session_actor_state {
  session_state data;
  /// The connection's request_timeout: what a fork may take in all (zero:
  /// no bound of its own).
  std::chrono::milliseconds request_timeout{0};
  /// Null once closed, so a closed session keeps nothing alive.
  connection_internal conn;
  live_subscriptions<live_subscriber> live;

  static inline const char* name = "surrealcaf.session";
};

using self_pointer = session_internal::stateful_pointer<session_actor_state>;

/// Whoever waits for one call: gets its result or its error.
using reply_fn = std::function<void(caf::expected<value>)>;

// A failed statement as the error of the call that ran it. A write conflict
// gets its own code, so callers can tell it is retryable.
caf::error statement_error(rpc::server_error x) {
  auto code = x.is_transaction_conflict() ? errc::transaction_conflict : errc::server_error;
  return make_error(code, std::move(x));
}

// A request to a connection that is already gone fails with CAF's
// receiver_down; callers get the error the interface promises instead. A
// server's error reply is classified like a failed statement.
caf::error as_session_error(caf::error err) {
  if (err == caf::sec::request_receiver_down)
    return make_error(errc::connection_closed, "the connection is gone");
  if (is(err, errc::server_error))
    if (auto server = server_error_of(err))
      return statement_error(*server);
  return err;
}

// What the session state needs of a call's params once the server said yes.
// Most calls need nothing (a query is not copied); signin and signup keep
// only the namespace and database they select, never the secrets.
value::array kept_params(rpc::method m, const value::array& params) {
  switch (m) {
    case rpc::method::use:
    case rpc::method::authenticate:
    case rpc::method::let:
    case rpc::method::unset:
    case rpc::method::revoke:
      return params;
    case rpc::method::signin:
    case rpc::method::signup: {
      value::object selected;
      if (!params.empty())
        for (const char* key : {"NS", "ns", "DB", "db"})
          if (const auto& x = params[0][key]; x.is<std::string>())
            selected.emplace(key, x);
      return {value{std::move(selected)}};
    }
    default:
      return {};
  }
}

caf::expected<value> as_value(value& x) {
  return std::move(x);
}

// The reply to `call` as the one kind of value it must be, else a protocol
// error naming the kind that came instead.
template <class T>
caf::expected<T> reply_as(const char* call, value& x) {
  if (auto y = x.get_if<T>())
    return std::move(*y);
  constexpr auto wanted = static_cast<value::kind>(
    index_of<T>(static_cast<const value::variant_type*>(nullptr)));
  return make_error(errc::protocol_error, std::string{call} + " replied " + to_string(x.type())
                                            + ", not a " + to_string(wanted));
}

caf::expected<std::string> as_version(value& x) {
  return reply_as<std::string>("version", x);
}

caf::expected<query_results> as_query_results(value& x) {
  return rpc::parse_query_results(std::move(x));
}

// The one statement of a CRUD call: its result, or its error.
caf::expected<value> as_statement_result(value& x) {
  auto results = rpc::parse_query_results(std::move(x));
  if (!results)
    return std::move(results.error());
  if (results->size() != 1)
    return make_error(errc::protocol_error, "a CRUD statement replied "
                                              + std::to_string(results->size())
                                              + " results, not one");
  auto& res = results->front();
  if (!res.ok())
    return statement_error(std::move(*res.error));
  return std::move(res.result);
}

// Sends one call for this session; `done` gets its outcome. The connection
// answers every call, at the latest when it shuts down.
void ask_connection(self_pointer self, rpc::request call, reply_fn done) {
  self->request(self->state.conn, caf::infinite, call_atom::value, std::move(call))
    .then([done](value& x) { done(std::move(x)); },
          [done](caf::error& err) { done(as_session_error(std::move(err))); });
}

// Sends one call through the connection and answers with `convert(result)`.
// The session state is updated only once the server said yes.
template <class T>
caf::result<T> forward(self_pointer self, rpc::method m, value::array params,
                       caf::expected<T> (*convert)(value&),
                       std::optional<uuid> txn = std::nullopt) {
  auto& st = self->state;
  if (auto err = st.data.check(m, params))
    return err;
  auto kept = kept_params(m, params);
  auto call = st.data.make_call(m, std::move(params));
  call.txn = txn;
  auto rp = self->template make_response_promise<T>();
  ask_connection(self, std::move(call),
            [self, rp, m, kept, convert](caf::expected<value> res) mutable {
              if (!res) {
                rp.deliver(std::move(res.error()));
                return;
              }
              self->state.data.apply(m, kept, *res);
              auto out = convert(*res);
              if (out)
                rp.deliver(std::move(*out));
              else
                rp.deliver(std::move(out.error()));
            });
  return rp;
}

// -- live queries -------------------------------------------------------------

// With this session as the sender, so a subscriber can tell sessions apart.
void notify(self_pointer self, const live_subscriber& subscriber, rpc::notification x) {
  self->send(subscriber, std::move(x));
}

// The last message of every stream (protocol.md §2.5: KILLED carries NONE).
rpc::notification end_of_stream(self_pointer self, const uuid& id) {
  return rpc::notification{id, rpc::live_action::killed, none, none, self->state.data.id};
}

// A subscriber left with no live query of this session is no longer watched.
void release(self_pointer self, const live_subscriber& subscriber) {
  if (self->state.live.count_of(subscriber) == 0)
    self->demonitor(subscriber.address());
}

void end_stream(self_pointer self, const uuid& id, const live_subscriber& subscriber) {
  notify(self, subscriber, end_of_stream(self, id));
  release(self, subscriber);
}

void end_all_streams(self_pointer self) {
  auto ended = self->state.live.end_all();
  for (auto& [id, subscriber] : ended)
    notify(self, subscriber, end_of_stream(self, id));
  for (auto& entry : ended)
    release(self, entry.second);
}

void subscribe(self_pointer self, const uuid& id, const live_subscriber& subscriber) {
  auto& live = self->state.live;
  auto watched = live.count_of(subscriber) > 0;
  auto backlog = live.add(id, subscriber);
  // What came before the reply goes out first, in order.
  for (auto& x : backlog.notifications)
    notify(self, subscriber, std::move(x));
  if (!backlog.ended && !watched)
    self->monitor(subscriber);
}

void kill_on_server(self_pointer self, const uuid& id) {
  request_ignoring_reply(self, self->state.conn, call_atom::value,
                         self->state.data.make_call(rpc::method::kill, {id}));
}

using live_id_reader = caf::expected<uuid> (*)(self_pointer, value&);

caf::expected<uuid> live_id_of_rpc(self_pointer, value& x) {
  return reply_as<uuid>("live", x);
}

caf::expected<uuid> live_id_of_query(self_pointer self, value& x) {
  auto results = rpc::parse_query_results(std::move(x));
  if (!results)
    return std::move(results.error());
  auto live_id = [](const rpc::query_result& res) {
    return res.type == rpc::query_type::live ? res.result.get_if<uuid>() : nullptr;
  };
  if (results->size() == 1) {
    auto& res = results->front();
    if (!res.ok())
      return statement_error(std::move(*res.error));
    if (auto id = live_id(res))
      return *id;
  }
  // Not one LIVE SELECT: whatever live query it did start has no
  // subscriber, so it must not run on.
  for (auto& res : *results)
    if (auto id = live_id(res))
      kill_on_server(self, *id);
  return make_error(errc::invalid_argument,
                    "live(sql) takes exactly one LIVE SELECT statement");
}

caf::result<uuid> start_live(self_pointer self, rpc::method m, value::array params,
                             live_subscriber subscriber, live_id_reader read_id) {
  auto& st = self->state;
  if (auto err = st.data.check(m, params))
    return err;
  if (!subscriber)
    return make_error(errc::invalid_argument, "live: the subscriber is not an actor");
  auto rp = self->make_response_promise<uuid>();
  st.live.call_started();
  ask_connection(self, st.data.make_call(m, std::move(params)),
            [self, rp, subscriber, read_id](caf::expected<value> res) mutable {
              auto& st = self->state;
              auto id = res ? read_id(self, *res) : caf::expected<uuid>{std::move(res.error())};
              // Closed meanwhile: the detach (or the socket) ended it on the
              // server, and the subscriber never had a stream.
              if (id && st.data.closed)
                id = st.data.close_reason;
              if (id)
                subscribe(self, *id, subscriber);
              st.live.call_ended();
              if (id)
                rp.deliver(*id);
              else
                rp.deliver(std::move(id.error()));
            });
  return rp;
}

caf::result<value> kill_live(self_pointer self, const uuid& id) {
  auto& st = self->state;
  if (st.data.closed)
    return st.data.close_reason;
  // The stream ends now: what the server still sends for it is after the end.
  if (auto subscriber = st.live.end(id))
    end_stream(self, id, *subscriber);
  return forward<value>(self, rpc::method::kill, {id}, as_value);
}

void on_notification(self_pointer self, rpc::notification& x) {
  if (auto to = self->state.live.route(x)) {
    notify(self, to->subscriber, std::move(x));
    if (to->last)
      release(self, to->subscriber);
  }
}

// A subscriber died: nobody reads its live queries any more.
void on_subscriber_down(self_pointer self, const caf::down_msg& msg) {
  auto& st = self->state;
  for (auto& id : st.live.end_subscriber(msg.source))
    if (!st.data.closed)
      kill_on_server(self, id);
}

// -- transactions -------------------------------------------------------------

caf::result<uuid> begin_transaction(self_pointer self) {
  auto& st = self->state;
  if (st.data.closed)
    return st.data.close_reason;
  auto rp = self->make_response_promise<uuid>();
  auto conn = st.conn;
  ask_connection(self, st.data.make_call(rpc::method::begin, {}),
            [self, rp, conn](caf::expected<value> res) mutable {
              if (!res) {
                rp.deliver(std::move(res.error()));
                return;
              }
              auto id = reply_as<uuid>("begin", *res);
              if (!id) {
                rp.deliver(std::move(id.error()));
                return;
              }
              auto& st = self->state;
              if (st.data.closed) {
                // Closed meanwhile, so its close could not cancel this one.
                // Transactions are the socket's: cancel it there.
                request_ignoring_reply(
                  self, conn, call_atom::value,
                  rpc::request{0, rpc::method::cancel, {*id}, std::nullopt, std::nullopt});
                rp.deliver(st.data.close_reason);
                return;
              }
              st.data.transactions.insert(*id);
              rp.deliver(*id);
            });
  return rp;
}

// commit or cancel: the transaction ends with the call, whatever the server
// answers (it forgets the transaction before committing, protocol.md §5).
caf::result<value> end_transaction(self_pointer self, rpc::method m, const uuid& txn) {
  auto& st = self->state;
  if (auto err = st.data.check_transaction(txn))
    return err;
  st.data.transactions.erase(txn);
  return forward<value>(self, m, {txn}, as_value);
}

// -- fork ---------------------------------------------------------------------

// One call that makes a new session like this one.
struct replay_step {
  enum class kind { authenticate, use, let } what;
  value first;
  value second;
};

// Authentication first: a token that names a namespace or database selects
// it, so `use` must come after to end where this session is.
std::vector<replay_step> replay_plan(const session_state& st) {
  std::vector<replay_step> result;
  if (auto token = st.access_token(); token.is<std::string>())
    result.push_back({replay_step::kind::authenticate, std::move(token), none});
  if (st.ns.is<std::string>())
    result.push_back({replay_step::kind::use, st.ns, st.db.is<std::string>() ? st.db : none});
  for (auto& [name, x] : st.vars)
    result.push_back({replay_step::kind::let, name, x});
  return result;
}

// The steps, and when the whole fork must be done: a fork is several calls
// in a row, each with its own deadline at the connection, and the caller
// waits for all of them at once (the faces wait twice request_timeout).
struct replay_plan_t {
  std::vector<replay_step> steps;
  std::optional<caf::actor_clock::time_point> deadline;
  std::chrono::milliseconds limit{0};
};

using replay_ptr = std::shared_ptr<const replay_plan_t>;

void replay(self_pointer self, caf::typed_response_promise<forked_session> rp,
            session_actor fork, replay_ptr plan, size_t i) {
  if (i == plan->steps.size()) {
    rp.deliver(forked_session{std::move(fork)});
    return;
  }
  auto next = [self, rp, fork, plan, i](value&) mutable {
    replay(self, std::move(rp), std::move(fork), std::move(plan), i + 1);
  };
  auto fail = [self, rp, fork, plan](caf::error& err) mutable {
    // A half-made fork is of no use to anyone.
    request_ignoring_reply(self, fork, close_atom::value);
    if (err == caf::sec::request_timeout)
      err = make_error(errc::timeout, "fork: not done within "
                                        + std::to_string(plan->limit.count()) + " ms");
    rp.deliver(std::move(err));
  };
  // Checked between steps: a step under way has its connection deadline,
  // so a fork ends at most one request_timeout after its own deadline.
  if (plan->deadline && self->clock().now() >= *plan->deadline) {
    caf::error late = caf::sec::request_timeout;
    fail(late);
    return;
  }
  auto& step = plan->steps[i];
  switch (step.what) {
    case replay_step::kind::authenticate:
      self->request(fork, caf::infinite, auth_atom::value, step.first.get<std::string>())
        .then(std::move(next), std::move(fail));
      break;
    case replay_step::kind::use:
      self->request(fork, caf::infinite, use_atom::value, step.first, step.second)
        .then(std::move(next), std::move(fail));
      break;
    case replay_step::kind::let:
      self->request(fork, caf::infinite, let_atom::value, step.first.get<std::string>(), step.second)
        .then(std::move(next), std::move(fail));
      break;
  }
}

caf::result<forked_session> fork_session(self_pointer self) {
  auto& st = self->state;
  if (st.data.closed)
    return st.data.close_reason;
  auto plan = std::make_shared<replay_plan_t>();
  plan->steps = replay_plan(st.data);
  plan->limit = st.request_timeout;
  if (st.request_timeout.count() > 0)
    plan->deadline = self->clock().now() + st.request_timeout;
  auto rp = self->make_response_promise<forked_session>();
  self->request(st.conn, caf::infinite, session_atom::value)
    .then([self, rp, plan = replay_ptr{std::move(plan)}](session_actor& fork) mutable {
            replay(self, std::move(rp), std::move(fork), std::move(plan), 0);
          },
          [rp](caf::error& err) mutable { rp.deliver(as_session_error(std::move(err))); });
  return rp;
}

// -- closing ------------------------------------------------------------------

// close_session() replies once the detach and every cancel have answered.
struct close_progress {
  caf::typed_response_promise<value> rp;
  size_t pending;
  caf::error error;

  void done() {
    if (--pending > 0)
      return;
    if (error)
      rp.deliver(std::move(error));
    else
      rp.deliver(value{});
  }
};

caf::result<value> close_session(self_pointer self) {
  auto& st = self->state;
  if (!st.data.id)
    return make_error(errc::invalid_argument,
                      "the default session cannot be closed; close the connection");
  // Closing twice, or after the connection closed, has nothing left to do.
  if (st.data.closed)
    return value{};
  auto txns = std::move(st.data.transactions);
  st.data.transactions.clear();
  st.data.close(make_error(errc::session_closed, "close_session() was called"));
  // The detach ends the session's live queries on the server.
  end_all_streams(self);
  auto progress = std::make_shared<close_progress>(
    close_progress{self->make_response_promise<value>(), txns.size() + 1, {}});
  // Transactions are the socket's on the server: a detach leaves them open.
  // A cancel that fails found nothing left to cancel.
  for (auto& txn : txns)
    ask_connection(self, st.data.make_call(rpc::method::cancel, {txn}),
              [progress](caf::expected<value>) { progress->done(); });
  ask_connection(self, st.data.make_call(rpc::method::detach, {}),
            [progress](caf::expected<value> res) {
              // A connection that closed took the server's session with it
              // (ask_connection reports a vanished connection as closed too).
              if (!res && !is(res.error(), errc::connection_closed))
                progress->error = std::move(res.error());
              progress->done();
            });
  st.conn = nullptr;
  return progress->rp;
}

void shut_down(self_pointer self, caf::error& reason) {
  auto& st = self->state;
  st.data.close(connection_closed_by(std::move(reason)));
  // The server drops the socket's transactions and live queries with it.
  st.data.transactions.clear();
  end_all_streams(self);
  st.conn = nullptr;
}

session_internal::behavior_type session_impl(self_pointer self, connection_internal conn,
                                          std::optional<uuid> id,
                                          std::chrono::milliseconds request_timeout) {
  self->state.conn = std::move(conn);
  self->state.request_timeout = request_timeout;
  self->state.data.id = id;
  self->set_down_handler([self](caf::down_msg& msg) { on_subscriber_down(self, msg); });
  return {
    [self](use_atom, value& ns, value& db) {
      return forward<value>(self, rpc::method::use, {std::move(ns), std::move(db)}, as_value);
    },
    [self](signin_atom, const credentials& creds) {
      return forward<value>(self, rpc::method::signin, {to_value(creds)}, as_value);
    },
    [self](signup_atom, const record_credentials& creds) {
      return forward<value>(self, rpc::method::signup, {to_value(credentials{creds})},
                            as_value);
    },
    [self](auth_atom, std::string& token) {
      return forward<value>(self, rpc::method::authenticate, {std::move(token)}, as_value);
    },
    [self](invalidate_atom) {
      return forward<value>(self, rpc::method::invalidate, {}, as_value);
    },
    [self](info_atom) { return forward<value>(self, rpc::method::info, {}, as_value); },
    [self](let_atom, std::string& name, value& x) {
      return forward<value>(self, rpc::method::let, {std::move(name), std::move(x)}, as_value);
    },
    [self](unset_atom, std::string& name) {
      return forward<value>(self, rpc::method::unset, {std::move(name)}, as_value);
    },
    [self](query_atom, std::string& sql, value::object& vars) {
      return forward<query_results>(self, rpc::method::query,
                                    {std::move(sql), std::move(vars)}, as_query_results);
    },
    [self](version_atom) {
      return forward<std::string>(self, rpc::method::version, {}, as_version);
    },
    [self](ping_atom) { return forward<value>(self, rpc::method::ping, {}, as_value); },
    [self](query_atom, std::string& sql, value::object& vars,
           uuid txn) -> caf::result<query_results> {
      if (auto err = self->state.data.check_transaction(txn))
        return err;
      return forward<query_results>(self, rpc::method::query,
                                    {std::move(sql), std::move(vars)}, as_query_results, txn);
    },
    [self](crud_atom, crud::statement& stmt, std::optional<uuid> txn) -> caf::result<value> {
      if (txn)
        if (auto err = self->state.data.check_transaction(*txn))
          return err;
      return forward<value>(self, rpc::method::query,
                            {std::move(stmt.sql), std::move(stmt.vars)}, as_statement_result,
                            txn);
    },
    [self](begin_atom) { return begin_transaction(self); },
    [self](commit_atom, uuid txn) {
      return end_transaction(self, rpc::method::commit, txn);
    },
    [self](cancel_atom, uuid txn) {
      return end_transaction(self, rpc::method::cancel, txn);
    },
    [self](live_atom, value& table, bool diff, live_subscriber& subscriber) {
      return start_live(self, rpc::method::live, {std::move(table), diff},
                        std::move(subscriber), live_id_of_rpc);
    },
    [self](live_atom, std::string& sql, value::object& vars, live_subscriber& subscriber) {
      return start_live(self, rpc::method::query, {std::move(sql), std::move(vars)},
                        std::move(subscriber), live_id_of_query);
    },
    [self](kill_atom, uuid id) { return kill_live(self, id); },
    [self](refresh_atom) -> caf::result<value> {
      auto& st = self->state.data;
      if (!st.closed && !st.has_refresh_token())
        return make_error(errc::invalid_argument,
                          "refresh: the session holds no refresh token (its access method "
                          "issues none, or it was revoked)");
      return forward<value>(self, rpc::method::refresh, {st.token}, as_value);
    },
    [self](revoke_atom) -> caf::result<value> {
      auto& st = self->state.data;
      if (!st.closed && !st.has_refresh_token())
        return make_error(errc::invalid_argument, "revoke: the session holds no refresh token");
      return forward<value>(self, rpc::method::revoke, {st.token}, as_value);
    },
    [self](fork_atom) { return fork_session(self); },
    [self](rpc_atom, rpc::method m, value::array& params) {
      return forward<value>(self, m, std::move(params), as_value);
    },
    [self](close_atom) { return close_session(self); },
    [self](rpc::notification& x) { on_notification(self, x); },
    [self](shutdown_atom, caf::error& reason) { shut_down(self, reason); },
  };
}

} // namespace

session_internal spawn_session(caf::actor_system& sys, connection_internal conn,
                               std::optional<uuid> id,
                               std::chrono::milliseconds request_timeout) {
  return sys.spawn(session_impl, std::move(conn), id, request_timeout);
}

caf::error connection_closed_by(caf::error cause) {
  if (is(cause, errc::connection_closed))
    return cause;
  return make_error(errc::connection_closed, describe(cause));
}

} // namespace surrealcaf::detail
