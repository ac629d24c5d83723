#pragma once

// An owner for a transport under test: a real actor system and a
// scoped_actor that receives what the transport reports. The transport's
// messages are plain messages, not responses, so the scoped_actor's own
// receive() matches them.

#include "surrealcaf/detail/transport_atoms.hpp"
#include "surrealcaf/detail/enum_names.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/transport.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/test/unit_test.hpp"

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "contains.hpp"

namespace surrealcaf::test {

/// One report from a transport, or `nothing` when none came in time.
struct transport_event {
  enum kind_t { nothing, open, frame, closed } kind = nothing;
  std::string subprotocol;
  std::vector<uint8_t> bytes;
  caf::error reason;
};

inline std::string to_string(transport_event::kind_t x) {
  static constexpr detail::enum_names<transport_event::nothing, transport_event::closed> names{
    "nothing", "open", "frame", "closed"};
  return names.name_or(x, "?");
}

class transport_probe {
public:
  transport_probe() : sys_(cfg_), self_(sys_) {}

  caf::actor_system& system() { return sys_; }

  caf::actor owner() { return caf::actor_cast<caf::actor>(self_); }

  std::unique_ptr<transport> connect(endpoint where, transport_options opts = {}) {
    return make_websocket_transport(std::move(where), std::move(opts), owner());
  }

  /// The next report, or `nothing` after `timeout`.
  transport_event next(std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
    transport_event ev;
    self_->receive(
      [&](open_atom, std::string subprotocol) {
        ev.kind = transport_event::open;
        ev.subprotocol = std::move(subprotocol);
      },
      [&](frame_atom, std::vector<uint8_t> bytes) {
        ev.kind = transport_event::frame;
        ev.bytes = std::move(bytes);
      },
      [&](closed_atom, caf::error reason) {
        ev.kind = transport_event::closed;
        ev.reason = std::move(reason);
      },
      caf::after(timeout) >> [] {});
    return ev;
  }

  /// Fails the test unless the next report is `open`; returns the subprotocol.
  std::string expect_open() {
    auto ev = next();
    if (ev.kind != transport_event::open)
      CAF_FAIL("expected open, got " << to_string(ev.kind) << " " << describe(ev.reason));
    return ev.subprotocol;
  }

  /// Fails the test unless the next report is a frame; returns its bytes.
  std::vector<uint8_t> expect_frame() {
    auto ev = next();
    if (ev.kind != transport_event::frame)
      CAF_FAIL("expected a frame, got " << to_string(ev.kind) << " " << describe(ev.reason));
    return std::move(ev.bytes);
  }

  /// Fails the test unless the next report is `closed`; returns the reason.
  caf::error expect_closed() {
    auto ev = next();
    if (ev.kind != transport_event::closed)
      CAF_FAIL("expected closed, got " << to_string(ev.kind));
    return std::move(ev.reason);
  }

  /// Fails the test unless the next report is `closed` with `code`; returns
  /// the readable reason.
  std::string expect_failure(errc code) {
    auto reason = expect_closed();
    CAF_CHECK_EQUAL(reason, make_error(code));
    return describe(reason);
  }

  /// Drops the reports already in the mailbox; returns how many there were.
  size_t drain() {
    size_t n = 0;
    while (next(std::chrono::milliseconds{0}).kind != transport_event::nothing)
      ++n;
    return n;
  }

private:
  caf::actor_system_config cfg_;
  caf::actor_system sys_;
  caf::scoped_actor self_;
};

} // namespace surrealcaf::test
