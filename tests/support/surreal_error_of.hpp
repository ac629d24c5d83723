#pragma once

// Catching the surreal_error a face call throws, for the faces' unit and
// integration tests.

#include "surrealcaf/exception.hpp"

#include "caf/test/unit_test.hpp"

#include <exception>
#include <optional>

namespace surrealcaf::test {

/// The surreal_error `f` throws; fails the test if it throws nothing or
/// something else.
template <class F>
std::optional<surreal_error> error_of(F f) {
  try {
    f();
  } catch (const surreal_error& err) {
    return err;
  } catch (const std::exception& err) {
    CAF_FAIL("unexpected exception: " << err.what());
  }
  CAF_FAIL("no exception");
  return std::nullopt;
}

} // namespace surrealcaf::test
