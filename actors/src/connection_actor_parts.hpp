#pragma once

// What the sources of the connection actor share (connection_actor.cpp: the
// behavior, calls, frames, deadlines and closing; connection_reconnect.cpp:
// losing the socket, the attempts at a new one, resuming the sessions on it
// and telling observers). Private to actors/src.

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <boost/uuid/random_generator.hpp>

#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"
#include "caf/typed_response_promise.hpp"

#include "surrealcaf/client_options.hpp"
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

/// Where the socket is. `connecting`: the first socket's handshake runs
/// (calls are written at once; the transport sends them after it).
/// `open`: calls go out, except those of sessions still being resumed.
/// `reconnecting`: the socket was lost; calls wait. `closed`: ending.
enum class socket_phase : uint8_t { connecting, open, reconnecting, closed };

struct connection_actor_state {
  /// Makes each socket: the first, and one per reconnect attempt.
  transport_factory factory;
  std::unique_ptr<transport> io;
  call_multiplexer<completion_fn> mux;
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

  // -- reconnecting -------------------------------------------------------
  /// Calls that wait for the socket, or for their session's resume.
  waiting_calls<completion_fn> waiting;
  /// Counts lost sockets; a reconnect timer or a resume of an earlier round
  /// is stale.
  uint64_t round = 0;
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

  static inline const char* name = "surrealcaf.connection";
};

using self_pointer = connection_internal::stateful_pointer<connection_actor_state>;

// -- connection_actor.cpp --------------------------------------------------------

/// Writes one request on the socket (numbered by the multiplexer) with the
/// given deadline; `done` gets its outcome.
void write_request(self_pointer self, rpc::request req, completion_fn done,
                   std::chrono::steady_clock::time_point deadline);

/// The deadline of a call made now: `request_timeout` from now, or none.
std::chrono::steady_clock::time_point deadline_from_now(self_pointer self);

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
/// the session resumed.
void submit(self_pointer self, session_key session, rpc::request req, completion_fn done);

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

} // namespace surrealcaf::detail::connection_parts
