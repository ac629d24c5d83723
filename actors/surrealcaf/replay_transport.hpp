#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "caf/actor.hpp"
#include "caf/error.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/replay_matcher.hpp"
#include "surrealcaf/recording.hpp"
#include "surrealcaf/value.hpp"

/// Plays the server's side of a recording (recorder.hpp) back to a real
/// connection, deterministically: under CAF's test coordinator, with no
/// network and no server. Next to `spawn_mock_connection`
/// (mock_transport.hpp), where the test writes the server's frames by hand.
///
/// The replay transport opens at once (the recorded `open`) and delivers the
/// server's events up to the first client event. Each frame the connection
/// writes is compared with the next recorded client frame, as decoded
/// values: request ids, UUIDs and secret placeholders are mapped one to one
/// (detail/replay_matcher.hpp), everything else must be equal. When it
/// matches, the server's events up to the next client event are delivered,
/// in order. When it does not, the replay stops: `mismatch()` names the
/// first differing frame, and the connection gets `(closed_atom,
/// errc::protocol_error)` with the same text, so calls fail instead of
/// waiting. The recording's timing is not reproduced: the replay answers as
/// soon as the client asks.
///
/// The connection must make the recorded calls in the recorded order; one
/// that makes them concurrently (several actors at once) replays only if
/// the test coordinator runs them in that order.
namespace surrealcaf::testing {

/// How a replay went. Shared by the test and the replay transport; meant for
/// the single-threaded test coordinator, so it has no locking. Read it after
/// `run()`.
class replay {
public:
  /// @cond internal
  explicit replay(recording rec);
  /// @endcond

  /// True once every recorded event was played and nothing differed.
  bool finished() const noexcept {
    return !mismatch_ && next_ == rec_.events.size();
  }

  /// The first difference, e.g. "replay: frame 7 (line 8, client) differs
  /// at params[0]: expected 'RETURN 1', got 'RETURN 2'; expected frame {
  /// ... }, got frame { ... }"; nothing while the client follows the
  /// recording. Secrets read as placeholders on both sides.
  const std::optional<std::string>& mismatch() const noexcept {
    return mismatch_;
  }

  /// The 1-based number (`n` in the file) of the first differing event;
  /// 0 without a mismatch.
  size_t mismatch_frame() const noexcept {
    return mismatch_frame_;
  }

  /// Recorded events not played yet.
  size_t unplayed() const noexcept {
    return rec_.events.size() - next_;
  }

  /// None when `finished()`; otherwise `errc::protocol_error` naming the
  /// mismatch, or how many recorded events are left unplayed and the next
  /// one ("replay: the client stopped early: 4 of 20 recorded events left
  /// unplayed, the next is frame 17 (line 18, client) { ... }").
  caf::error outcome() const;

  /// Every frame the client wrote, decoded, in order (as the client wrote
  /// them: with the client's own ids, UUIDs and secrets).
  const std::vector<value>& sent() const noexcept {
    return sent_;
  }

  /// The recording being played.
  const recording& played() const noexcept {
    return rec_;
  }

  /// @cond internal
  // Called by the replay transport, inside the connection actor.
  bool attach(caf::actor owner);
  void client_frame(const bytes& frame);
  void client_close();
  /// @endcond

private:
  void advance();
  void fail(std::string text);
  std::string describe_event(size_t index) const;
  template <class... Ts>
  void deliver(Ts&&... xs);

  recording rec_;
  std::string subprotocol_;
  size_t next_ = 0;
  bool attached_ = false;
  bool ended_ = false;
  caf::weak_actor_ptr owner_;
  detail::replay_matcher matcher_;
  std::vector<value> sent_;
  std::optional<std::string> mismatch_;
  size_t mismatch_frame_ = 0;
};

/// A connection whose transport replays a recording, and how the replay
/// went.
struct replay_connection {
  /// The connection, as the code under test holds it.
  connection_actor connection;
  /// The replay's outcome; read it after `run()`.
  std::shared_ptr<testing::replay> replay;
};

/// `spawn_connection` on a transport that plays `rec` back. Of `opts`,
/// `transport.subprotocol` is set to the recording's, and reconnect, the
/// keep-alive and call deadlines are turned off: a recording holds one
/// socket and no pings, and under the test coordinator's `run()` every
/// timer would fire at once. A second transport (which only a reconnect
/// would ask for) is refused. Call from the test; like any connection it
/// runs until closed, so close it at the end of the test. The replay lives
/// as long as the connection or the returned handle.
replay_connection spawn_replay_connection(caf::actor_system& sys, recording rec,
                                          client_options opts = {});

} // namespace surrealcaf::testing
