// live_stream (live_stream.hpp): a live query of a session as a pull stream,
// fed by a hidden subscriber actor through a live_queue.

#include "surrealcaf/live_stream.hpp"

#include "caf/spawn_options.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/actor_guard.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/live_core.hpp"
#include "surrealcaf/detail/live_queue.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf {

namespace {

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

template <class... Ts>
future<live_stream> start(const std::shared_ptr<detail::session_core>& core,
                               Ts... xs) {
  constexpr auto name = "live";
  // Checked before the subscriber is spawned; session_call checks again.
  if (auto err = detail::refused<live_stream>(core, name))
    return std::move(*err);
  const auto& opts = core->connection()->options();
  auto queue = std::make_shared<detail::live_queue>(opts.live_queue_limit, opts.on_live_overflow);
  auto sub = core->connection()->rt().system().spawn<caf::hidden>(subscriber, queue);
  auto guard = std::make_shared<detail::actor_guard<live_subscriber>>(sub);
  auto convert = [core, queue, guard](uuid& id) {
    return detail::face_access::make<live_stream>(
      std::make_shared<detail::live_core>(core, id, guard->release(), queue));
  };
  return detail::session_call<live_stream, uuid>(core, name, std::move(convert), live_atom::value,
                                                 std::move(xs)..., sub);
}

} // namespace

namespace detail {

future<live_stream> start_live(const std::shared_ptr<session_core>& core, value table,
                                    bool diff) {
  return start(core, std::move(table), diff);
}

future<live_stream> start_live(const std::shared_ptr<session_core>& core,
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
  return !core_ || core_->queue().state().ended;
}

bool live_stream::overflowed() const {
  return core_ && core_->queue().state().overflowed;
}

size_t live_stream::dropped() const {
  return core_ ? core_->queue().state().dropped : 0;
}

void live_stream::kill() {
  if (core_)
    core_->kill();
}

uuid live_stream::id() const {
  return core_ ? core_->id() : uuid{};
}

} // namespace surrealcaf
