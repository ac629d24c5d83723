#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "surrealcaf/rpc/server_error.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// What kind of statement produced a query result.
enum class query_type : uint8_t {
  none, ///< An ordinary statement (the server sends NONE or NULL).
  live, ///< `LIVE SELECT`: `result` is the new live query's UUID.
  kill, ///< `KILL`.
};

/// The type as the server spells it: "none", "live", "kill".
const char* to_string(query_type x);

/// The outcome of one statement of a `query` call (docs/protocol.md §2.4). A
/// statement can fail while the call itself succeeds.
struct query_result {
  /// The statement's result; NONE when it failed.
  value result;
  /// The statement's error (message, kind, details; no code), when its
  /// status was "ERR".
  std::optional<server_error> error;
  /// The execution time as the server wrote it (Rust's Debug format of a
  /// Duration, e.g. "152.708µs", "1.2ms"); empty if it sent none.
  std::string time;
  /// The statement's kind as the server reported it (`type`).
  query_type type = query_type::none;

  /// True unless the statement failed.
  bool ok() const noexcept { return !error; }
};

/// Reads the `result` of a `query` call: an array with one
/// `{status, time, type, result, kind?, details?}` map per statement.
/// Takes the value by value so statement results move out without a copy.
///
/// Errors: `errc::protocol_error` naming the statement index and the problem
/// when the value is not an array, an entry is not a map, `status` is not
/// "OK" or "ERR", `result` is missing, an ERR `result` is not text, `time` is
/// present but not text, or `type` is not NONE/NULL/"live"/"kill". A missing
/// `time` or `type` is accepted (older servers).
caf::expected<std::vector<query_result>> parse_query_results(value results);

} // namespace surrealcaf::rpc

namespace surrealcaf {

/// The per-statement results of one `query` call.
using query_results = std::vector<rpc::query_result>;

} // namespace surrealcaf
