#pragma once

// The blocking face through the fault proxy with reconnect on, for the
// faults_* suites: short backoff so an outage costs well under a second, and
// a connection's state events read with a deadline.

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "root_user.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace surrealcaf::test {

/// Reconnects within a second: 50 ms first wait, 500 ms at most. Calls
/// still get a generous deadline; the tests measure what they care about.
inline client_options fast_reconnect() {
  using namespace std::chrono_literals;
  client_options opts;
  opts.reconnect.initial_delay = 50ms;
  opts.reconnect.max_delay = 500ms;
  opts.request_timeout = 10s;
  return opts;
}

/// Connects through the proxy (SURREALCAF_URL) and signs the default session
/// in as root; a failure fails the test.
inline blocking_connection connect_proxied(client_options opts = fast_reconnect()) {
  try {
    auto conn = blocking_connection::connect(engine_url(), std::move(opts));
    conn.default_session().signin(root_user());
    return conn;
  } catch (const surreal_error& err) {
    CAF_FAIL("cannot connect and sign in: " << err.what());
  }
  return {};
}

/// The events `events` delivers up to and including the first in state
/// `last`; fails the test if that does not come within `timeout`.
inline std::vector<connection_event>
events_until(connection_events& events, connection_state last,
             std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  std::vector<connection_event> seen;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    auto ev = left.count() > 0 ? events.next(left) : std::nullopt;
    if (!ev) {
      std::string states;
      for (auto& x : seen)
        states += std::string{" "} + to_string(x.state);
      CAF_FAIL("no " << to_string(last) << " event within " << timeout.count()
                     << " ms; seen:" << states);
    }
    seen.push_back(*ev);
    if (ev->state == last)
      return seen;
  }
}

/// The states of `events`, in order.
inline std::vector<connection_state> states_of(const std::vector<connection_event>& events) {
  std::vector<connection_state> result;
  for (auto& ev : events)
    result.push_back(ev.state);
  return result;
}

} // namespace surrealcaf::test
