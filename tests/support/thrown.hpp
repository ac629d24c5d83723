#pragma once

// Catching the exception a call under test throws.

#include <exception>
#include <string>
#include <utility>

#include "caf/test/unit_test.hpp"

namespace surrealcaf::test {

/// The `Exception` that `f` throws; fails the test (CAF_FAIL does not
/// return) if `f` throws nothing or something else.
template <class Exception, class F>
Exception thrown(F f) {
  try {
    f();
  } catch (const Exception& err) {
    return err;
  } catch (const std::exception& err) {
    CAF_FAIL("unexpected exception: " << err.what());
  }
  CAF_FAIL("no exception");
}

/// What the `Exception` that `f` throws says, as a string to compare.
template <class Exception, class F>
std::string thrown_text(F f) {
  return thrown<Exception>(std::move(f)).what();
}

} // namespace surrealcaf::test
