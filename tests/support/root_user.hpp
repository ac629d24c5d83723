#pragma once

// The root user every integration test signs in as before it touches data:
// the test front started with --auth (as CTest does) and `surreal start
// --user root --pass root` both have it, and refuse anonymous data access.

#include "surrealcaf/credentials.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::test {

inline root_credentials root_user() {
  return root_credentials{"root", "root"};
}

/// The same credentials as raw `signin` parameters.
inline value root_signin_params() {
  return value::object{{"user", "root"}, {"pass", "root"}};
}

} // namespace surrealcaf::test
