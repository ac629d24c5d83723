#pragma once

// The fault proxy for one test of a faults_* suite. The suite's tests share
// the proxy, so whatever a test left set (a stall, a delay, refusals it did
// not use up) is undone when it ends, passed or failed.

#include "fault_proxy.hpp"
#include "required_fault_proxy.hpp"

#include <chrono>

namespace surrealcaf::test {

struct fault_fixture {
  fault_proxy proxy = required_fault_proxy();

  ~fault_fixture() {
    try {
      proxy.unstall();
      proxy.delay(std::chrono::milliseconds{0});
      proxy.refuse(0);
    } catch (...) {
      // A proxy that is gone fails the next test's calls anyway.
    }
  }
};

} // namespace surrealcaf::test
