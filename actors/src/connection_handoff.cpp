// A connection in a pool (docs/reliability.md, "Moving to another connection
// of a pool"): when it gives up reconnecting, its sessions go to the pool,
// which hands each to another connection; that one takes it over and has it
// resume there before any of its calls goes out.

#include <utility>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/sec.hpp"

#include "connection_actor_parts.hpp"

namespace surrealcaf::detail::connection_parts {

void join_pool(self_pointer self, pool_internal pool) {
  self->state.pool = std::move(pool);
}

void tell_departed(self_pointer self, const caf::actor_addr& session) {
  if (auto& pool = self->state.pool)
    self->send(pool, departed_atom::value, session);
}

void hand_over_sessions(self_pointer self) {
  auto& st = self->state;
  if (!st.pool)
    return;
  // Those the server knew. One still attaching was never handed to its
  // caller: its attach fails with the close.
  std::vector<std::pair<uuid, session_internal>> leaving;
  st.sessions.for_each_attached([&](const uuid& id, const session_internal& child) {
    if (st.attaching.count(id) == 0)
      leaving.emplace_back(id, child);
  });
  for (auto& [id, child] : leaving) {
    session_key key{id};
    // Forgotten here: it gets no shutdown_atom, and its end is no death.
    st.sessions.erase(key);
    self->demonitor(child.address());
    // Before the answers below, so that the session holds them: nothing was
    // sent for them, and it sends them again to its new connection.
    self->send(child, moving_atom::value);
    for (auto& call : st.waiting.take(key))
      if (call.payload)
        call.payload(caf::make_error(caf::sec::request_receiver_down));
    self->send(st.pool, adopt_atom::value, id, child);
  }
}

bool adopt_session(self_pointer self, const uuid& id, const session_internal& session) {
  auto& st = self->state;
  // Before the first handshake there is no socket to resume on yet, and a
  // closing connection would only shut the session down.
  if (!session || st.phase == socket_phase::connecting || st.phase == socket_phase::closed)
    return false;
  if (!st.sessions.add(id, session))
    return false;
  self->monitor(session);
  // Reconnecting: the session is established here now, so the next open
  // socket resumes it with the others (round 0: wait for that).
  uint64_t round = 0;
  if (st.phase == socket_phase::open) {
    // Its calls wait until it resumed; a `resumed` event then counts it.
    if (st.resuming.empty()) {
      st.resumed = 0;
      st.signin_required.clear();
    }
    st.resuming.insert(session_key{id});
    round = st.round;
  }
  self->send(session, rehome_atom::value, caf::actor_cast<caf::actor>(self), round);
  return true;
}

} // namespace surrealcaf::detail::connection_parts
