// The faces' direct requests (detail/reply_sink.hpp): the companion actor
// that receives their replies and the table that matches them to calls.

#include "surrealcaf/detail/reply_sink.hpp"

#include <vector>

#include "surrealcaf/detail/runtime.hpp"

#include "caf/exit_reason.hpp"
#include "caf/scoped_execution_unit.hpp"
#include "caf/spawn_options.hpp"

namespace surrealcaf::detail {

uint64_t reply_sink::table::add(std::unique_ptr<pending> p, caf::actor_id to) {
  std::lock_guard<std::mutex> guard{mtx_};
  // Request ids live in the low 60 bits of a message id; 0 is not one.
  next_ = (next_ + 1) & caf::message_id::request_id_mask;
  if (next_ == 0)
    next_ = 1;
  calls_[next_] = entry{std::move(p), to};
  return next_;
}

void reply_sink::table::complete(uint64_t id, caf::message reply) {
  std::unique_ptr<pending> p;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    auto i = calls_.find(id);
    if (i == calls_.end())
      return; // cleared: the sink is going away
    p = std::move(i->second.call);
    calls_.erase(i);
  }
  p->complete(reply);
}

void reply_sink::table::fail_all_to(caf::actor_id who) {
  std::vector<std::unique_ptr<pending>> gone;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    for (auto i = calls_.begin(); i != calls_.end();) {
      if (i->second.to == who) {
        gone.emplace_back(std::move(i->second.call));
        i = calls_.erase(i);
      } else {
        ++i;
      }
    }
  }
  actor_thread_scope scope;
  auto reply = caf::make_message(caf::make_error(caf::sec::request_receiver_down));
  for (auto& p : gone)
    p->complete(reply);
}

void reply_sink::table::clear() {
  std::unordered_map<uint64_t, entry> calls;
  {
    std::lock_guard<std::mutex> guard{mtx_};
    calls.swap(calls_);
  }
  // Destroyed outside the lock: each state fails its future.
}

reply_sink::reply_sink(caf::actor_system& sys, bool hidden) : table_(std::make_shared<table>()) {
  auto companion = hidden ? sys.spawn<caf::actor_companion, caf::hidden>()
                          : sys.spawn<caf::actor_companion>();
  sender_ = caf::actor_cast<caf::strong_actor_ptr>(companion);
  auto* self = static_cast<caf::actor_companion*>(caf::actor_cast<caf::abstract_actor*>(sender_));
  self->on_enqueue([t = table_](caf::mailbox_element_ptr ptr) {
    // Only replies matter; the companion gets nothing else anyway.
    // Continuations run here and may drop the last handle (runtime.hpp).
    actor_thread_scope scope;
    if (ptr && ptr->mid.is_response())
      t->complete(ptr->mid.request_id().integer_value(), ptr->move_content_to_message());
  });
}

reply_sink::~reply_sink() {
  auto* self = static_cast<caf::actor_companion*>(caf::actor_cast<caf::abstract_actor*>(sender_));
  // Waits for a reply being handled right now, then takes no more; then
  // the companion ends as a Qt widget's does (CAF's actor_widget).
  self->on_enqueue(nullptr);
  caf::scoped_execution_unit context{&self->home_system()};
  self->cleanup(caf::make_error(caf::exit_reason::user_shutdown), &context);
  sender_.reset();
  table_->clear();
}

} // namespace surrealcaf::detail
