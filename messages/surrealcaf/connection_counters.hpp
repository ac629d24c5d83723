#pragma once

#include <cstddef>
#include <cstdint>

namespace surrealcaf {

/// Incoming frames a connection dropped, by reason. None of them completed a
/// call or reached a session.
struct dropped_frames {
  /// Bytes that did not decode (not one valid CBOR value or JSON document,
  /// or nested too deep) and named no call in flight.
  uint64_t undecodable = 0;
  /// Frames that broke the protocol without naming a call in flight.
  uint64_t invalid = 0;
  /// Success replies to no call in flight: most often a reply that came
  /// after its call timed out.
  uint64_t stray_replies = 0;
  /// Error replies to no call in flight, or without an id at all.
  uint64_t uncorrelated_errors = 0;
  /// Late successes of timed-out `begin`, `live` or `attach` calls, which
  /// the connection undid (cancel, kill, detach) because nobody waits for
  /// them.
  uint64_t late_results = 0;
  /// Live query notifications for a session that is gone (or never was).
  uint64_t unrouted_notifications = 0;

  /// The sum of all reasons.
  uint64_t total() const noexcept {
    return undecodable + invalid + stray_replies + uncorrelated_errors + late_results
           + unrouted_notifications;
  }
};

/// What one connection did since it was opened, as counted by the
/// connection itself. The totals only grow; `in_flight` and `waiting` are
/// the current numbers. The connection's own calls (keep-alive `ping`,
/// detaching a dead session, undoing a late result) are counted too.
struct connection_counters {
  /// Calls written on the socket whose reply has not come yet.
  size_t in_flight = 0;
  /// Calls waiting for a reconnect (made while the socket was down, or
  /// before their session was resumed on the new one).
  size_t waiting = 0;
  /// Requests written on the socket (on every socket the connection had).
  uint64_t sent = 0;
  /// Calls the server answered, with a result or with an error.
  uint64_t answered = 0;
  /// Of `answered`, those answered with an error (or with a reply that did
  /// not decode).
  uint64_t answered_with_error = 0;
  /// Calls that ended at their deadline (`client_options::request_timeout`)
  /// without a reply, in flight or while waiting for a reconnect.
  uint64_t timed_out = 0;
  /// Calls in flight when the socket was lost (`errc::connection_lost`).
  uint64_t lost = 0;
  /// Incoming frames dropped, by reason.
  dropped_frames dropped;
};

} // namespace surrealcaf
