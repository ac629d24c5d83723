#pragma once

// Test support (the surrealcaf_test_support library), not part of surrealcaf.

#include <cstdint>
#include <optional>
#include <string>

namespace surrealcaf::test {

/// One client→server frame as a test server logged it on arrival (the fault
/// proxy's log, a cluster node's log): never its params.
struct logged_frame {
  int conn = 0;                       ///< the client socket, numbered 1, 2, ... in accept order
  std::string method;                 ///< the top-level `method` text; empty when absent
  std::optional<std::string> session; ///< the top-level `session` UUID, lower case
  std::optional<int64_t> id;          ///< the request id, when it is a plain integer
};

} // namespace surrealcaf::test
