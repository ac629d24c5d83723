#pragma once

// Where the hostile-server tests find their server: tests/server/hostile/
// with-hostile.mjs starts it and exports its base URL; a test appends the
// scenario's path (tests/server/hostile/README.md).

#include "caf/test/unit_test.hpp"

#include <cstdlib>
#include <string>

namespace surrealcaf::test {

inline std::string hostile_url(const std::string& scenario) {
  const char* base = std::getenv("SURREALCAF_HOSTILE_URL");
  if (base == nullptr)
    CAF_FAIL("SURREALCAF_HOSTILE_URL is not set; run the test through ctest or "
             "tests/server/hostile/with-hostile.mjs");
  return std::string{base} + "/" + scenario;
}

} // namespace surrealcaf::test
