// A session moving to another connection of its pool (docs/reliability.md,
// "Moving to another connection of a pool"): its connection gave up, so it
// holds its calls, in the order they were made, until the connection that
// takes it over names itself; then the calls go there and the session
// replays itself on it, ahead of them.

#include "session_actor_parts.hpp"

#include <string>
#include <utility>

#include "caf/actor_cast.hpp"

namespace surrealcaf::detail::session_parts {

void on_moving(self_pointer self) {
  self->state.moving = true;
}

bool moved_from(self_pointer self, const caf::actor_addr& conn) {
  auto& st = self->state;
  return st.moving || (st.conn && st.conn.address() != conn);
}

void hold_call(self_pointer self, uint64_t n, held_call call, bool fresh) {
  auto& st = self->state;
  if (!st.moving) {
    // Answered by the connection it left after the new one took it over.
    if (st.conn) {
      send_call(self, st.conn, n, std::move(call.req), std::move(call.done), call.timeout);
    } else {
      call.done(st.data.closed ? st.data.close_reason
                               : make_error(errc::connection_closed, "the connection is gone"));
    }
    return;
  }
  // The transaction belongs to the socket that is gone.
  if (call.req.txn) {
    call.done(make_error(errc::transaction_lost,
                         "the transaction was open when the socket was lost; the server dropped "
                         "it with the socket. Retry from a new begin"));
    return;
  }
  if (fresh && st.held.size() >= st.settings.max_waiting_calls) {
    call.done(make_error(errc::connection_lost,
                         "the session is moving to another connection and "
                           + std::to_string(st.settings.max_waiting_calls)
                           + " calls wait already (max_waiting_calls); nothing was sent"));
    return;
  }
  st.held.emplace(n, std::move(call));
}

void on_rehome(self_pointer self, const caf::actor& conn, uint64_t round) {
  auto& st = self->state;
  auto next = caf::actor_cast<connection_internal>(conn);
  st.moving = false;
  // A session closed while moving keeps no connection; its detach, held
  // with the rest, still tells the new one to forget it.
  if (!st.data.closed)
    st.conn = next;
  auto held = std::move(st.held);
  st.held.clear();
  // They wait there until the resume below is done.
  for (auto& [n, call] : held)
    send_call(self, next, n, std::move(call.req), std::move(call.done), call.timeout);
  if (round != 0)
    resume(self, round);
}

void fail_held(self_pointer self) {
  auto& st = self->state;
  st.moving = false;
  auto held = std::move(st.held);
  st.held.clear();
  for (auto& entry : held)
    entry.second.done(st.data.close_reason);
}

} // namespace surrealcaf::detail::session_parts
