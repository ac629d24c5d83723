#pragma once

// Where the integration tests find the server: tests/server/with-engine.mjs
// starts the embedded engine and exports its URL, or passes through a
// SURREALCAF_URL that points at an external `surreal start`.

#include "surrealcaf/endpoint.hpp"

#include "caf/test/unit_test.hpp"

#include <cstdlib>
#include <string>

namespace surrealcaf::test {

inline std::string engine_url() {
  const char* url = std::getenv("SURREALCAF_URL");
  if (url == nullptr)
    CAF_FAIL("SURREALCAF_URL is not set; run the test through ctest or "
             "tests/server/with-engine.mjs");
  return url;
}

inline endpoint engine_endpoint() {
  auto result = parse_endpoint(engine_url());
  if (!result)
    CAF_FAIL("SURREALCAF_URL is not a valid ws:// URL");
  return std::move(*result);
}

} // namespace surrealcaf::test
