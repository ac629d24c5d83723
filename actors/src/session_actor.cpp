#include "surrealcaf/detail/spawn_session.hpp"

#include <chrono>
#include <memory>
#include <utility>

#include "caf/actor_system.hpp"

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

void shut_down(self_pointer self, caf::error& reason) {
  auto& st = self->state;
  st.data.close(connection_closed_by(std::move(reason)));
  // The server drops the socket's transactions and live queries with it.
  st.data.transactions.clear();
  end_all_streams(self);
  st.conn = nullptr;
}

session_internal::behavior_type session_impl(self_pointer self, connection_internal conn,
                                             std::optional<uuid> id, session_settings settings) {
  self->state.conn = std::move(conn);
  self->state.settings = settings;
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
      if (auto err = st.check(rpc::method::refresh, {}))
        return err;
      if (!st.has_refresh_token())
        return make_error(errc::invalid_argument,
                          "refresh: the session holds no refresh token (its access method "
                          "issues none, or it was revoked)");
      return forward<value>(self, rpc::method::refresh, {st.token}, as_value);
    },
    [self](revoke_atom) -> caf::result<value> {
      auto& st = self->state.data;
      if (auto err = st.check(rpc::method::revoke, {}))
        return err;
      if (!st.has_refresh_token())
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
    [self](lost_atom, caf::error&) { on_socket_lost(self); },
    [self](resume_atom, uint64_t round) { resume(self, round); },
    [self](token_atom, uint64_t round) { on_token_timer(self, round); },
  };
}

} // namespace

session_internal spawn_session(caf::actor_system& sys, connection_internal conn,
                               std::optional<uuid> id, session_settings settings) {
  return sys.spawn(session_impl, std::move(conn), id, settings);
}

caf::error connection_closed_by(caf::error cause) {
  if (is(cause, errc::connection_closed))
    return cause;
  return make_error(errc::connection_closed, describe(cause));
}

} // namespace surrealcaf::detail
