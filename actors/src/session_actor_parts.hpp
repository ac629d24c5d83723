#pragma once

// What the sources of the session actor share (session_actor.cpp: the
// behavior, closing and spawning; session_calls.cpp: how a call travels and
// what its reply becomes; session_live.cpp, session_transactions.cpp,
// session_fork.cpp: one concern each). Private to actors/src.

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>

#include "caf/expected.hpp"
#include "caf/result.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/live_subscriptions.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/detail/session_state.hpp"
#include "surrealcaf/detail/variant_index.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/live_subscriber.hpp"

namespace surrealcaf::detail::session_parts {

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

// -- session_calls.cpp ---------------------------------------------------------

/// A failed statement as the error of the call that ran it: a write conflict
/// gets its own code (`transaction_conflict`), so callers can tell it is
/// retryable.
caf::error statement_error(rpc::server_error x);

/// A call's error as the session interface promises it: a vanished
/// connection is `connection_closed`, a server error is classified like a
/// failed statement.
caf::error as_session_error(caf::error err);

/// What the session state needs of a call's params once the server said yes
/// (never the secrets of signin and signup).
value::array kept_params(rpc::method m, const value::array& params);

/// Reply converters for `forward`.
caf::expected<value> as_value(value& x);
caf::expected<std::string> as_version(value& x);
caf::expected<query_results> as_query_results(value& x);
/// The one statement of a CRUD call: its result, or its error.
caf::expected<value> as_statement_result(value& x);

/// Sends one call for this session; `done` gets its outcome. The connection
/// answers every call, at the latest when it shuts down.
void ask_connection(self_pointer self, rpc::request req, reply_fn done);

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
  auto req = st.data.make_request(m, std::move(params));
  req.txn = txn;
  auto rp = self->template make_response_promise<T>();
  ask_connection(self, std::move(req),
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

// -- session_live.cpp ----------------------------------------------------------

/// How the id of a new live query is read from the reply.
using live_id_reader = caf::expected<uuid> (*)(self_pointer, value&);

/// From the reply to RPC `live`.
caf::expected<uuid> live_id_of_rpc(self_pointer, value& x);

/// From the reply to a `query` that must hold exactly one LIVE SELECT; any
/// other live query it started is killed.
caf::expected<uuid> live_id_of_query(self_pointer self, value& x);

/// Starts a live query for `subscriber` with the call `m(params)`.
caf::result<uuid> start_live(self_pointer self, rpc::method m, value::array params,
                             live_subscriber subscriber, live_id_reader read_id);

/// `kill_atom`: ends the stream now, then sends RPC `kill`.
caf::result<value> kill_live(self_pointer self, const uuid& id);

/// Ends every stream of the session (its close or the connection's).
void end_all_streams(self_pointer self);

/// A notification from the connection, passed on to its subscriber.
void on_notification(self_pointer self, rpc::notification& x);

/// A subscriber died: its live queries are killed on the server.
void on_subscriber_down(self_pointer self, const caf::down_msg& msg);

// -- session_transactions.cpp --------------------------------------------------

caf::result<uuid> begin_transaction(self_pointer self);

/// commit or cancel: the transaction ends with the call, whatever the server
/// answers.
caf::result<value> end_transaction(self_pointer self, rpc::method m, const uuid& txn);

// -- session_fork.cpp ----------------------------------------------------------

caf::result<forked_session> fork_session(self_pointer self);

} // namespace surrealcaf::detail::session_parts
