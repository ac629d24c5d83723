#pragma once

// Database names for integration tests: the engine lives as long as the test
// binary, so each test takes a database no other test has used and sees no
// records but its own.

#include <string>

namespace surrealcaf::test {

/// `<prefix><n>` with an n no earlier call of this run has returned.
inline std::string fresh_database(const std::string& prefix = "db") {
  static int databases = 0;
  return prefix + std::to_string(++databases);
}

} // namespace surrealcaf::test
