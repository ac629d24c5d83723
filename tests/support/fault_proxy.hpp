#pragma once

// Test support (the surrealcaf_test_support library), not part of surrealcaf.

#include "control_http.hpp"
#include "logged_frame.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace surrealcaf::test {

/// Client sockets the proxy has seen.
struct proxy_stats {
  int open = 0;
  int accepted = 0;
  int refused = 0;
};

/// The control API of tests/server/fault-proxy.mjs, which stands between the
/// client and the engine for the faults_* and restart_* integration suites
/// (tests/server/with-fault-proxy.mjs starts it and sets SURREALCAF_PROXY).
/// Each call is one synchronous HTTP request that returns once the proxy has
/// done it.
///
/// Thread safety: none needed; every call opens its own connection.
/// Errors: throws `std::runtime_error` naming the path and the HTTP status
/// (or the network error) when a call does not succeed.
class fault_proxy {
public:
  /// `control` is the control base, `http://127.0.0.1:<port>/control`.
  explicit fault_proxy(const std::string& control);

  /// The proxy named by SURREALCAF_PROXY, or none when it is not set.
  static std::optional<fault_proxy> from_env();

  /// Cuts every client socket at once (TCP ends, no close frame) and its
  /// upstream; returns how many were open.
  int drop();

  /// Sends every client a close frame (1001, going away); returns how many.
  int close_all();

  /// Holds every frame in both directions until `unstall()`.
  void stall();
  void unstall();

  /// Delays every forwarded frame by `ms`, keeping their order; 0 turns it off.
  void delay(std::chrono::milliseconds ms);

  /// The next server→client frame arrives cut in half, then TCP ends.
  void cut();

  /// Refuses the next `n` WebSocket upgrades (TCP ends without an answer).
  void refuse(int n);

  /// Kills the engine process (SIGKILL) and waits until it is gone.
  void kill_engine();

  /// Starts the engine again on the same port; returns how long that took.
  std::chrono::milliseconds start_engine();

  /// Every client→server frame since the start or the last `clear_log()`.
  std::vector<logged_frame> log();
  void clear_log();

  proxy_stats stats();

private:
  /// The body of the proxy's 200 answer to `method` on `path` (under the base).
  std::string request(const char* method, const std::string& path) const;

  control_http http_;
};

} // namespace surrealcaf::test
