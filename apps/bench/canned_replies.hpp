#pragma once

// The canned bench server's fixed answers: one encoded `result` per method
// (and, for `query`, per statement keyword), built once at start-up.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "request_peek.hpp"

namespace surrealcaf::bench {

class canned_replies {
public:
  canned_replies();

  /// Appends the whole reply frame for `req` to `out`: `{id, result,
  /// session?}`, with `id` and `session` copied from the request.
  void reply(const request_view& req, std::vector<uint8_t>& out) const;

private:
  const std::string& result_of(const request_view& req) const;

  std::unordered_map<std::string_view, std::string> by_method_;
  std::string none_;
  std::string query_return_;
  std::string query_select_;
  std::string query_create_;
};

} // namespace surrealcaf::bench
