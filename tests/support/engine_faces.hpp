#pragma once

// The blocking face connected to the real engine, for the faces' integration
// tests.

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"

namespace surrealcaf::test {

/// Connects to the engine; a failure fails the test (CAF's runner would not
/// catch the exception).
inline blocking_connection connect_engine() {
  try {
    return blocking_connection::connect(engine_url());
  } catch (const surreal_error& err) {
    CAF_FAIL("cannot connect: " << err.what());
  }
  return {};
}

} // namespace surrealcaf::test
