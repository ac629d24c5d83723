#pragma once

// A blocking pool over a mock pool of two mock connections, opened through
// the faces' connect with a mock spawner, for the pool faces' unit tests.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connect_pool.hpp"

#include "pool_mocks.hpp"

namespace surrealcaf::test {

/// Two endpoints, one connection each, on a private runtime (so the pool's
/// end is seen on the thread that drops its last handle).
inline pool_options two_endpoints() {
  pool_options opts;
  opts.endpoints = {"ws://a", "ws://b"};
  opts.connection.request_timeout = std::chrono::seconds{5};
  opts.connection.transport.connect_timeout = std::chrono::milliseconds{100};
  opts.connection.private_runtime = true;
  return opts;
}

struct pool_faces_fixture {
  std::shared_ptr<pool_log> log = std::make_shared<pool_log>();
  blocking_connection_pool pool;

  explicit pool_faces_fixture(pool_options opts = two_endpoints())
    : pool(detail::connect_pool_blocking(std::move(opts), mock_pool_spawner(log))) {
  }
};

} // namespace surrealcaf::test
