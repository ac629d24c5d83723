#pragma once

#include <atomic>
#include "surrealcaf/future.hpp"
#include <memory>
#include <string>

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

#include "surrealcaf/detail/live_queue.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/rpc/notification.hpp"

namespace surrealcaf::detail {

/// One live query: its session, its id, its queue and its hidden
/// subscriber, which the destructor kills (the session monitors it, so its
/// live queries end too) after killing the query without waiting.
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

  /// Sends `kill` once, however often it is called; does not wait.
  void kill() noexcept {
    if (!kill_sent_.exchange(true))
      request_ignoring_reply(session_, kill_atom::value, id_);
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

/// Starts a live query on the session (live_stream.cpp): on `table`, or
/// from a `LIVE SELECT` statement. The future holds the stream once the
/// session named the query.
future<live_stream> start_live(const std::shared_ptr<session_core>& core, value table,
                                    bool diff);
future<live_stream> start_live(const std::shared_ptr<session_core>& core,
                                    const std::string& sql, value::object vars);

} // namespace surrealcaf::detail
