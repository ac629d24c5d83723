#pragma once

// What the sources of the session actor share (session_actor.cpp: the
// behavior, closing and spawning; session_calls.cpp: how a call travels and
// what its reply becomes; session_live.cpp, session_transactions.cpp,
// session_fork.cpp, session_resume.cpp (after a reconnect),
// session_tokens.cpp (refreshing before expiry), session_move.cpp (to
// another connection of a pool): one concern each). Private to actors/src.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"
// Before result.hpp, whose templates call make_message.
#include "caf/make_message.hpp"
#include "caf/result.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/live_subscriptions.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/detail/session_state.hpp"
#include "surrealcaf/detail/spawn_session.hpp"
#include "surrealcaf/detail/variant_index.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/live_subscriber.hpp"

namespace surrealcaf::detail::session_parts {

/// How a live query was started, so it can be started again on a new
/// socket: RPC `live` with (table, diff), or `query` with (sql, vars).
struct live_origin {
  rpc::method method = rpc::method::live;
  value::array params;
  /// False from the socket's loss until it is registered on the new one: a
  /// kill then has nothing on the server to end.
  bool on_socket = true;
};

/// A session's live queries.
struct live_queries {
  live_subscriptions<live_subscriber> subscriptions;
  /// How each of `subscriptions` was started, by the id its subscriber holds.
  std::map<uuid, live_origin> origins;
  /// Live queries a refused `live(sql)` started anyway (`live_id_of_query`),
  /// for its caller to kill.
  std::vector<uuid> strays;
};

/// Whoever waits for one call: gets its result or its error.
using reply_fn = std::function<void(caf::expected<value>)>;

/// A call held while the session moves to another connection of its pool.
struct held_call {
  rpc::request req;
  reply_fn done;
  /// Its own deadline (`call_timeout` when it was made); zero: the
  /// connection's.
  std::chrono::milliseconds timeout{0};
};

/// A transaction's calls still in flight, and its commit or cancel waiting
/// for them.
struct transaction_calls {
  size_t in_flight = 0;
  std::function<void()> end;
};

struct session_actor_state {
  session_state data;
  session_settings settings;
  /// Null once closed, so a closed session keeps nothing alive.
  connection_internal conn;
  /// Made by the session's first live call, so that a session that never
  /// starts one holds a null pointer instead of some 230 bytes.
  std::unique_ptr<live_queries> live_part;
  /// From the socket's loss until this session is resumed on a new one.
  bool suspended = false;
  /// The connection's round of the resume under way; a step of an older
  /// round stops.
  uint64_t resume_round = 0;
  /// Bumped whenever the token changes; a refresh timer of an older token
  /// does nothing.
  uint64_t token_round = 0;
  /// The token the refresh timer on its way was set for; NONE when none is.
  value armed_for;
  /// While a call wrapped in `timeout_atom` is handled: its own deadline,
  /// which every request it makes of the connection carries. Zero: the
  /// connection's `request_timeout`.
  std::chrono::milliseconds call_timeout{0};
  /// Per open transaction with calls in flight: a commit or cancel leaves
  /// only once they are answered, so it ends the transaction after the calls
  /// made in it before, whatever order the server runs one socket's
  /// requests in (session_transactions.cpp). Empty, it allocates nothing.
  std::map<uuid, transaction_calls> transaction_calls_in_flight;
  /// From `moving_atom` until `rehome_atom`: calls are held, not sent.
  bool moving = false;
  /// Numbers every call made of the connection, so that held calls keep
  /// the order they were made in.
  uint64_t calls_made = 0;
  /// The calls held while moving, by number.
  std::map<uint64_t, held_call> held;

  /// The live queries, made if need be.
  live_queries& live() {
    if (!live_part)
      live_part = std::make_unique<live_queries>();
    return *live_part;
  }

  static inline const char* name = "surrealcaf.session";
};

using self_pointer = session_internal::stateful_pointer<session_actor_state>;

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

/// With `keep_credentials`, the credentials of a signin or signup, to be
/// kept once it succeeds; NONE otherwise.
value kept_secret(self_pointer self, rpc::method m, const value::array& params);

/// Records what the successful call `m` changed (session_state::apply),
/// keeps `secret` for a signin/signup, and sets the token-refresh timer
/// when the token changed.
void after_success(self_pointer self, rpc::method m, const value::array& kept,
                   const value& result, value& secret);

/// Reply converters for `forward`.
caf::expected<value> as_value(value& x);
caf::expected<std::string> as_version(value& x);
caf::expected<query_results> as_query_results(value& x);
/// The one statement of a CRUD call: its result, or its error.
caf::expected<value> as_statement_result(value& x);

/// Sends one call for this session; `done` gets its outcome. The connection
/// answers every call, at the latest when it shuts down. Its deadline is
/// `call_timeout` when set, else the connection's. While the session moves
/// to another connection of its pool, the call is held instead.
void ask_connection(self_pointer self, rpc::request req, reply_fn done);

/// Sends call number `n` to `conn`. A session that may move keeps a copy
/// of the request: a connection it left answers what it never sent with
/// `sec::request_receiver_down`, and the call goes to the new one instead.
void send_call(self_pointer self, const connection_internal& conn, uint64_t n, rpc::request req,
               reply_fn done, std::chrono::milliseconds timeout);

/// Sets `call_timeout` for the scope's lifetime (a call wrapped in
/// `timeout_atom`, or the deferred part of one), then restores it.
class call_timeout_scope {
public:
  call_timeout_scope(self_pointer self, std::chrono::milliseconds timeout)
    : self_(self), previous_(self->state.call_timeout) {
    self->state.call_timeout = timeout;
  }

  ~call_timeout_scope() {
    self_->state.call_timeout = previous_;
  }

  call_timeout_scope(const call_timeout_scope&) = delete;
  call_timeout_scope& operator=(const call_timeout_scope&) = delete;

private:
  self_pointer self_;
  std::chrono::milliseconds previous_;
};

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

/// Why a call in transaction `txn` must not be sent: what
/// `session_state::check_transaction` says, or `transaction_closed` once its
/// commit or cancel is waiting (session_transactions.cpp).
caf::error check_transaction_call(self_pointer self, const uuid& txn);

/// One call of a transaction `txn` was answered (session_transactions.cpp):
/// the transaction's waiting commit or cancel leaves after its last one.
void transaction_call_done(self_pointer self, const uuid& txn);

// Sends one call through the connection and delivers `convert(result)` to
// `rp`. The session state is updated only once the server said yes.
template <class T, class Promise>
void forward_to(self_pointer self, rpc::method m, value::array params,
                caf::expected<T> (*convert)(value&), std::optional<uuid> txn, Promise rp) {
  auto& st = self->state;
  if (auto err = st.data.check(m, params)) {
    rp.deliver(std::move(err));
    return;
  }
  auto kept = kept_params(m, params);
  auto secret = kept_secret(self, m, params);
  auto req = st.data.make_request(m, std::move(params));
  req.txn = txn;
  if (txn)
    ++st.transaction_calls_in_flight[*txn].in_flight;
  ask_connection(self, std::move(req),
                 [self, rp, m, kept, secret, convert, txn](caf::expected<value> res) mutable {
                   if (!res) {
                     rp.deliver(std::move(res.error()));
                   } else {
                     after_success(self, m, kept, *res, secret);
                     auto out = convert(*res);
                     if (out)
                       rp.deliver(std::move(*out));
                     else
                       rp.deliver(std::move(out.error()));
                   }
                   if (txn)
                     transaction_call_done(self, *txn);
                 });
}

// Sends one call through the connection and answers with `convert(result)`.
template <class T>
caf::result<T> forward(self_pointer self, rpc::method m, value::array params,
                       caf::expected<T> (*convert)(value&),
                       std::optional<uuid> txn = std::nullopt) {
  if (auto err = self->state.data.check(m, params))
    return err;
  auto rp = self->template make_response_promise<T>();
  forward_to<T>(self, m, std::move(params), convert, txn, rp);
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

/// Registers live query `id` again on the new socket (resume round
/// `round`) the way it was started; its subscriber gets `resumed`, or the
/// final `killed` with the reason when it cannot be. Then calls `next`.
void restart_live(self_pointer self, const uuid& id, uint64_t round, std::function<void()> next);

// -- session_transactions.cpp --------------------------------------------------

caf::result<uuid> begin_transaction(self_pointer self);

/// commit or cancel: the transaction ends with the call, whatever the server
/// answers.
caf::result<value> end_transaction(self_pointer self, rpc::method m, const uuid& txn);

// -- session_fork.cpp ----------------------------------------------------------

caf::result<forked_session> fork_session(self_pointer self);

// -- session_resume.cpp --------------------------------------------------------

/// The socket was lost: transactions are lost, live queries wait.
void on_socket_lost(self_pointer self);

/// Replays the session on the new socket (round `round`), then tells the
/// connection.
void resume(self_pointer self, uint64_t round);

/// One request of the resume of round `round`, ahead of the session's
/// waiting calls. `done` gets the server's answer (an error reply too);
/// when the socket is lost again or a newer round began, `aborted` gets
/// the reason instead and the resume stops there.
void resume_call(self_pointer self, rpc::request req, uint64_t round, reply_fn done,
                 std::function<void(const caf::error&)> aborted);

// -- session_move.cpp ----------------------------------------------------------

/// `moving_atom`: hold calls until a new connection takes the session over.
void on_moving(self_pointer self);

/// `(rehome_atom, conn, round)`: `conn` is the session's connection now:
/// the held calls go there, and the session resumes on it (round 0: when
/// its `resume_atom` comes).
void on_rehome(self_pointer self, const caf::actor& conn, uint64_t round);

/// Call number `n`: made while moving (`fresh`, bounded by
/// `max_waiting_calls`), or sent to a connection that the session left and
/// that never sent it. Held in order while moving, else sent to the current
/// connection.
void hold_call(self_pointer self, uint64_t n, held_call call, bool fresh);

/// True when a call sent to `conn` must go elsewhere: the session is
/// moving, or moved away from `conn`.
bool moved_from(self_pointer self, const caf::actor_addr& conn);

/// The session closes while moving (no connection took it): its held calls
/// fail with its close reason.
void fail_held(self_pointer self);

// -- session_tokens.cpp --------------------------------------------------------

/// Sets the timer that refreshes the token pair before the access token
/// expires (if the session holds a pair whose access token has `exp`).
void schedule_token_refresh(self_pointer self);

/// The timer set for token round `round` fired.
void on_token_timer(self_pointer self, uint64_t round);

} // namespace surrealcaf::detail::session_parts
