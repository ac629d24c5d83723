#pragma once

// Test support (the surrealcaf_test_support library), not part of surrealcaf.

#include "logged_frame.hpp"

#include <string>
#include <vector>

namespace surrealcaf::test {

/// The HTTP side of a test server's control API (tests/server/control-api.mjs):
/// one synchronous request per call, answered with JSON.
///
/// Errors: throws `std::runtime_error` starting with `what` and naming the
/// path and the HTTP status (or the network error) when a call does not
/// succeed.
class control_http {
public:
  /// `base` is the control base, `http://127.0.0.1:<port>/control`; `what`
  /// names the server in errors, e.g. "fault proxy".
  control_http(std::string what, const std::string& base);

  /// The body of the server's 200 answer to `method` on `path` (under the base).
  std::string request(const char* method, const std::string& path) const;

  /// The frame log the server answers to GET `path`: `[{conn, method,
  /// session, id}, ...]`.
  std::vector<logged_frame> frame_log(const std::string& path) const;

  /// Throws the error of a failed `call`.
  [[noreturn]] void fail(const std::string& call, const std::string& why) const;

private:
  std::string what_;
  std::string host_;
  std::string port_;
  std::string base_; ///< the path prefix, `/control`
};

} // namespace surrealcaf::test
