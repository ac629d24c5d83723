#include "surrealcaf/detail/spawn_session.hpp"

#include <chrono>
#include <memory>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/detail/invoke_result_visitor.hpp"
#include "caf/match_case.hpp"
#include "caf/sec.hpp"

#include "session_actor_parts.hpp"

namespace surrealcaf::detail {

namespace {

using namespace session_parts;

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
    ask_connection(self, st.data.make_request(rpc::method::cancel, {txn}),
                   [progress](caf::expected<value>) { progress->done(); });
  ask_connection(self, st.data.make_request(rpc::method::detach, {}),
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

// -- calls with their own deadline ----------------------------------------------

// Answers a wrapped call whose handler returned its result at once; one that
// made a response promise (most calls) answers through it.
class wrapped_reply final : public caf::detail::invoke_result_visitor {
public:
  using caf::detail::invoke_result_visitor::operator();

  explicit wrapped_reply(self_pointer self) : self_(self) {
  }

  void operator()() override {
  }

  void operator()(caf::error& x) override {
    deliver(std::move(x));
  }

  void operator()(caf::message& x) override {
    deliver(std::move(x));
  }

  void operator()(const caf::none_t&) override {
    deliver(caf::message{});
  }

private:
  template <class T>
  void deliver(T x) {
    auto rp = self_->make_response_promise();
    if (rp.pending())
      rp.deliver(std::move(x));
  }

  self_pointer self_;
};

// Handles `call` as if it came alone, with `timeout` as the deadline of the
// requests it makes of the connection. Its reply (or its promise's) goes to
// the sender of the wrapping message.
void call_with_timeout(self_pointer self, std::chrono::milliseconds timeout, caf::message& call,
                       caf::behavior& bhvr) {
  wrapped_reply reply{self};
  auto outcome = caf::match_case::no_match;
  {
    call_timeout_scope scope{self, timeout.count() > 0 ? timeout : std::chrono::milliseconds{0}};
    outcome = bhvr(reply, call);
  }
  if (outcome != caf::match_case::match) {
    caf::error err = caf::sec::unexpected_message;
    reply(err);
  }
}

void shut_down(self_pointer self, caf::error& reason) {
  auto& st = self->state;
  st.data.close(connection_closed_by(std::move(reason)));
  // The server drops the socket's transactions and live queries with it.
  st.data.transactions.clear();
  end_all_streams(self);
  st.conn = nullptr;
}

// The session actor. Its behavior is built once and shared by every session
// (CAF behaviors are immutable and reference-counted): a typed behavior of
// this size costs about 1.2 KiB when each actor builds its own. So the
// handlers capture nothing and find their actor through `running()`, which
// `resume` sets for as long as the actor runs on this thread; every handler
// of the behavior runs inside `resume` (its first run builds the behavior).
class session_actor_impl
  : public caf::stateful_actor<session_actor_state, session_internal::base> {
public:
  using super = caf::stateful_actor<session_actor_state, session_internal::base>;

  session_actor_impl(caf::actor_config& cfg, connection_internal conn, std::optional<uuid> id,
                     session_settings settings)
    : super(cfg) {
    state.conn = std::move(conn);
    state.settings = settings;
    state.data.id = id;
    set_down_handler([this](caf::down_msg& msg) { on_subscriber_down(this, msg); });
  }

  resume_result resume(caf::execution_unit* ctx, size_t max_throughput) override {
    auto outer = running_;
    running_ = this;
    struct restore {
      session_actor_impl* outer;
      ~restore() { running_ = outer; }
    } guard{outer};
    return super::resume(ctx, max_throughput);
  }

  behavior_type make_behavior() override {
    return shared_behavior();
  }

private:
  /// The session actor running on this thread.
  static self_pointer running() {
    return running_;
  }

  static const behavior_type& shared_behavior() {
    static const behavior_type shared = make_shared_behavior();
    return shared;
  }

  static behavior_type make_shared_behavior();

  static thread_local session_actor_impl* running_;
};

thread_local session_actor_impl* session_actor_impl::running_ = nullptr;

session_actor_impl::behavior_type session_actor_impl::make_shared_behavior() {
  return {
    [](use_atom, value& ns, value& db) {
      auto self = running();
      return forward<value>(self, rpc::method::use, {std::move(ns), std::move(db)}, as_value);
    },
    [](signin_atom, const credentials& creds) {
      auto self = running();
      return forward<value>(self, rpc::method::signin, {to_value(creds)}, as_value);
    },
    [](signup_atom, const record_credentials& creds) {
      auto self = running();
      return forward<value>(self, rpc::method::signup, {to_value(credentials{creds})},
                            as_value);
    },
    [](auth_atom, std::string& token) {
      auto self = running();
      return forward<value>(self, rpc::method::authenticate, {std::move(token)}, as_value);
    },
    [](invalidate_atom) {
      auto self = running();
      return forward<value>(self, rpc::method::invalidate, {}, as_value);
    },
    [](info_atom) {
      auto self = running();
      return forward<value>(self, rpc::method::info, {}, as_value);
    },
    [](let_atom, std::string& name, value& x) {
      auto self = running();
      return forward<value>(self, rpc::method::let, {std::move(name), std::move(x)}, as_value);
    },
    [](unset_atom, std::string& name) {
      auto self = running();
      return forward<value>(self, rpc::method::unset, {std::move(name)}, as_value);
    },
    [](query_atom, std::string& sql, value::object& vars) {
      auto self = running();
      return forward<query_results>(self, rpc::method::query,
                                    {std::move(sql), std::move(vars)}, as_query_results);
    },
    [](version_atom) {
      auto self = running();
      return forward<std::string>(self, rpc::method::version, {}, as_version);
    },
    [](ping_atom) {
      auto self = running();
      return forward<value>(self, rpc::method::ping, {}, as_value);
    },
    [](query_atom, std::string& sql, value::object& vars, uuid txn) -> caf::result<query_results> {
      auto self = running();
      if (auto err = check_transaction_call(self, txn))
        return err;
      return forward<query_results>(self, rpc::method::query,
                                    {std::move(sql), std::move(vars)}, as_query_results, txn);
    },
    [](crud_atom, crud::statement& stmt, std::optional<uuid> txn) -> caf::result<value> {
      auto self = running();
      if (txn)
        if (auto err = check_transaction_call(self, *txn))
          return err;
      return forward<value>(self, rpc::method::query,
                            {std::move(stmt.sql), std::move(stmt.vars)}, as_statement_result,
                            txn);
    },
    [](begin_atom) {
      auto self = running();
      return begin_transaction(self);
    },
    [](commit_atom, uuid txn) {
      auto self = running();
      return end_transaction(self, rpc::method::commit, txn);
    },
    [](cancel_atom, uuid txn) {
      auto self = running();
      return end_transaction(self, rpc::method::cancel, txn);
    },
    [](live_atom, value& table, bool diff, live_subscriber& subscriber) {
      auto self = running();
      return start_live(self, rpc::method::live, {std::move(table), diff},
                        std::move(subscriber), live_id_of_rpc);
    },
    [](live_atom, std::string& sql, value::object& vars, live_subscriber& subscriber) {
      auto self = running();
      return start_live(self, rpc::method::query, {std::move(sql), std::move(vars)},
                        std::move(subscriber), live_id_of_query);
    },
    [](kill_atom, uuid id) {
      auto self = running();
      return kill_live(self, id);
    },
    [](refresh_atom) -> caf::result<value> {
      auto self = running();
      auto& st = self->state.data;
      if (auto err = st.check(rpc::method::refresh, {}))
        return err;
      if (!st.has_refresh_token())
        return make_error(errc::invalid_argument,
                          "refresh: the session holds no refresh token (its access method "
                          "issues none, or it was revoked)");
      return forward<value>(self, rpc::method::refresh, {st.token}, as_value);
    },
    [](revoke_atom) -> caf::result<value> {
      auto self = running();
      auto& st = self->state.data;
      if (auto err = st.check(rpc::method::revoke, {}))
        return err;
      if (!st.has_refresh_token())
        return make_error(errc::invalid_argument, "revoke: the session holds no refresh token");
      return forward<value>(self, rpc::method::revoke, {st.token}, as_value);
    },
    [](fork_atom) {
      auto self = running();
      return fork_session(self);
    },
    [](rpc_atom, rpc::method m, value::array& params) {
      auto self = running();
      return forward<value>(self, m, std::move(params), as_value);
    },
    [](close_atom) {
      auto self = running();
      return close_session(self);
    },
    [](rpc::notification& x) {
      auto self = running();
      on_notification(self, x);
    },
    [](shutdown_atom, caf::error& reason) {
      auto self = running();
      shut_down(self, reason);
      // From the pool, when no connection could take the session over.
      fail_held(self);
    },
    [](lost_atom, caf::error&) {
      auto self = running();
      on_socket_lost(self);
    },
    [](resume_atom, uint64_t round) {
      auto self = running();
      session_parts::resume(self, round);
    },
    [](token_atom, uint64_t round) {
      auto self = running();
      on_token_timer(self, round);
    },
    [](moving_atom) {
      auto self = running();
      on_moving(self);
    },
    [](rehome_atom, const caf::actor& conn, uint64_t round) {
      auto self = running();
      on_rehome(self, conn, round);
    },
    [](timeout_atom, std::chrono::milliseconds timeout,
       caf::message& call) -> caf::result<caf::message> {
      auto self = running();
      auto bhvr = shared_behavior();
      call_with_timeout(self, timeout, call, bhvr.unbox());
      // Answered already, or by the promise the call's handler made.
      return caf::delegated<caf::message>{};
    },
  };
}

} // namespace

session_internal spawn_session(caf::actor_system& sys, connection_internal conn,
                               std::optional<uuid> id, session_settings settings) {
  return sys.spawn<session_actor_impl>(std::move(conn), id, settings);
}

caf::error connection_closed_by(caf::error cause) {
  if (is(cause, errc::connection_closed))
    return cause;
  return make_error(errc::connection_closed, describe(cause));
}

} // namespace surrealcaf::detail
