// live_stream (live_stream.hpp): a live query of a session as a pull stream,
// fed by a hidden subscriber actor through a live_queue.

#include "surrealcaf/live_stream.hpp"

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"
#include "caf/typed_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/faces_calls.hpp"
#include "surrealcaf/detail/faces_core.hpp"
#include "surrealcaf/detail/live_queue.hpp"

namespace surrealcaf {

namespace detail {

/// What session_actor's `live` messages are about to take (messages/):
/// an actor that receives the live query's notifications.
using live_subscriber = caf::typed_actor<caf::reacts_to<rpc::notification>>;

// One live query: its session, its id and its hidden subscriber, which the
// destructor kills (the session monitors it, so its live queries end too).
class live_core {
public:
  live_core(std::shared_ptr<session_core> session, uuid id, live_subscriber subscriber,
            std::shared_ptr<live_queue> queue)
    : session_(std::move(session)),
      id_(id),
      subscriber_(std::move(subscriber)),
      queue_(std::move(queue)) {
  }

  ~live_core() {
    kill();
    caf::anon_send_exit(subscriber_, caf::exit_reason::user_shutdown);
  }

  live_core(const live_core&) = delete;
  live_core& operator=(const live_core&) = delete;

  void kill() noexcept {
    if (!kill_sent_.exchange(true))
      fire_and_forget(session_, kill_atom::value, id_);
  }

  live_queue& queue() noexcept {
    return *queue_;
  }

  const uuid& id() const noexcept {
    return id_;
  }

private:
  std::shared_ptr<session_core> session_;
  uuid id_;
  live_subscriber subscriber_;
  std::shared_ptr<live_queue> queue_;
  std::atomic<bool> kill_sent_{false};
};

} // namespace detail

namespace {

using detail::live_subscriber;

// The hidden actor behind a live_stream: queues what the session sends and
// stops once the queue takes no more: after the final `killed`, or when it
// overflowed (the session, which monitors it, then kills the live query).
live_subscriber::behavior_type subscriber(live_subscriber::pointer self,
                                          std::shared_ptr<detail::live_queue> queue) {
  return {
    [self, queue](rpc::notification& x) {
      if (!queue->push(std::move(x)))
        self->quit();
    },
  };
}

// Stops a subscriber whose live call failed (the conversion never ran).
struct subscriber_guard {
  live_subscriber sub;

  subscriber_guard() = default;
  subscriber_guard(const subscriber_guard&) = delete;
  subscriber_guard& operator=(const subscriber_guard&) = delete;

  ~subscriber_guard() {
    if (sub)
      caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
  }

  live_subscriber release() {
    return std::move(sub);
  }
};

template <class... Ts>
std::future<live_stream> start(const std::shared_ptr<detail::session_core>& core,
                               Ts... xs) {
  constexpr auto name = "live";
  // Checked before the subscriber is spawned; session_call checks again.
  if (auto err = detail::refused<live_stream>(core, name))
    return std::move(*err);
  const auto& opts = core->connection()->options();
  auto queue = std::make_shared<detail::live_queue>(opts.live_queue_limit, opts.on_live_overflow);
  auto sub = core->connection()->rt().system().spawn<caf::hidden>(subscriber, queue);
  // Built in place: a copy's destructor would stop the subscriber.
  auto guard = std::make_shared<subscriber_guard>();
  guard->sub = sub;
  auto convert = [core, queue, guard](uuid& id) {
    return detail::face_access::make<live_stream>(
      std::make_shared<detail::live_core>(core, id, guard->release(), queue));
  };
  return detail::session_call<live_stream, uuid>(
    core, name, std::move(convert), live_atom::value, std::move(xs)...,
    caf::actor_cast<caf::actor>(sub)); // until session_actor takes a live_subscriber
}

} // namespace

namespace detail {

std::future<live_stream> start_live(const std::shared_ptr<session_core>& core, value table,
                                    bool diff) {
  return start(core, std::move(table), diff);
}

std::future<live_stream> start_live(const std::shared_ptr<session_core>& core,
                                    const std::string& sql, value::object vars) {
  return start(core, sql, std::move(vars));
}

} // namespace detail

live_stream::live_stream(std::shared_ptr<detail::live_core> core) : core_(std::move(core)) {
}

std::optional<rpc::notification> live_stream::next(std::chrono::milliseconds timeout) {
  return core_ ? core_->queue().pop(timeout) : std::nullopt;
}

bool live_stream::ended() const {
  return !core_ || core_->queue().ended();
}

bool live_stream::overflowed() const {
  return core_ && core_->queue().overflowed();
}

size_t live_stream::dropped() const {
  return core_ ? core_->queue().dropped() : 0;
}

void live_stream::kill() {
  if (core_)
    core_->kill();
}

uuid live_stream::id() const {
  return core_ ? core_->id() : uuid{};
}

} // namespace surrealcaf
