#pragma once

#include "surrealcaf/future.hpp"
#include <memory>

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/connection_observer.hpp"
#include "surrealcaf/detail/connection_event_queue.hpp"
#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf::detail {

/// One `connection_events`: its queue, its hidden observer, which the
/// destructor stops (the connection monitors it and forgets it), and the
/// runtime the observer runs on. It holds the runtime, not the connection:
/// watching a connection must not keep it open.
class connection_events_core {
public:
  connection_events_core(std::shared_ptr<runtime> rt, connection_observer observer,
                         std::shared_ptr<connection_event_queue> queue)
    : rt_(std::move(rt)), observer_(std::move(observer)), queue_(std::move(queue)) {
  }

  ~connection_events_core() {
    caf::anon_send_exit(observer_, caf::exit_reason::user_shutdown);
  }

  connection_events_core(const connection_events_core&) = delete;
  connection_events_core& operator=(const connection_events_core&) = delete;

  connection_event_queue& queue() noexcept {
    return *queue_;
  }

private:
  // Declared first, so released last: after the observer's handle, whose
  // actor system it may shut down.
  std::shared_ptr<runtime> rt_;
  connection_observer observer_;
  std::shared_ptr<connection_event_queue> queue_;
};

/// Starts observing the connection of `core` (a connection handle's default
/// session; connection_events.cpp). The future holds the stream once the
/// connection replied its current state.
future<connection_events> start_events(const std::shared_ptr<session_core>& core);

} // namespace surrealcaf::detail
