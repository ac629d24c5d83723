#pragma once

// Test support (the surrealcaf_test_support library), not part of surrealcaf.

#include "control_http.hpp"
#include "logged_frame.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace surrealcaf::test {

/// One node of the cluster as its control API lists it.
struct cluster_node {
  std::string url;      ///< its ws:// URL, the same after a restart
  bool running = false; ///< false once stopped, until started again
  int open = 0;         ///< client sockets open on it now
  int accepted = 0;     ///< client sockets it accepted so far, restarts included
};

/// The test cluster of tests/server/cluster.mjs, for the connection pool's
/// failover tests: several nodes (ports) over one storage, each with its own
/// sockets and so its own sessions. tests/server/with-cluster.mjs starts it
/// and sets SURREALCAF_CLUSTER_URLS and SURREALCAF_CLUSTER. Nodes are
/// numbered from 0, in the order of SURREALCAF_CLUSTER_URLS. Each call is one
/// synchronous HTTP request that returns once the cluster has done it.
///
/// Thread safety: none needed; every call opens its own connection.
/// Errors: throws `std::runtime_error` naming the path and the HTTP status
/// (or the network error) when a call does not succeed: 404 for a node that
/// does not exist, 409 for stopping a stopped node or starting a running one.
class cluster {
public:
  /// `control` is the control base, `http://127.0.0.1:<port>/control`;
  /// `urls` the nodes' ws:// URLs.
  cluster(const std::string& control, std::vector<std::string> urls);

  /// The cluster named by SURREALCAF_CLUSTER and SURREALCAF_CLUSTER_URLS,
  /// or none when either is not set.
  static std::optional<cluster> from_env();

  /// The nodes' ws:// URLs.
  const std::vector<std::string>& urls() const noexcept {
    return urls_;
  }

  /// Node `i`'s ws:// URL; throws `std::out_of_range` for a node that does not exist.
  const std::string& url(std::size_t i) const {
    return urls_.at(i);
  }

  /// How many nodes there are.
  std::size_t size() const noexcept {
    return urls_.size();
  }

  /// Stops node `i`: cuts every client socket on it at once (TCP ends, no
  /// close frame) and closes its port, so connecting to it is refused.
  /// Returns once what those sockets owned (sessions, transactions) is
  /// released; returns how many sockets were open.
  int stop(std::size_t i);

  /// Starts node `i` again on the same port.
  void start(std::size_t i);

  /// Starts every stopped node (what a test's cleanup calls).
  void start_all();

  /// The state of every node, as the control API lists them.
  std::vector<cluster_node> nodes();

  /// The client frames node `i` received since the start or the last
  /// `clear(i)`, in arrival order: method, session and id, never params.
  /// `conn` numbers node `i`'s sockets in accept order.
  std::vector<logged_frame> frames(std::size_t i);

  /// Empties node `i`'s frame log.
  void clear(std::size_t i);

  /// Empties every node's frame log.
  void clear_all();

private:
  std::string node_path(std::size_t i, const char* tail) const;

  control_http http_;
  std::vector<std::string> urls_;
};

} // namespace surrealcaf::test
