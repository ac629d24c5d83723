#pragma once

// Catching the surreal_error a face call throws, for the faces' unit and
// integration tests.

#include <utility>

#include "surrealcaf/exception.hpp"

#include "thrown.hpp"

namespace surrealcaf::test {

/// The surreal_error `f` throws; fails the test if it throws nothing or
/// something else.
template <class F>
surreal_error error_of(F f) {
  return thrown<surreal_error>(std::move(f));
}

} // namespace surrealcaf::test
