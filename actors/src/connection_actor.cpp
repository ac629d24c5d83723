// The connection actor: its behavior, how calls are written and end, frames,
// deadlines and closing. Losing the socket and resuming on a new one are in
// connection_reconnect.cpp.

#include "surrealcaf/connect.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/spawn_options.hpp"

#include "connection_actor_parts.hpp"
#include "surrealcaf/detail/ignore_reply.hpp"
#include "surrealcaf/detail/spawn_session.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail::connection_parts {

rpc::request own_request(rpc::method m, value::array params, std::optional<uuid> session) {
  return rpc::request{0, m, std::move(params), std::move(session), std::nullopt};
}

std::chrono::steady_clock::time_point deadline_from_now(self_pointer self,
                                                        std::chrono::milliseconds timeout) {
  if (timeout.count() <= 0)
    timeout = self->state.opts.request_timeout;
  auto deadline = std::chrono::steady_clock::time_point::max();
  auto now = self->clock().now();
  // A timeout too long to add to `now` is no deadline at all.
  if (timeout.count() > 0 && timeout < deadline - now)
    deadline = now + timeout;
  return deadline;
}

// One timer at a time, for the earliest deadline of a call in flight or
// waiting; a call that is due later re-arms it when it fires.
void arm_deadline_timer(self_pointer self) {
  auto& st = self->state;
  auto next = st.mux.next_deadline();
  if (auto waiting = st.waiting.next_deadline(); waiting && (!next || *waiting < *next))
    next = waiting;
  if (!next || (st.timer_at && *st.timer_at <= *next))
    return;
  st.timer_at = *next;
  self->scheduled_send(caf::actor_cast<connection_internal>(self), *next, deadline_atom::value);
}

void write_request(self_pointer self, rpc::request req, pending_call done,
                   std::chrono::steady_clock::time_point deadline,
                   std::chrono::milliseconds timeout) {
  auto& st = self->state;
  trace_call(self, req, done);
  if (!st.io) {
    // No transport: the connection is about to shut down (see connection_impl).
    if (done)
      done(make_error(errc::connection_closed, "the connection has no transport"));
    return;
  }
  if (auto trace = done.trace())
    trace->id = st.mux.next_id();
  auto frame = st.mux.send(std::move(req), std::move(done), deadline, timeout);
  if (!frame) {
    // Not sent, not registered: `done` is still ours.
    if (auto trace = done.trace())
      trace->id = 0;
    if (done)
      done(std::move(frame.error()));
    return;
  }
  st.io->send(std::move(*frame));
  ++st.counts.sent;
  arm_deadline_timer(self);
}

std::vector<std::pair<session_key, session_internal>> established_sessions(self_pointer self) {
  auto& st = self->state;
  std::vector<std::pair<session_key, session_internal>> result;
  if (auto& dflt = st.sessions.default_session())
    result.emplace_back(session_key{}, *dflt);
  st.sessions.for_each_attached([&](const uuid& id, const session_internal& child) {
    if (st.attaching.count(id) == 0)
      result.emplace_back(session_key{id}, child);
  });
  return result;
}

void shut_down(self_pointer self, const caf::error& cause, bool by_user) {
  auto& st = self->state;
  auto reason = connection_closed_by(cause);
  st.phase = socket_phase::closed;
  try {
    deliver_all(st.mux.fail_all(reason));
  } catch (...) {
    // Ending already; every other call was still told.
  }
  for (auto& call : st.waiting.take_all())
    if (call.payload)
      call.payload(reason);
  for (auto& rp : st.connect_waiters)
    rp.deliver(st.state != connection_state::connecting || is(cause, errc::connection_closed)
                 ? reason
                 : cause);
  st.connect_waiters.clear();
  for (auto& child : st.sessions.all())
    self->send(child, shutdown_atom::value, reason);
  st.sessions.clear();
  connection_event ev;
  ev.state = connection_state::closed;
  ev.code = errc::connection_closed;
  ev.reason = describe(reason);
  emit(self, std::move(ev));
  st.observers.clear();
  if (st.io)
    st.io->close();
  self->quit(by_user ? caf::error{} : reason);
}

namespace {

void on_deadline(self_pointer self) {
  auto& st = self->state;
  auto now = self->clock().now();
  // A tick that is not our timer's (a stray one through the internal
  // handle) or came early changes nothing; our timer is still on its way.
  if (st.timer_at && now < *st.timer_at)
    return;
  st.timer_at.reset();
  auto expired = st.mux.expire(now, st.opts.request_timeout);
  st.counts.timed_out += expired.size();
  expire_waiting(self, now);
  arm_deadline_timer(self);
  deliver_all(expired);
}

// What the server still did for a call that had expired: a transaction, a
// live query or a session nobody will ever use or end. Undone here.
void undo_late(self_pointer self, rpc::method m, const std::optional<uuid>& session,
               const value& result) {
  auto& st = self->state;
  ++st.counts.dropped.late_results;
  if (st.log.on(log_level::info))
    st.log.event(log_level::info, "late_result",
                 std::string{"a reply came after its call timed out; undoing what "}
                   + rpc::to_string(m) + " left open on the server",
                 {}, session, m);
  auto now = deadline_from_now(self);
  switch (m) {
    case rpc::method::begin:
      if (auto txn = result.get_if<uuid>())
        write_request(self, own_request(rpc::method::cancel, {*txn}, std::nullopt), nullptr, now);
      break;
    case rpc::method::live:
      if (auto live = result.get_if<uuid>())
        write_request(self, own_request(rpc::method::kill, {*live}, session), nullptr, now);
      break;
    case rpc::method::attach:
      if (session)
        write_request(self, own_request(rpc::method::detach, {}, session), nullptr, now);
      break;
    default:
      break;
  }
}

session_internal spawn_child(self_pointer self, std::optional<uuid> id) {
  auto& opts = self->state.opts;
  session_settings settings{opts.request_timeout, opts.token_refresh_margin,
                            opts.reconnect.enabled && opts.reconnect.keep_credentials};
  settings.max_waiting_calls = opts.reconnect.max_waiting_calls;
  // Only a session with a UUID moves; the default one stays with its socket.
  settings.may_move = id && self->state.pool;
  auto child = spawn_session(self->system(), caf::actor_cast<connection_internal>(self), id,
                             settings);
  // Monitored, not linked: a session's death must not take its siblings
  // down, and the connection must learn of it to detach it on the server.
  self->monitor(child);
  return child;
}

void schedule_ping(self_pointer self) {
  self->delayed_send(caf::actor_cast<connection_internal>(self), self->state.opts.ping_interval,
                     ping_atom::value);
}

// Why the multiplexer dropped a frame: the counter that moved.
const char* drop_reason(const frame_counters& before, const frame_counters& after) {
  if (after.undecodable != before.undecodable)
    return "undecodable: not one valid CBOR value or JSON document, and naming no call in flight";
  if (after.invalid != before.invalid)
    return "invalid: breaks the RPC protocol, and names no call in flight";
  if (after.stray_replies != before.stray_replies)
    return "stray reply: to no call in flight (one that timed out or failed already, say)";
  return "uncorrelated error: an error reply to no call in flight, or without an id";
}

void on_frame(self_pointer self, const std::vector<uint8_t>& bytes) {
  auto& st = self->state;
  std::optional<frame_counters> before;
  if (st.log.on(log_level::warning))
    before = st.mux.counters();
  auto ev = st.mux.receive(bytes);
  if (auto done = std::get_if<decltype(st.mux)::completion>(&ev)) {
    ++st.counts.answered;
    if (!done->result)
      ++st.counts.answered_with_error;
    if (done->payload)
      done->payload(std::move(done->result));
  } else if (auto note = std::get_if<rpc::notification>(&ev)) {
    // Routed by the frame's top-level session: absent means the default
    // session. A session that is gone (or never was) gets nothing.
    if (auto child = st.sessions.find(note->session)) {
      self->send(*child, std::move(*note));
    } else {
      ++st.counts.dropped.unrouted_notifications;
      if (st.log.on(log_level::debug))
        st.log.event(log_level::debug, "notification_dropped",
                     "a live query notification for a session that is gone", {}, note->session);
    }
  } else if (std::holds_alternative<std::monostate>(ev)) {
    if (before)
      st.log.event(log_level::warning, "frame_dropped", drop_reason(*before, st.mux.counters()));
  } else if (auto late = std::get_if<decltype(st.mux)::late_result>(&ev)) {
    undo_late(self, late->method, late->session, late->result);
  }
}

// A session or an observer died. A session that closed properly was already
// forgotten when its detach went out; any other is detached here so the
// server forgets it too.
void on_down(self_pointer self, const caf::down_msg& msg) {
  auto& st = self->state;
  auto& obs = st.observers;
  obs.erase(std::remove_if(obs.begin(), obs.end(),
                           [&](const connection_observer& x) { return x == msg.source; }),
            obs.end());
  auto key = st.sessions.erase_handle(msg.source);
  if (!key)
    return;
  if (*key) {
    st.attaching.erase(**key);
    if (attached_now(self, *key))
      write_request(self, own_request(rpc::method::detach, {}, **key), nullptr,
                    deadline_from_now(self));
    tell_departed(self, msg.source);
  }
  // Its waiting calls have nobody to answer.
  for (auto& call : st.waiting.take(*key))
    if (call.payload)
      call.payload(make_error(errc::session_closed, "the session is gone"));
  forget_resume(self, *key);
  // A dead default session is replaced on the next default_atom; the
  // server's default session is unaffected.
}

// A session's call, with its own deadline `timeout` (zero: request_timeout).
caf::result<value> on_call(self_pointer self, rpc::request& req,
                           std::chrono::milliseconds timeout) {
  auto& st = self->state;
  auto rp = self->make_response_promise<value>();
  // A session closing itself: forget it now, so its death later is not
  // mistaken for a crash, and notifications for it are dropped. One that
  // is not attached on the current socket has nothing to detach.
  if (req.method == rpc::method::detach && req.session) {
    auto attached = attached_now(self, req.session);
    if (auto child = st.sessions.find(req.session))
      tell_departed(self, child->address());
    st.sessions.erase(req.session);
    forget_resume(self, req.session);
    // What it made while the socket was down can no longer go out.
    for (auto& call : st.waiting.take(req.session))
      if (call.payload)
        call.payload(make_error(errc::session_closed,
                                "the session closed before its call could be sent; "
                                "nothing was sent"));
    if (!attached) {
      rp.deliver(value{});
      return rp;
    }
  }
  auto session = req.session;
  submit(
    self, session, std::move(req),
    [rp](caf::expected<value> res) mutable {
      if (res)
        rp.deliver(std::move(*res));
      else
        rp.deliver(std::move(res.error()));
    },
    std::max(timeout, std::chrono::milliseconds{0}));
  return rp;
}

// The reply to `sessions`: a list of UUIDs, as values (CBOR) or as text
// (JSON turns UUIDs into strings).
caf::expected<std::vector<uuid>> session_list(const value& reply) {
  auto items = reply.get_if<value::array>();
  if (items == nullptr)
    return make_error(errc::protocol_error, std::string{"sessions replied "}
                                              + to_string(reply.type()) + ", not an array");
  std::vector<uuid> result;
  result.reserve(items->size());
  for (auto& x : *items) {
    std::optional<uuid> id;
    if (auto y = x.get_if<uuid>())
      id = *y;
    else if (auto text = x.get_if<std::string>())
      id = parse_uuid(*text);
    if (!id)
      return make_error(errc::protocol_error, std::string{"sessions replied an array holding "}
                                                + to_string(x.type()) + ", not only UUIDs");
    result.push_back(*id);
  }
  return result;
}

caf::error refused_subprotocol(self_pointer self) {
  return make_error(errc::connect_failed, "the server did not accept the "
                                            + self->state.opts.transport.subprotocol
                                            + " subprotocol");
}

connection_internal::behavior_type connection_impl(self_pointer self, transport_factory factory,
                                                   client_options opts) {
  auto& st = self->state;
  st.opts = opts;
  st.log.configure(st.opts.logging, self->clock());
  st.factory = std::move(factory);
  st.waiting.set_limit(st.opts.reconnect.max_waiting_calls);
  // Calls made before the handshake are framed in the format asked for;
  // open_atom checks the server agreed.
  if (auto format = wire_format_of(st.opts.transport.subprotocol))
    st.mux.use(*format);
  st.io = st.factory(caf::actor_cast<caf::actor>(self));
  if (!st.io) {
    self->send(caf::actor_cast<connection_internal>(self), closed_atom::value,
               make_error(errc::connect_failed, "the transport factory returned no transport"));
  }
  st.sessions.set_default(spawn_child(self, std::nullopt));
  self->set_down_handler([self](caf::down_msg& msg) { on_down(self, msg); });
  // A handler that throws (a transport failing in send, bad_alloc) is fatal:
  // end like any other close, so no call and no session is left hanging.
  self->set_exception_handler([self](std::exception_ptr& eptr) -> caf::error {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(eptr);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    auto reason = make_error(errc::connection_closed, "the connection failed: " + what);
    shut_down(self, reason, false);
    return reason;
  });
  return {
    [self](session_atom) -> caf::result<session_actor> {
      auto& st = self->state;
      auto id = st.uuids();
      auto child = spawn_child(self, id);
      st.sessions.add(id, child);
      st.attaching.insert(id);
      auto rp = self->make_response_promise<session_actor>();
      // Replies only once the server attached the session, so the caller
      // never holds a session the server does not know. While reconnecting
      // the attach waits for the new socket like any call.
      submit(self, id, own_request(rpc::method::attach, {}, id),
             [self, rp, child, id](caf::expected<value> res) mutable {
               self->state.attaching.erase(id);
               if (res) {
                 rp.deliver(session_actor{child});
                 return;
               }
               self->state.sessions.erase(id);
               tell_departed(self, child.address());
               self->send_exit(child, caf::exit_reason::kill);
               rp.deliver(std::move(res.error()));
             });
      return rp;
    },
    [self](default_atom) -> session_actor {
      auto& st = self->state;
      if (auto& current = st.sessions.default_session())
        return *current;
      auto child = spawn_child(self, std::nullopt);
      st.sessions.set_default(child);
      return child;
    },
    [self](connected_atom) -> caf::result<std::string> {
      auto& st = self->state;
      if (st.phase != socket_phase::connecting)
        return st.subprotocol;
      auto rp = self->make_response_promise<std::string>();
      st.connect_waiters.push_back(rp);
      return rp;
    },
    [self](call_atom, rpc::request& req) -> caf::result<value> {
      return on_call(self, req, std::chrono::milliseconds{0});
    },
    [self](call_atom, rpc::request& req, std::chrono::milliseconds timeout) -> caf::result<value> {
      return on_call(self, req, timeout);
    },
    [self](resume_atom, uint64_t round, rpc::request& req) -> caf::result<value> {
      auto& st = self->state;
      if (st.phase != socket_phase::open)
        return make_error(errc::connection_lost, "the socket was lost during the resume");
      // A step of an earlier round, sent before its session read of the
      // loss, belongs to a socket that is gone: on this one it could attach
      // the session twice or start a live query nobody tracks.
      if (round != st.round || st.resuming.count(req.session) == 0)
        return make_error(errc::connection_lost, "a step of an earlier resume");
      auto rp = self->make_response_promise<value>();
      auto method = req.method;
      auto session = req.session;
      write_request(
        self, std::move(req),
        [self, rp, method, session](caf::expected<value> res) mutable {
          // Closed while its attach was on its way: the server has it now.
          if (res && method == rpc::method::attach && session) {
            if (!self->state.sessions.find(session))
              write_request(self, own_request(rpc::method::detach, {}, session), nullptr,
                            deadline_from_now(self));
            else
              self->state.reattached.insert(*session);
          }
          if (res)
            rp.deliver(std::move(*res));
          else
            rp.deliver(std::move(res.error()));
        },
        deadline_from_now(self));
      return rp;
    },
    [self](resumed_atom, std::optional<uuid>& session, bool signed_in, uint64_t round) {
      on_resumed(self, session, signed_in, round);
    },
    [self](reconnect_atom, uint64_t round) { on_reconnect_timer(self, round); },
    [self](token_atom, uint64_t round, int64_t delay_ms) {
      auto session = caf::actor_cast<caf::actor_addr>(self->current_sender());
      self->delayed_send(caf::actor_cast<connection_internal>(self),
                         std::chrono::milliseconds{delay_ms}, token_atom::value,
                         std::move(session), round);
    },
    [self](token_atom, caf::actor_addr& session, uint64_t round) {
      if (auto alive = caf::actor_cast<caf::strong_actor_ptr>(session))
        self->send(caf::actor_cast<session_internal>(alive), token_atom::value, round);
    },
    [self](observe_atom, connection_observer& observer) -> connection_state {
      auto& st = self->state;
      if (observer
          && std::find(st.observers.begin(), st.observers.end(), observer)
               == st.observers.end()) {
        st.observers.push_back(observer);
        self->monitor(observer);
      }
      return st.state;
    },
    [self](counters_atom) -> connection_counters { return counters_of(self); },
    [self](sessions_atom) -> caf::result<std::vector<uuid>> {
      auto rp = self->make_response_promise<std::vector<uuid>>();
      // Asked on the default session's slot: during a reconnect it waits
      // for the new socket (and the default session's resume) like a call.
      submit(self, session_key{}, own_request(rpc::method::sessions, {}, std::nullopt),
             [rp](caf::expected<value> res) mutable {
               if (!res) {
                 rp.deliver(std::move(res.error()));
                 return;
               }
               auto list = session_list(*res);
               if (list)
                 rp.deliver(std::move(*list));
               else
                 rp.deliver(std::move(list.error()));
             });
      return rp;
    },
    [self](close_atom) {
      self->state.closed_by_user = true;
      shut_down(self, make_error(errc::connection_closed, "close() was called"), true);
      return true;
    },
    [self](open_atom, std::string& subprotocol) {
      auto& st = self->state;
      // The frames' format is the one asked for; a server that fell back
      // to another would misread every frame.
      auto format = wire_format_of(subprotocol);
      if (!format || subprotocol != st.opts.transport.subprotocol) {
        shut_down(self, refused_subprotocol(self), false);
        return;
      }
      auto first = st.phase == socket_phase::connecting;
      st.mux.use(*format);
      on_open(self, std::move(subprotocol));
      if (first) {
        for (auto& rp : st.connect_waiters)
          rp.deliver(st.subprotocol);
        st.connect_waiters.clear();
        if (st.opts.ping_interval.count() > 0)
          schedule_ping(self);
      }
    },
    [self](frame_atom, std::vector<uint8_t>& bytes) { on_frame(self, bytes); },
    [self](closed_atom, caf::error& reason) {
      if (!reason)
        reason = make_error(errc::connection_closed, "the socket closed");
      on_closed(self, std::move(reason));
    },
    [self](ping_atom) {
      auto& st = self->state;
      // Only on an open socket: while reconnecting a ping would just wait.
      if (st.phase == socket_phase::open && st.resuming.empty())
        if (auto& child = st.sessions.default_session())
          request_ignoring_reply(self, caf::infinite, *child, ping_atom::value);
      schedule_ping(self);
    },
    [self](deadline_atom) { on_deadline(self); },
    [self](pool_atom, pool_internal& pool) { join_pool(self, std::move(pool)); },
    [self](adopt_atom, const uuid& id, const session_internal& session) {
      return adopt_session(self, id, session);
    },
  };
}

} // namespace

} // namespace surrealcaf::detail::connection_parts

namespace surrealcaf {

connection_actor spawn_connection(caf::actor_system& sys, transport_factory factory,
                                  client_options opts) {
  // Lazy: the transport starts with the first message, so a connected_atom
  // sent first is queued before the transport can report anything and
  // always learns the outcome, however fast the socket fails.
  return sys.spawn<caf::lazy_init>(detail::connection_parts::connection_impl,
                                   std::move(factory), std::move(opts));
}

} // namespace surrealcaf
