// Sends through the public actor handles, one case per SEALED_CASE; every
// case but `control` must not compile (tests/compile_fail/CMakeLists.txt).
// The internal atoms are included, so a case fails only because the public
// interface does not take the message, not because a name is missing.

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/make_message.hpp"
#include "caf/send.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/detail/transport_atoms.hpp"
#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/session_actor.hpp"

using namespace surrealcaf;

// An event-based actor holding the public handles users get.
void user(caf::event_based_actor* self, connection_actor conn, session_actor session) {
#if SEALED_CASE == 0 // control: what users send, and the internal handles' messages
  self->send(conn, close_atom::value);
  self->send(session, ping_atom::value);
  self->send(caf::actor_cast<detail::connection_internal>(conn), frame_atom::value,
             std::vector<uint8_t>{});
  self->send(caf::actor_cast<detail::session_internal>(session), shutdown_atom::value,
             caf::error{});
  self->send(caf::actor_cast<detail::session_internal>(session), timeout_atom::value,
             std::chrono::milliseconds{100}, caf::make_message(ping_atom::value));
  self->send(caf::actor_cast<detail::connection_internal>(conn), call_atom::value, rpc::request{},
             std::chrono::milliseconds{100});
#elif SEALED_CASE == 1
  self->send(conn, frame_atom::value, std::vector<uint8_t>{});
#elif SEALED_CASE == 2
  self->send(conn, closed_atom::value, caf::error{});
#elif SEALED_CASE == 3
  self->send(conn, open_atom::value, std::string{"cbor"});
#elif SEALED_CASE == 4
  self->send(conn, call_atom::value, rpc::request{});
#elif SEALED_CASE == 5
  self->send(session, shutdown_atom::value, caf::error{});
#elif SEALED_CASE == 6
  self->send(session, rpc::notification{});
#elif SEALED_CASE == 9
  self->send(conn, deadline_atom::value);
#elif SEALED_CASE == 10
  self->send(conn, ping_atom::value); // the keep-alive tick
#elif SEALED_CASE == 11
  caf::anon_send(conn, frame_atom::value, std::vector<uint8_t>{});
#elif SEALED_CASE == 12
  // A call with its own deadline is the faces' wrapper, not a user's message.
  self->send(session, timeout_atom::value, std::chrono::milliseconds{100},
             caf::make_message(ping_atom::value));
#elif SEALED_CASE == 13
  self->send(conn, call_atom::value, rpc::request{}, std::chrono::milliseconds{100});
#elif SEALED_CASE == 7
  // A user's actor may hold the public handle but not widen it.
  detail::connection_internal internal = conn;
  (void) internal;
#endif
  (void) conn;
  (void) session;
}

// A typed actor (a live subscriber) holding a public session handle.
void typed_user(live_subscriber::pointer self, session_actor session) {
#if SEALED_CASE == 0
  // (A typed actor can send the public calls only with request(): their
  // replies are not in its interface.)
  self->send(caf::actor_cast<detail::session_internal>(session), rpc::notification{});
#elif SEALED_CASE == 8
  self->send(session, rpc::notification{});
#endif
  (void) self;
  (void) session;
}
