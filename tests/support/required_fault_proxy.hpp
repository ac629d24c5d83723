#pragma once

// The fault proxy of the faults_* and restart_* integration suites:
// tests/server/with-fault-proxy.mjs starts it in front of the engine and
// exports its control API in SURREALCAF_PROXY.

#include "caf/test/unit_test.hpp"

#include "fault_proxy.hpp"

#include <utility>

namespace surrealcaf::test {

inline fault_proxy required_fault_proxy() {
  auto proxy = fault_proxy::from_env();
  if (!proxy)
    CAF_FAIL("SURREALCAF_PROXY is not set; run the test through ctest or "
             "tests/server/with-fault-proxy.mjs");
  return std::move(*proxy);
}

} // namespace surrealcaf::test
