// Losing the socket and coming back (docs/reliability.md): calls in flight
// fail with connection_lost, later calls wait, attempts follow the backoff
// schedule, and on the new socket each session replays itself before its
// waiting calls go out. Observers hear of every step.

#include <string>
#include <utility>

#include "caf/actor_cast.hpp"

#include "connection_actor_parts.hpp"
#include "surrealcaf/detail/backoff.hpp"
#include "surrealcaf/detail/session_state.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail::connection_parts {

namespace {

connection_event event_of(connection_state state, const caf::error& cause = {}) {
  connection_event ev;
  ev.state = state;
  if (cause) {
    if (cause.category() == errc_category)
      ev.code = static_cast<errc>(cause.code());
    ev.reason = describe(cause);
  }
  return ev;
}

std::chrono::milliseconds since_loss(self_pointer self) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(self->clock().now()
                                                               - self->state.lost_at);
}

void give_up(self_pointer self, const caf::error& last) {
  auto& st = self->state;
  // In a pool the sessions live on elsewhere; the rest close as without one.
  hand_over_sessions(self);
  shut_down(self,
            make_error(errc::connection_closed,
                       "gave up reconnecting after " + std::to_string(st.attempts)
                         + " attempt(s) in " + std::to_string(since_loss(self).count())
                         + " ms; last: " + describe(last)),
            false);
}

// Waits before the next attempt, or gives up.
void schedule_attempt(self_pointer self, const caf::error& last) {
  auto& st = self->state;
  st.last_failure = last;
  if (st.attempts > 0 && reconnect_gives_up(st.opts.reconnect, st.attempts, since_loss(self))) {
    give_up(self, last);
    return;
  }
  std::uniform_real_distribution<double> unit{0.0, 1.0};
  auto delay = reconnect_delay(st.opts.reconnect, st.attempts + 1, unit(st.random));
  auto ev = event_of(connection_state::reconnecting, st.attempts > 0 ? last : caf::error{});
  ev.attempt = st.attempts + 1;
  ev.delay = delay;
  emit(self, std::move(ev));
  self->delayed_send(caf::actor_cast<connection_internal>(self), delay, reconnect_atom::value,
                     st.round);
}

void lose_socket(self_pointer self, const caf::error& cause) {
  auto& st = self->state;
  st.io.reset();
  // A socket lost before its sessions were resumed (a server that accepts
  // and drops at once, say) continues the same outage: its attempts count
  // on, so the policy still gives up.
  if (st.state == connection_state::resumed || st.round == first_round) {
    st.attempts = 0;
    st.lost_at = self->clock().now();
  }
  st.phase = socket_phase::reconnecting;
  ++st.round;
  st.resuming.clear();
  st.reattached.clear();
  emit(self, event_of(connection_state::disconnected, cause));
  for (auto& child : st.sessions.all())
    self->send(child, lost_atom::value, cause);
  auto lost = make_error(errc::connection_lost,
                         "the socket was lost with the call in flight; the server may or may "
                         "not have run it: "
                           + describe(cause));
  // Before the next attempt is scheduled, which may give up at once: the
  // calls were lost with the socket, whatever becomes of the connection.
  auto failed = st.mux.fail_all(lost);
  st.counts.lost += failed.size();
  deliver_all(failed);
  schedule_attempt(self, cause);
}

// Sends the waiting calls of `session`, oldest first, with the deadlines
// they had when they were made. A session whose authentication could not be
// resumed (`signed_in` false) made them while it still was signed in: those
// that need it fail, unless they follow a new signin (or a deliberate
// invalidate or reset), rather than run anonymously.
void flush(self_pointer self, const session_key& session, bool signed_in = true) {
  // A call past its deadline ends as not sent, even when its timer is
  // still on its way.
  expire_waiting(self, self->clock().now());
  for (auto& call : self->state.waiting.take(session)) {
    auto m = call.req.method;
    if (!signed_in && !allowed_without_auth(m)) {
      if (call.payload)
        call.payload(make_error(errc::signin_required,
                                std::string{rpc::to_string(m)}
                                  + ": the session's authentication could not be resumed "
                                    "after a reconnect; sign in again; nothing was sent"));
      continue;
    }
    if (ends_signin_required(m))
      signed_in = true;
    write_request(self, std::move(call.req), std::move(call.payload), call.deadline, call.timeout);
  }
}

void finish_resume_if_done(self_pointer self) {
  auto& st = self->state;
  // `resumed` also after sessions taken over from the pool resumed on an
  // open socket.
  if (st.phase != socket_phase::open || !st.resuming.empty()
      || (st.state != connection_state::connected && st.state != connection_state::resumed))
    return;
  auto ev = event_of(connection_state::resumed);
  ev.sessions = st.resumed;
  ev.signin_required = std::move(st.signin_required);
  st.signin_required.clear();
  emit(self, std::move(ev));
}

} // namespace

namespace {

log_level level_of_event(self_pointer self, const connection_event& ev) {
  switch (ev.state) {
    case connection_state::disconnected:
      return log_level::warning;
    case connection_state::closed:
      return self->state.closed_by_user ? log_level::info : log_level::warning;
    default:
      return log_level::info;
  }
}

// The event as a record's message: its reason and numbers.
std::string describe_event(const connection_event& ev) {
  std::string text;
  auto add = [&](const std::string& part) {
    if (part.empty())
      return;
    if (!text.empty())
      text += "; ";
    text += part;
  };
  if (ev.state == connection_state::reconnecting)
    add("attempt " + std::to_string(ev.attempt) + " in " + std::to_string(ev.delay.count())
        + " ms");
  if (ev.state == connection_state::resumed)
    add(std::to_string(ev.sessions) + " session(s) resumed, "
        + std::to_string(ev.signin_required.size()) + " must sign in again");
  add(ev.reason);
  return text;
}

} // namespace

void emit(self_pointer self, connection_event ev) {
  auto& st = self->state;
  if (auto level = level_of_event(self, ev); st.log.on(level)) {
    caf::error cause;
    if (ev.code)
      cause = make_error(*ev.code);
    st.log.event(level, to_string(ev.state), describe_event(ev), cause);
  }
  st.state = ev.state;
  for (auto& observer : st.observers)
    self->send(observer, ev);
}

bool attached_now(self_pointer self, const session_key& session) {
  auto& st = self->state;
  if (st.phase == socket_phase::reconnecting)
    return false;
  return st.resuming.count(session) == 0 || (session && st.reattached.count(*session) != 0);
}

void submit(self_pointer self, session_key session, rpc::request req, pending_call done,
            std::chrono::milliseconds timeout) {
  auto& st = self->state;
  trace_call(self, req, done);
  auto deadline = deadline_from_now(self, timeout);
  if (st.phase != socket_phase::reconnecting && st.resuming.count(session) == 0) {
    write_request(self, std::move(req), std::move(done), deadline, timeout);
    return;
  }
  // A call that must wait belongs to a socket that is gone, and so does its
  // transaction (one begun on the new socket is used only after the resume).
  if (req.txn) {
    if (done)
      done(make_error(errc::transaction_lost,
                      "the transaction was open when the socket was lost; the server dropped "
                      "it with the socket. Retry from a new begin"));
    return;
  }
  if (!st.waiting.push(std::move(session), req, done, deadline, timeout)) {
    if (done)
      done(make_error(errc::connection_lost,
                      "the connection is reconnecting and "
                        + std::to_string(st.opts.reconnect.max_waiting_calls)
                        + " calls wait already (max_waiting_calls); nothing was sent"));
    return;
  }
  arm_deadline_timer(self);
}

void on_closed(self_pointer self, caf::error reason) {
  auto& st = self->state;
  switch (st.phase) {
    case socket_phase::open:
      if (st.opts.reconnect.enabled) {
        lose_socket(self, reason);
        return;
      }
      break;
    case socket_phase::reconnecting:
      // An attempt failed (or its socket dropped before the handshake).
      st.io.reset();
      schedule_attempt(self, reason);
      return;
    default:
      break;
  }
  shut_down(self, reason, false);
}

void on_reconnect_timer(self_pointer self, uint64_t round) {
  auto& st = self->state;
  if (round != st.round || st.phase != socket_phase::reconnecting || st.io)
    return;
  if (reconnect_gives_up(st.opts.reconnect, st.attempts, since_loss(self))) {
    give_up(self, st.last_failure);
    return;
  }
  ++st.attempts;
  st.io = st.factory(caf::actor_cast<caf::actor>(self));
  if (!st.io)
    schedule_attempt(self,
                     make_error(errc::connect_failed, "the transport factory returned no transport"));
}

void on_open(self_pointer self, std::string subprotocol) {
  auto& st = self->state;
  auto again = st.phase == socket_phase::reconnecting;
  st.phase = socket_phase::open;
  st.subprotocol = std::move(subprotocol);
  emit(self, event_of(connection_state::connected));
  if (!again)
    return;
  // Every session the server knew replays itself; a new session whose
  // attach waited has nothing to replay: its attach goes out below.
  st.resumed = 0;
  st.signin_required.clear();
  auto sessions = established_sessions(self);
  for (auto& entry : sessions)
    st.resuming.insert(entry.first);
  for (auto& [key, child] : sessions)
    self->send(child, resume_atom::value, st.round);
  for (auto& id : std::set<uuid>{st.attaching})
    flush(self, session_key{id});
  finish_resume_if_done(self);
}

void on_resumed(self_pointer self, const session_key& session, bool signed_in, uint64_t round) {
  auto& st = self->state;
  if (round != st.round || st.phase != socket_phase::open || st.resuming.erase(session) == 0)
    return;
  if (session)
    st.reattached.erase(*session);
  ++st.resumed;
  if (!signed_in)
    st.signin_required.push_back(session.value_or(uuid{}));
  flush(self, session, signed_in);
  finish_resume_if_done(self);
}

void forget_resume(self_pointer self, const session_key& session) {
  if (session)
    self->state.reattached.erase(*session);
  if (self->state.resuming.erase(session) != 0)
    finish_resume_if_done(self);
}

void expire_waiting(self_pointer self, caf::actor_clock::time_point now) {
  auto& st = self->state;
  auto expired = st.waiting.expire(now);
  st.counts.timed_out += expired.size();
  for (auto& call : expired) {
    if (!call.payload)
      continue;
    auto allowed = call.timeout.count() > 0 ? call.timeout : st.opts.request_timeout;
    call.payload(make_error(
      errc::timeout, std::string{rpc::to_string(call.req.method)} + ": not sent within "
                       + std::to_string(allowed.count()) + " ms: it waited for the reconnect"));
  }
}

} // namespace surrealcaf::detail::connection_parts
