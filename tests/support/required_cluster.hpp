#pragma once

// The test cluster of the cluster_* integration suites:
// tests/server/with-cluster.mjs starts it and exports its nodes' URLs in
// SURREALCAF_CLUSTER_URLS and its control API in SURREALCAF_CLUSTER.

#include "caf/test/unit_test.hpp"

#include "cluster.hpp"

#include <utility>

namespace surrealcaf::test {

inline cluster required_cluster() {
  auto nodes = cluster::from_env();
  if (!nodes)
    CAF_FAIL("SURREALCAF_CLUSTER or SURREALCAF_CLUSTER_URLS is not set; run the test "
             "through ctest or tests/server/with-cluster.mjs");
  return std::move(*nodes);
}

} // namespace surrealcaf::test
