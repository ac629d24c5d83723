#include "surrealcaf/connect.hpp"

#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <boost/uuid/random_generator.hpp>

#include "caf/actor_cast.hpp"
#include "caf/actor_system.hpp"
#include "caf/spawn_options.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/call_multiplexer.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/ignore_reply.hpp"
#include "surrealcaf/detail/spawn_session.hpp"
#include "surrealcaf/detail/session_registry.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/transport.hpp"

namespace surrealcaf {

namespace {

using detail::connection_internal;

// Whoever waits for a call: fulfils a response promise, or nothing for the
// connection's own calls (keep-alive, detaching a dead session).
using completion_fn = std::function<void(caf::expected<value>)>;

struct connection_actor_state {
  std::unique_ptr<transport> io;
  detail::call_multiplexer<completion_fn> mux;
  detail::session_registry<detail::session_internal> sessions;
  boost::uuids::random_generator uuids;
  client_options opts;
  bool open = false;
  std::string subprotocol;
  /// `connected_atom` requests that came before the handshake finished.
  std::vector<caf::typed_response_promise<std::string>> connect_waiters;
  /// When the one `deadline_atom` timer in flight fires, if one is.
  std::optional<caf::actor_clock::time_point> timer_at;

  static inline const char* name = "surrealcaf.connection";
};

using self_pointer = connection_internal::stateful_pointer<connection_actor_state>;

// One timer at a time, for the oldest call's deadline: every call gets the
// same timeout, so no later call can expire sooner.
void arm_deadline_timer(self_pointer self) {
  auto& st = self->state;
  auto next = st.mux.next_deadline();
  if (!next || st.timer_at)
    return;
  st.timer_at = *next;
  self->scheduled_send(caf::actor_cast<connection_internal>(self), *next, deadline_atom::value);
}

// A request the connection makes itself; `write_request` numbers it.
rpc::request own_request(rpc::method m, value::array params, std::optional<uuid> session) {
  return rpc::request{0, m, std::move(params), std::move(session), std::nullopt};
}

// Hands each completion to whoever waits for it. One that throws (say,
// bad_alloc in a response promise) does not keep the others from ending:
// the first exception is rethrown once all were handed over, and ends the
// connection (see the exception handler).
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

void on_deadline(self_pointer self) {
  auto& st = self->state;
  auto now = self->clock().now();
  // A tick that is not our timer's (a stray one through the internal
  // handle) or came early changes nothing; our timer is still on its way.
  if (st.timer_at && now < *st.timer_at)
    return;
  st.timer_at.reset();
  auto expired = st.mux.expire(now, st.opts.request_timeout);
  arm_deadline_timer(self);
  deliver_all(expired);
}

void write_request(self_pointer self, rpc::request req, completion_fn done) {
  auto& st = self->state;
  if (!st.io) {
    // No transport: the connection is about to shut down (see connection_impl).
    if (done)
      done(make_error(errc::connection_closed, "the connection has no transport"));
    return;
  }
  auto deadline = decltype(st.mux)::time_point::max();
  auto now = self->clock().now();
  // A timeout too long to add to `now` is no deadline at all.
  if (st.opts.request_timeout.count() > 0 && st.opts.request_timeout < deadline - now)
    deadline = now + st.opts.request_timeout;
  auto frame = st.mux.send(std::move(req), std::move(done), deadline);
  if (!frame) {
    // Not sent, not registered: `done` is still ours.
    if (done)
      done(std::move(frame.error()));
    return;
  }
  st.io->send(std::move(*frame));
  arm_deadline_timer(self);
}

// What the server still did for a call that had expired: a transaction, a
// live query or a session nobody will ever use or end. Undone here.
void undo_late(self_pointer self, rpc::method m, const std::optional<uuid>& session,
               const value& result) {
  switch (m) {
    case rpc::method::begin:
      if (auto txn = result.get_if<uuid>())
        write_request(self, own_request(rpc::method::cancel, {*txn}, std::nullopt), nullptr);
      break;
    case rpc::method::live:
      if (auto live = result.get_if<uuid>())
        write_request(self, own_request(rpc::method::kill, {*live}, session), nullptr);
      break;
    case rpc::method::attach:
      if (session)
        write_request(self, own_request(rpc::method::detach, {}, session), nullptr);
      break;
    default:
      break;
  }
}

detail::session_internal spawn_child(self_pointer self, std::optional<uuid> id) {
  auto child = detail::spawn_session(self->system(), caf::actor_cast<connection_internal>(self), id,
                                     self->state.opts.request_timeout);
  // Monitored, not linked: a session's death must not take its siblings
  // down, and the connection must learn of it to detach it on the server.
  self->monitor(child);
  return child;
}

void schedule_ping(self_pointer self) {
  self->delayed_send(caf::actor_cast<connection_internal>(self), self->state.opts.ping_interval,
                     ping_atom::value);
}

// Ends the connection: every call in flight and every waiter fails, every
// session learns why, and the transport closes (its destructor, run in
// on_exit with the state, joins its I/O thread). The actor quits, so this
// runs once.
void shut_down(self_pointer self, const caf::error& cause, bool by_user) {
  auto& st = self->state;
  auto reason = detail::connection_closed_by(cause);
  try {
    deliver_all(st.mux.fail_all(reason));
  } catch (...) {
    // Ending already; every other call was still told.
  }
  for (auto& rp : st.connect_waiters)
    rp.deliver(st.open || is(cause, errc::connection_closed) ? reason : cause);
  st.connect_waiters.clear();
  for (auto& child : st.sessions.all())
    self->send(child, shutdown_atom::value, reason);
  st.sessions.clear();
  if (st.io)
    st.io->close();
  self->quit(by_user ? caf::error{} : reason);
}

void on_frame(self_pointer self, const std::vector<uint8_t>& bytes) {
  auto& st = self->state;
  auto ev = st.mux.receive(bytes);
  if (auto done = std::get_if<decltype(st.mux)::completion>(&ev)) {
    if (done->payload)
      done->payload(std::move(done->result));
  } else if (auto note = std::get_if<rpc::notification>(&ev)) {
    // Routed by the frame's top-level session: absent means the default
    // session. A session that is gone (or never was) gets nothing.
    if (auto child = st.sessions.find(note->session))
      self->send(*child, std::move(*note));
  } else if (auto late = std::get_if<decltype(st.mux)::late_result>(&ev)) {
    undo_late(self, late->method, late->session, late->result);
  }
}

// A session died. One that closed properly was already forgotten when its
// detach went out; any other is detached here so the server forgets it too.
void on_session_down(self_pointer self, const caf::down_msg& msg) {
  auto key = self->state.sessions.erase_handle(msg.source);
  if (key && *key)
    write_request(self, own_request(rpc::method::detach, {}, **key), nullptr);
  // A dead default session is replaced on the next default_atom; the
  // server's default session is unaffected.
}

connection_internal::behavior_type connection_impl(self_pointer self, transport_factory factory,
                                                   client_options opts) {
  auto& st = self->state;
  st.opts = opts;
  // Calls made before the handshake are framed in the format asked for;
  // open_atom checks the server agreed.
  if (auto format = detail::wire_format_of(st.opts.transport.subprotocol))
    st.mux.use(*format);
  st.io = factory(caf::actor_cast<caf::actor>(self));
  if (!st.io) {
    self->send(caf::actor_cast<connection_internal>(self), closed_atom::value,
               make_error(errc::connect_failed, "the transport factory returned no transport"));
  }
  st.sessions.set_default(spawn_child(self, std::nullopt));
  self->set_down_handler([self](caf::down_msg& msg) { on_session_down(self, msg); });
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
      auto rp = self->make_response_promise<session_actor>();
      // Replies only once the server attached the session, so the caller
      // never holds a session the server does not know.
      write_request(self, own_request(rpc::method::attach, {}, id),
                    [self, rp, child, id](caf::expected<value> res) mutable {
                      if (res) {
                        rp.deliver(session_actor{child});
                        return;
                      }
                      self->state.sessions.erase(id);
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
      if (st.open)
        return st.subprotocol;
      auto rp = self->make_response_promise<std::string>();
      st.connect_waiters.push_back(rp);
      return rp;
    },
    [self](call_atom, rpc::request& req) -> caf::result<value> {
      auto& st = self->state;
      // A session closing itself: forget it now, so its death later is not
      // mistaken for a crash, and notifications for it are dropped.
      if (req.method == rpc::method::detach && req.session)
        st.sessions.erase(req.session);
      auto rp = self->make_response_promise<value>();
      write_request(self, std::move(req), [rp](caf::expected<value> res) mutable {
        if (res)
          rp.deliver(std::move(*res));
        else
          rp.deliver(std::move(res.error()));
      });
      return rp;
    },
    [self](close_atom) {
      shut_down(self, make_error(errc::connection_closed, "close() was called"), true);
      return true;
    },
    [self](open_atom, std::string& subprotocol) {
      auto& st = self->state;
      // The frames' format is the one asked for; a server that fell back
      // to another would misread every frame.
      auto format = detail::wire_format_of(subprotocol);
      if (!format || subprotocol != st.opts.transport.subprotocol) {
        shut_down(self,
                 make_error(errc::connect_failed, "the server did not accept the "
                                                    + st.opts.transport.subprotocol
                                                    + " subprotocol"),
                 false);
        return;
      }
      st.mux.use(*format);
      st.open = true;
      st.subprotocol = std::move(subprotocol);
      for (auto& rp : st.connect_waiters)
        rp.deliver(st.subprotocol);
      st.connect_waiters.clear();
      if (st.opts.ping_interval.count() > 0)
        schedule_ping(self);
    },
    [self](frame_atom, std::vector<uint8_t>& bytes) { on_frame(self, bytes); },
    [self](closed_atom, caf::error& reason) {
      if (!reason)
        reason = make_error(errc::connection_closed, "the socket closed");
      shut_down(self, reason, false);
    },
    [self](ping_atom) {
      auto& st = self->state;
      if (auto& child = st.sessions.default_session())
        detail::request_ignoring_reply(self, caf::infinite, *child, ping_atom::value);
      schedule_ping(self);
    },
    [self](deadline_atom) { on_deadline(self); },
    [self](observe_atom, connection_observer&) -> connection_state {
      return self->state.open ? connection_state::connected : connection_state::connecting;
    },
    [self](resume_atom, rpc::request& req) -> caf::result<value> {
      auto rp = self->make_response_promise<value>();
      write_request(self, std::move(req), [rp](caf::expected<value> res) mutable {
        if (res)
          rp.deliver(std::move(*res));
        else
          rp.deliver(std::move(res.error()));
      });
      return rp;
    },
    [](resumed_atom, std::optional<uuid>&, bool) {},
    [](reconnect_atom, uint64_t) {},
  };
}

} // namespace

connection_actor spawn_connection(caf::actor_system& sys, transport_factory factory,
                                  client_options opts) {
  // Lazy: the transport starts with the first message, so a connected_atom
  // sent first is queued before the transport can report anything and
  // always learns the outcome, however fast the socket fails.
  return sys.spawn<caf::lazy_init>(connection_impl, std::move(factory), std::move(opts));
}

} // namespace surrealcaf
