#include "surrealcaf/detail/pool_placement.hpp"

#include <string>

#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

bool is_healthy(const pool_member& m) {
  return m.opened
         && (m.state == connection_state::connected || m.state == connection_state::resumed);
}

bool takes_sessions(const pool_member& m) {
  return is_healthy(m) || m.state == connection_state::connecting;
}

namespace {

bool is_full(const std::vector<pool_member>& members, const std::vector<size_t>& in_flight,
             const pool_options& opts, size_t i) {
  if (opts.max_sessions_per_connection > 0
      && members[i].sessions >= opts.max_sessions_per_connection)
    return true;
  return opts.max_in_flight_per_connection > 0 && i < in_flight.size()
         && in_flight[i] >= opts.max_in_flight_per_connection;
}

// The fewest sessions among the members `ok` accepts, the first of equals.
template <class Pred>
std::optional<size_t> least_sessions(const std::vector<pool_member>& members, Pred ok) {
  std::optional<size_t> best;
  for (size_t i = 0; i < members.size(); ++i)
    if (ok(i) && (!best || members[i].sessions < members[*best].sessions))
      best = i;
  return best;
}

// The next member `ok` accepts from `cursor` on, which then moves past it.
template <class Pred>
std::optional<size_t> next_in_turn(size_t count, size_t& cursor, Pred ok) {
  for (size_t k = 0; k < count; ++k) {
    auto i = (cursor + k) % count;
    if (ok(i)) {
      cursor = i + 1;
      return i;
    }
  }
  return std::nullopt;
}

template <class Pred>
std::optional<size_t> by_policy(const std::vector<pool_member>& members, const pool_options& opts,
                                size_t& cursor, Pred ok) {
  if (opts.placement == placement::round_robin)
    return next_in_turn(members.size(), cursor, ok);
  return least_sessions(members, ok);
}

} // namespace

placement_choice place_session(const std::vector<pool_member>& members,
                               const std::vector<size_t>& in_flight, const pool_options& opts,
                               size_t& cursor, size_t opened_beyond) {
  placement_choice result;
  bool any_takes = false;
  size_t open_now = 0;
  bool any_alive = false;
  for (auto& m : members) {
    any_takes = any_takes || takes_sessions(m);
    any_alive = any_alive || m.state != connection_state::closed;
    if (m.opened && m.state != connection_state::closed)
      ++open_now;
  }
  auto usable = [&](size_t i) {
    return takes_sessions(members[i]) && !is_full(members, in_flight, opts, i);
  };
  if (any_takes) {
    if (opts.choose) {
      auto i = opts.choose(members);
      if (i >= members.size() || !takes_sessions(members[i])) {
        result.kind = placement_choice::refused;
        result.why = make_error(errc::invalid_argument,
                                "the pool's choose returned " + std::to_string(i)
                                  + ", which is not a connection that takes sessions (of "
                                  + std::to_string(members.size()) + " connections)");
        return result;
      }
      // The user's choice, unless it is full: then the pool is full.
      if (!is_full(members, in_flight, opts, i)) {
        result.index = i;
        return result;
      }
    } else if (auto i = by_policy(members, opts, cursor, usable)) {
      result.index = *i;
      return result;
    }
  }
  if (opts.max_connections > open_now && !opts.endpoints.empty()) {
    result.kind = placement_choice::open;
    result.index = opened_beyond % opts.endpoints.size();
    return result;
  }
  if (any_takes)
    result.kind = placement_choice::full;
  else if (any_alive)
    result.kind = placement_choice::unavailable;
  else
    result.kind = placement_choice::closed;
  return result;
}

std::optional<size_t> adoption_home(const std::vector<pool_member>& members,
                                    const std::set<size_t>& tried, const pool_options& opts,
                                    size_t& cursor) {
  auto eligible = [&](size_t i) { return is_healthy(members[i]) && tried.count(i) == 0; };
  if (opts.choose) {
    auto i = opts.choose(members);
    if (i < members.size() && eligible(i))
      return i;
    return least_sessions(members, eligible);
  }
  return by_policy(members, opts, cursor, eligible);
}

} // namespace surrealcaf::detail
