#pragma once

#include <chrono>
#include <memory>

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/lifeline.hpp"
#include "surrealcaf/detail/runtime.hpp"

namespace surrealcaf::detail {

/// One connection as the faces see it: its actor, its runtime, the options
/// its calls and streams follow, and its lifeline.
///
/// For connections made by `connect` (`owned`), the destructor (the last
/// handle of the connection and its sessions going) closes the connection
/// and stops its actor; wrapped connections belong to the user and are left
/// alone.
class connection_core {
public:
  connection_core(std::shared_ptr<runtime> rt, connection_actor hdl, client_options opts,
                  bool owned)
    : rt_(std::move(rt)),
      hdl_(std::move(hdl)),
      opts_(std::move(opts)),
      owned_(owned),
      life_(std::make_shared<lifeline>(errc::connection_closed)) {
    if (owned_)
      rt_->sink().watch(hdl_);
  }

  ~connection_core() {
    if (!owned_)
      return;
    // The last handle is gone: nobody can use the connection any more. Close
    // it gracefully, then stop the actor: sessions keep their connection
    // alive, so it would not end by itself. It ends its sessions on exit.
    if (!life_->closed.exchange(true))
      caf::anon_send(hdl_, close_atom::value);
    caf::anon_send_exit(hdl_, caf::exit_reason::user_shutdown);
  }

  connection_core(const connection_core&) = delete;
  connection_core& operator=(const connection_core&) = delete;

  runtime& rt() const noexcept {
    return *rt_;
  }

  /// The runtime as a share: for what must keep the actor system alive
  /// without keeping the connection open (connection_events).
  const std::shared_ptr<runtime>& shared_rt() const noexcept {
    return rt_;
  }

  const connection_actor& handle() const noexcept {
    return hdl_;
  }

  std::chrono::milliseconds timeout() const noexcept {
    return opts_.request_timeout;
  }

  /// True when the connection actor ends every call at `timeout()` itself:
  /// it was made by `connect` with these options. A wrapped one keeps its
  /// own request_timeout, which may be none.
  bool keeps_deadlines() const noexcept {
    return owned_;
  }

  const client_options& options() const noexcept {
    return opts_;
  }

  const std::shared_ptr<lifeline>& life() const noexcept {
    return life_;
  }

private:
  std::shared_ptr<runtime> rt_;
  connection_actor hdl_;
  client_options opts_;
  bool owned_;
  std::shared_ptr<lifeline> life_;
};

} // namespace surrealcaf::detail
