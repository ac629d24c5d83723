#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

namespace surrealcaf {

/// What a connection does when its open socket is lost (the server closed
/// it, the network dropped it, the peer went silent): `client_options::
/// reconnect`. docs/reliability.md tells the whole story. Plain data.
///
/// With `enabled`, calls in flight fail at once with `errc::connection_lost`
/// and the connection opens a new socket to the same URL, waiting
/// `initial_delay`, then each time `multiplier` times longer up to
/// `max_delay`, each wait shifted at random by up to `jitter` of itself (so
/// many clients do not come back at the same instant). On the new socket
/// every session is resumed before any of its waiting calls is sent:
/// `attach` with its UUID, its authentication, `use`, `let`, its live
/// queries. It gives up after `max_attempts` failed attempts or once
/// `give_up_after` passed since the loss, whichever comes first; the
/// connection then closes as without reconnect (`errc::connection_closed`).
///
/// Only a socket that was open is reconnected: a first connect that fails
/// reports `errc::connect_failed` at once. `close()` never reconnects.
struct reconnect_options {
  /// Off: a lost socket closes the connection and every session
  /// (`errc::connection_closed`), as `close()` does.
  bool enabled = true;
  /// The wait before the first attempt. Positive.
  std::chrono::milliseconds initial_delay{100};
  /// The longest wait between two attempts (before jitter). Not below
  /// `initial_delay`.
  std::chrono::milliseconds max_delay{5'000};
  /// How much longer each wait is than the one before. At least 1.
  double multiplier = 2.0;
  /// Each wait is shifted by a random amount within ±`jitter` of itself.
  /// Between 0 and 1.
  double jitter = 0.2;
  /// Failed attempts after which the connection gives up; 0: no limit.
  uint32_t max_attempts = 0;
  /// Time since the loss after which no new attempt starts; 0: no limit.
  std::chrono::milliseconds give_up_after{300'000};
  /// Calls that may wait for the reconnect at most, over all sessions; one
  /// more fails at once with `errc::connection_lost`. Each waiting call still
  /// ends with `errc::timeout` when `request_timeout` passes. Positive.
  size_t max_waiting_calls = 10'000;
  /// Keep each session's `signin`/`signup` credentials (in memory only,
  /// never logged or shown in errors) to sign in again when its token cannot
  /// be renewed on resume. Off: such a session reports `signin_required`.
  bool keep_credentials = false;
};

} // namespace surrealcaf
