#pragma once

#include <chrono>
#include <cstddef>
#include <optional>

#include "caf/fwd.hpp"

#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// What a session takes from its connection's `client_options`.
struct session_settings {
  /// The connection's request_timeout (zero: none): a `fork_session`,
  /// several calls in a row, starts no step after it has passed; it fails
  /// with `errc::timeout` then and the half-made fork is closed. A step under
  /// way has its own deadline, so a fork ends within twice this.
  std::chrono::milliseconds request_timeout{0};
  /// `client_options::token_refresh_margin` (zero: no refresh timer).
  std::chrono::milliseconds token_refresh_margin{0};
  /// Keep signin/signup credentials to sign in again on resume
  /// (`reconnect_options::keep_credentials`, with reconnect on).
  bool keep_credentials = false;
  /// `reconnect_options::max_waiting_calls`: the calls a session moving to
  /// another connection of its pool holds at most.
  size_t max_waiting_calls = 10'000;
  /// The connection belongs to a pool, so the session may move to another
  /// connection: it keeps each call's request until the call is answered,
  /// to send it there if its connection gives up before sending it.
  bool may_move = false;
};

/// Spawns the actor of one session of `conn`: `id` is its UUID, empty for
/// the connection's default session. Only the connection calls this: it
/// attaches the session on the server first and monitors it.
///
/// The session holds `conn` until it closes (by `close_atom` or the
/// connection's `shutdown_atom`), then drops it and answers every later call
/// locally with its close reason. On `lost_atom` and `resume_atom` it
/// replays itself on the connection's new socket; on `moving_atom` it holds
/// its calls until `rehome_atom` names its new connection
/// (docs/reliability.md).
session_internal spawn_session(caf::actor_system& sys, connection_internal conn,
                               std::optional<uuid> id, session_settings settings = {});

/// Why a connection ended, as its calls and sessions see it: `cause` itself
/// when it is an `errc::connection_closed` already, else an
/// `errc::connection_closed` that describes it.
caf::error connection_closed_by(caf::error cause);

} // namespace surrealcaf::detail
