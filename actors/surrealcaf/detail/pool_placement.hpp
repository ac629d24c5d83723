#pragma once

// Where a pool puts a session: a pure function of its members' numbers, so
// the policy is tested without actors (the pool actor, pool_actor.cpp, asks
// it and acts on the answer).

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "caf/error.hpp"

#include "surrealcaf/pool_member.hpp"
#include "surrealcaf/pool_options.hpp"

namespace surrealcaf::detail {

/// True when the member's connection is open: `connected` or `resumed`.
bool is_healthy(const pool_member& m);

/// True when a new session may be placed on the member: healthy, or making
/// its first handshake (`connecting`, unopened lazy members included), where
/// the session's attach waits for the handshake as on a single connection.
bool takes_sessions(const pool_member& m);

/// What the pool does with one `new_session`.
struct placement_choice {
  enum kind_t {
    /// Place it on member `index` (opening it first if it is not opened).
    member,
    /// Every member that takes sessions is full: open a new member to
    /// `index` (an index into `pool_options::endpoints`) and place it there.
    open,
    /// Every member that takes sessions is full and no other may be opened:
    /// `when_full` decides.
    full,
    /// No member takes sessions now (all are reconnecting or lost), but one
    /// may come back: wait for it.
    unavailable,
    /// Every member is closed and none may be opened.
    closed,
    /// The user's `choose` named no member that takes sessions: `why`.
    refused,
  };
  kind_t kind = member;
  size_t index = 0;
  caf::error why;
};

/// Chooses the member of a new session by `opts` (`placement`, `choose`,
/// `max_sessions_per_connection`, `max_in_flight_per_connection`,
/// `max_connections`). In `members`, `sessions` counts the placements in
/// progress too. `in_flight` holds each member's calls in flight when
/// `max_in_flight_per_connection` is set (empty otherwise; missing entries
/// count as 0). `cursor` is the round-robin position, advanced past the
/// member chosen. `opened_beyond` counts the members opened beyond the
/// initial ones, which tells the endpoint of the next one (in turn).
placement_choice place_session(const std::vector<pool_member>& members,
                               const std::vector<size_t>& in_flight, const pool_options& opts,
                               size_t& cursor, size_t opened_beyond);

/// The member that should take over a session whose connection gave up:
/// the placement of `opts` among the healthy members not in `tried`,
/// ignoring every limit (better over-full than dropped). A `choose` that
/// names no such member gives the one with the fewest sessions instead.
/// None when no healthy member is left to ask.
std::optional<size_t> adoption_home(const std::vector<pool_member>& members,
                                    const std::set<size_t>& tried, const pool_options& opts,
                                    size_t& cursor);

} // namespace surrealcaf::detail
