#pragma once

// Namespace and database names for integration tests. The server may be a
// long-lived one that earlier runs already wrote to (SURREALCAF_URL), so every
// name carries this run's id (process id and start time): a second run never
// finds the records, users or access methods of the first.

#include <chrono>
#include <string>

#include <unistd.h>

namespace surrealcaf::test {

/// `<pid>_<milliseconds since the epoch>`, fixed for the life of the process.
inline const std::string& run_id() {
  static const std::string id = [] {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
    return std::to_string(::getpid()) + "_" + std::to_string(ms);
  }();
  return id;
}

/// `<prefix>_<run id>`: the same name throughout one run, another in the next.
/// A valid SurrealQL identifier when `prefix` starts with a letter.
inline std::string run_name(const std::string& prefix) {
  return prefix + "_" + run_id();
}

/// `<prefix>_<run id>_<n>` with an n no earlier call of this run has returned.
inline std::string fresh_database(const std::string& prefix = "db") {
  static int databases = 0;
  return run_name(prefix) + "_" + std::to_string(++databases);
}

} // namespace surrealcaf::test
