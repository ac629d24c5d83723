#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/pool_member.hpp"

namespace surrealcaf {

/// How a pool chooses the connection of a new session.
enum class placement : uint8_t {
  /// The healthy connection with the fewest sessions; the first of equals.
  least_sessions,
  /// The healthy connections in turn.
  round_robin,
};

/// What `new_session` does when every healthy connection holds
/// `max_sessions_per_connection` sessions and `max_connections` are open.
enum class when_full : uint8_t {
  /// Fails at once with `errc::pool_full`; nothing is sent.
  fail,
  /// Waits until a session closes (or a connection is freed), at most
  /// `client_options::request_timeout`, then fails with `errc::timeout`.
  wait,
};

/// A pool of connections (`spawn_pool`, `basic_connection_pool::connect`).
/// Plain data; checked when the pool is made (`errc::invalid_argument`).
struct pool_options {
  /// The servers, each `ws://host[:port][/path]` or `wss://...`: nodes of
  /// one cluster (they share their storage), or one server. At least one.
  std::vector<std::string> endpoints;
  /// Connections opened to each endpoint; at least 1. 2 endpoints and 2
  /// per endpoint are 4 connections, in the order a, a, b, b.
  size_t connections_per_endpoint = 1;
  /// True: every connection opens when the pool is made. False: each opens
  /// when a session is first placed on it.
  bool eager = true;
  /// How `new_session` chooses among the healthy connections that are not
  /// full, unless `choose` is set.
  surrealcaf::placement placement = placement::least_sessions;
  /// The user's placement: given the members (`pool_member`, in the pool's
  /// order), returns the index of the connection for the new session. It
  /// runs in the pool's actor: quick, no blocking, no throwing. An index
  /// out of range, or of a connection that is not healthy, fails the
  /// `new_session` with `errc::invalid_argument`.
  std::function<size_t(const std::vector<pool_member>&)> choose;
  /// Sessions on one connection beyond which it is full; 0: no limit.
  size_t max_sessions_per_connection = 0;
  /// A connection with this many calls in flight is full for placement; 0:
  /// no limit.
  size_t max_in_flight_per_connection = 0;
  /// Connections the pool may have open at once, opening more (to the
  /// endpoints in turn) when all are full; 0: the initial ones only.
  size_t max_connections = 0;
  /// What `new_session` does when the pool is full.
  surrealcaf::when_full when_full = when_full::fail;
  /// Every connection's options. A connection's sessions move to another
  /// connection only once it gives up reconnecting (`connection.reconnect`),
  /// so its policy decides how long a lost node is waited for.
  client_options connection;
};

} // namespace surrealcaf
