#pragma once

// What the sources of the connection actor share (connection_actor.cpp: the
// behavior, calls, frames, deadlines and closing; connection_reconnect.cpp:
// losing the socket, the attempts at a new one, resuming the sessions on it
// and telling observers; connection_handoff.cpp: handing sessions to its
// pool and taking them over from it). Private to actors/src.

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include <boost/uuid/random_generator.hpp>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_counters.hpp"
#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/connection_observer.hpp"
#include "surrealcaf/detail/call_multiplexer.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/session_registry.hpp"
#include "surrealcaf/detail/waiting_calls.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf::detail::connection_parts {

/// Whoever waits for a call: fulfils a response promise, or nothing for the
/// connection's own calls (keep-alive, detaching a dead session).
using completion_fn = std::function<void(caf::expected<value>)>;

class connection_log;

/// What the log record of one call needs (connection_log.cpp); made only
/// while call records are logged.
struct call_trace {
  const connection_log* log = nullptr;
  rpc::method method = rpc::method::ping;
  std::optional<uuid> session;
  /// The request id, once the call is written; 0 before.
  int64_t id = 0;
  std::chrono::steady_clock::time_point start;
  /// The parameters as text, only with `log_options::values`.
  std::string params;
};

/// One call as the multiplexer and the waiting calls keep it: whoever waits
/// for it (empty for the connection's own calls) and, while logging is on,
/// its trace. Calling it (once) logs the call's end, then hands the outcome
/// on. Without a trace it costs one pointer more than the bare callback.
class pending_call {
public:
  pending_call() = default;

  template <
    class F,
    class = std::enable_if_t<
      std::is_constructible_v<completion_fn, F> && !std::is_same_v<std::decay_t<F>, pending_call>>>
  pending_call(F&& done) : done_(std::forward<F>(done)) {
  }

  /// True when it must be called: someone waits, or the call is logged.
  explicit operator bool() const noexcept {
    return done_ || trace_;
  }

  void operator()(caf::expected<value> result);

  call_trace* trace() const noexcept {
    return trace_.get();
  }

  void set_trace(std::unique_ptr<call_trace> x) noexcept {
    trace_ = std::move(x);
  }

private:
  completion_fn done_;
  std::unique_ptr<call_trace> trace_;
};

/// The connection's side of `log_options`: whether a level is logged (one
/// comparison; everything is off without a handler), and the records.
class connection_log {
public:
  /// Takes the handler, level and id from `opts`; `clock` measures calls.
  void configure(const log_options& opts, caf::actor_clock& clock);

  /// True when a record at `level` reaches the handler.
  bool on(log_level level) const noexcept {
    return static_cast<uint8_t>(level) >= threshold_;
  }

  /// True when calls get a trace: some call record could be logged.
  bool tracing() const noexcept {
    return on(log_level::warning);
  }

  /// A trace for `req`, starting now.
  std::unique_ptr<call_trace> make_trace(const rpc::request& req) const;

  /// The record of a call that ended with `result`.
  void call_ended(const call_trace& trace, const caf::expected<value>& result) const noexcept;

  /// A connection event: `name`, a short `message` (one line, no secrets),
  /// optionally the session and method it concerns and the error behind it.
  /// Check `on(level)` first, so nothing is built for nothing.
  void event(log_level level, const char* name, std::string message, const caf::error& cause = {},
             std::optional<uuid> session = std::nullopt,
             std::optional<rpc::method> method = std::nullopt) const noexcept;

  /// Text as a record may hold it: one line, shortened, with JWT-shaped
  /// runs replaced by "<token>". Exposed for the tests.
  static std::string clean(std::string text, size_t limit = 300);

private:
  void emit(log_record& x) const noexcept;

  /// The least level logged; above every level without a handler.
  uint8_t threshold_ = 0xff;
  std::function<void(const log_record&)> handler_;
  std::string connection_;
  bool values_ = false;
  caf::actor_clock* clock_ = nullptr;
};

/// Where the socket is. `connecting`: the first socket's handshake runs
/// (calls are written at once; the transport sends them after it).
/// `open`: calls go out, except those of sessions still being resumed.
/// `reconnecting`: the socket was lost; calls wait. `closed`: ending.
enum class socket_phase : uint8_t { connecting, open, reconnecting, closed };

/// The round of a connection's first socket. Not 0: a session taken over
/// from the pool with `(rehome_atom, B, 0)` waits for B's `resume_atom`
/// instead of resuming at once.
constexpr uint64_t first_round = 1;

struct connection_actor_state {
  /// Makes each socket: the first, and one per reconnect attempt.
  transport_factory factory;
  std::unique_ptr<transport> io;
  call_multiplexer<pending_call> mux;
  session_registry<session_internal> sessions;
  boost::uuids::random_generator uuids;
  client_options opts;
  socket_phase phase = socket_phase::connecting;
  /// What observers were told last.
  connection_state state = connection_state::connecting;
  std::string subprotocol;
  /// `connected_atom` requests that came before the first handshake finished.
  std::vector<caf::typed_response_promise<std::string>> connect_waiters;
  /// When the one `deadline_atom` timer in flight fires, if one is.
  std::optional<caf::actor_clock::time_point> timer_at;
  std::vector<connection_observer> observers;
  /// `client_options::logging`, ready to use.
  connection_log log;
  /// The totals the connection counts itself; `counters_of` adds the
  /// current numbers and the multiplexer's dropped frames when they are read.
  connection_counters counts;
  /// True once `close()` was called: the `closed` event is no warning then.
  bool closed_by_user = false;

  // -- reconnecting -------------------------------------------------------
  /// Calls that wait for the socket, or for their session's resume.
  waiting_calls<pending_call> waiting;
  /// Counts sockets from `first_round`, one more per loss; a reconnect
  /// timer or a resume of an earlier round is stale.
  uint64_t round = first_round;
  /// Attempts made since the loss.
  uint32_t attempts = 0;
  /// Why the socket was lost, or why the last attempt failed: what giving
  /// up reports.
  caf::error last_failure;
  std::chrono::steady_clock::time_point lost_at;
  /// Sessions not yet resumed on the new socket.
  std::set<session_key> resuming;
  /// Of those, the ones whose `attach` the server answered on this socket:
  /// the server knows them again, so a detach for one must go out.
  std::set<uuid> reattached;
  /// New sessions whose `attach` was not answered yet: nothing to resume.
  std::set<uuid> attaching;
  /// Sessions resumed on this socket, and those that could not sign in.
  size_t resumed = 0;
  std::vector<uuid> signin_required;
  std::minstd_rand random{std::random_device{}()};

  // -- in a pool ------------------------------------------------------------
  /// The pool this connection belongs to (`pool_atom`); null when none.
  pool_internal pool;

  static inline const char* name = "surrealcaf.connection";
};

using self_pointer = connection_internal::stateful_pointer<connection_actor_state>;

// -- connection_actor.cpp --------------------------------------------------------

/// Writes one request on the socket (numbered by the multiplexer) with the
/// given deadline; `done` gets its outcome. `timeout` is what a call with
/// its own deadline allowed (zero: `request_timeout`), for its error's text.
void write_request(self_pointer self, rpc::request req, pending_call done,
                   std::chrono::steady_clock::time_point deadline,
                   std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

/// The deadline of a call made now: `timeout` from now, or none. Zero
/// stands for `request_timeout`, whose zero is no deadline.
std::chrono::steady_clock::time_point
deadline_from_now(self_pointer self,
                  std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

/// Sets the timer for the earliest deadline of a call in flight or waiting.
void arm_deadline_timer(self_pointer self);

/// Hands each completion to whoever waits for it. One that throws (say,
/// bad_alloc in a response promise) does not keep the others from ending:
/// the first exception is rethrown once all were handed over, and ends the
/// connection (see its exception handler).
template <class Completions>
void deliver_all(Completions&& completions) {
  std::exception_ptr first;
  for (auto& done : completions) {
    if (!done.payload)
      continue;
    try {
      done.payload(std::move(done.result));
    } catch (...) {
      if (!first)
        first = std::current_exception();
    }
  }
  if (first)
    std::rethrow_exception(first);
}

/// Ends the connection: calls, waiters, sessions, observers; quits.
void shut_down(self_pointer self, const caf::error& cause, bool by_user);

/// A request the connection makes itself; `write_request` numbers it.
rpc::request own_request(rpc::method m, value::array params, std::optional<uuid> session);

/// The sessions on the server: every registered one but those attaching.
std::vector<std::pair<session_key, session_internal>> established_sessions(self_pointer self);

// -- connection_reconnect.cpp ----------------------------------------------------

/// Tells every observer; remembers the state.
void emit(self_pointer self, connection_event ev);

/// A call for `session`: written now, or kept until the socket is back and
/// the session resumed. Its deadline is `timeout` from now (zero:
/// `request_timeout`).
void submit(self_pointer self, session_key session, rpc::request req, pending_call done,
            std::chrono::milliseconds timeout = std::chrono::milliseconds{0});

/// Gives `call` a trace for `req` when call records are logged and it has
/// none yet.
void trace_call(self_pointer self, const rpc::request& req, pending_call& call);

/// The connection's counters, now.
connection_counters counters_of(self_pointer self);

/// The transport reported its socket gone (or an attempt failed).
void on_closed(self_pointer self, caf::error reason);

/// The transport's handshake is done (first socket or a new one).
void on_open(self_pointer self, std::string subprotocol);

/// The reconnect timer of round `round`.
void on_reconnect_timer(self_pointer self, uint64_t round);

/// A session finished its replay on the new socket.
void on_resumed(self_pointer self, const session_key& session, bool signed_in, uint64_t round);

/// A session is gone (closed or dead) while a resume may wait for it.
void forget_resume(self_pointer self, const session_key& session);

/// Calls whose deadline passed while they waited end with `errc::timeout`.
void expire_waiting(self_pointer self, caf::actor_clock::time_point now);

/// True when `session` is attached on the current socket (a detach for it
/// must go out); false while reconnecting or before its resume attached it
/// again.
bool attached_now(self_pointer self, const session_key& session);

// -- connection_handoff.cpp ------------------------------------------------------

/// `(pool_atom, pool)`: this connection belongs to `pool` from now on.
void join_pool(self_pointer self, pool_internal pool);

/// A session with a UUID left this connection (its detach, its death, its
/// failed attach): its pool, if any, hears of it.
void tell_departed(self_pointer self, const caf::actor_addr& session);

/// Giving up, in a pool: every established session with a UUID leaves for
/// the pool (`moving_atom` to it, its waiting calls answered with
/// `sec::request_receiver_down` for it to send again, `adopt_atom` to the
/// pool). The default session and those still attaching stay, to close.
void hand_over_sessions(self_pointer self);

/// `(adopt_atom, id, session)`: takes over a session from the pool; false
/// when it cannot (connecting, closed, `id` taken).
bool adopt_session(self_pointer self, const uuid& id, const session_internal& session);

} // namespace surrealcaf::detail::connection_parts
