// connection_events (connection_events.hpp): a connection's state changes as
// a pull stream, fed by a hidden observer actor through a
// connection_event_queue.

#include "surrealcaf/connection_events.hpp"

#include "caf/sec.hpp"
#include "caf/spawn_options.hpp"
#include "caf/system_messages.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/actor_guard.hpp"
#include "surrealcaf/detail/connection_events_core.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/exception.hpp"

namespace surrealcaf {

namespace {

// The `closed` a stream ends with when the connection sends none: it replied
// `closed` to observe_atom, or it terminated.
connection_event closed_event(const char* why) {
  connection_event x;
  x.state = connection_state::closed;
  x.code = errc::connection_closed;
  x.reason = surreal_error{errc::connection_closed, why}.what();
  return x;
}

// The hidden actor behind connection_events: queues what the connection
// sends and stops once the queue takes no more (after `closed`). It watches
// the connection as well, so that the stream ends even if the connection
// terminates without sending `closed`. It holds the connection's address
// only: observing must not keep the connection alive.
connection_observer::behavior_type observer(connection_observer::pointer self,
                                            std::shared_ptr<detail::connection_event_queue> queue,
                                            const connection_actor& conn) {
  auto addr = conn.address();
  self->monitor(conn);
  // Stopped by its stream going: a connection that lives on is no longer
  // watched (its list of monitors would grow with every stream).
  self->set_exit_handler([self, addr](caf::exit_msg& msg) {
    self->demonitor(addr);
    self->quit(msg.reason);
  });
  self->set_down_handler([self, queue](caf::down_msg&) {
    queue->push(closed_event("events: the connection actor terminated"));
    self->quit();
  });
  return {
    [self, queue, addr](connection_event& x) {
      if (!queue->push(std::move(x))) {
        self->demonitor(addr);
        self->quit();
      }
    },
  };
}

} // namespace

namespace detail {

future<connection_events> start_events(const std::shared_ptr<session_core>& core) {
  constexpr auto name = "events";
  if (auto err = refused<connection_events>(core, name))
    return std::move(*err);
  auto& conn = *core->connection();
  auto queue = std::make_shared<connection_event_queue>(connection_events::queue_limit);
  auto obs = conn.rt().system().spawn<caf::hidden>(observer, queue, conn.handle());
  auto guard = std::make_shared<actor_guard<connection_observer>>(obs);
  auto convert = [rt = conn.shared_rt(), queue, guard](connection_state& x) {
    queue->start(x);
    // A closed connection sends nothing more: the stream ends here.
    if (x == connection_state::closed)
      queue->push(closed_event("events: the connection is closed"));
    return face_access::make<connection_events>(
      std::make_shared<connection_events_core>(rt, guard->release(), queue));
  };
  auto st = std::make_shared<call_state<connection_events, decltype(convert)>>(
    std::move(convert), conn.life(), name);
  auto result = st->future();
  conn.rt().run([st, dest = conn.handle(), timeout = conn.timeout(),
                 obs](caf::event_based_actor* self) {
    self->request(dest, timeout + backstop_margin, observe_atom::value, obs)
      .then([st](connection_state& x) { st->deliver(x); },
            [st](caf::error& err) {
              // A connection that ended (by the network, or by giving up on
              // reconnecting) has no actor left to answer: its stream holds
              // just `closed`, as for one that replies `closed`.
              if (err == caf::sec::request_receiver_down) {
                auto closed = connection_state::closed;
                st->deliver(closed);
              } else {
                st->fail(err);
              }
            });
  });
  return result;
}

} // namespace detail

connection_events::connection_events(std::shared_ptr<detail::connection_events_core> core)
  : core_(std::move(core)) {
}

std::optional<connection_event> connection_events::next(std::chrono::milliseconds timeout) {
  return core_ ? core_->queue().pop(timeout) : std::nullopt;
}

std::optional<connection_event> connection_events::try_next() {
  return next(std::chrono::milliseconds{0});
}

connection_state connection_events::state() const {
  return core_ ? core_->queue().state().state : connection_state::closed;
}

bool connection_events::ended() const {
  return !core_ || core_->queue().state().ended;
}

size_t connection_events::dropped() const {
  return core_ ? core_->queue().state().dropped : 0;
}

} // namespace surrealcaf
