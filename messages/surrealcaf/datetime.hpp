#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace surrealcaf {

/// A point in time as SurrealDB stores it: seconds since 1970-01-01T00:00:00Z
/// plus nanoseconds. Seconds cover the full int64 range (far before 1970 and
/// after 9999), unlike `time_t`-based types.
/// Invariant: `nanos < 1'000'000'000`; `seconds` may be negative (pre-1970;
/// the nanoseconds still count forward from that second).
struct datetime {
  int64_t seconds = 0; ///< Seconds since the Unix epoch, UTC.
  uint32_t nanos = 0;  ///< Nanoseconds after that second, below one second.

  /// From a system clock time point (nanosecond precision).
  static datetime from(std::chrono::system_clock::time_point tp);

  /// To a system clock time point. Precondition: the value fits the clock's
  /// range (about ±292 years around 1970 with nanosecond ticks); values
  /// outside it saturate at the clock's min or max rather than overflow.
  std::chrono::system_clock::time_point to_time_point() const;

  /// The fields, most significant first: values compare as these do.
  auto tie() const { return std::tie(seconds, nanos); }

  // Hidden friends rather than templates: no generic operator template
  // (`std::rel_ops`, a user's own) can make them ambiguous.
  /// Compare as `tie()` does: `<` is earlier.
  ///@{
  friend bool operator==(const datetime& a, const datetime& b) { return a.tie() == b.tie(); }
  friend bool operator!=(const datetime& a, const datetime& b) { return a.tie() != b.tie(); }
  friend bool operator<(const datetime& a, const datetime& b) { return a.tie() < b.tie(); }
  ///@}
};

/// RFC 3339 in UTC with as many fraction digits as needed (none, 3, 6 or 9):
/// `2026-01-01T00:00:00Z`, `1969-12-31T23:59:59.500Z`. Years outside 0..9999
/// get a sign and at least 4 digits (`-0044-03-15T00:00:00Z`, `+10000-...`).
std::string to_string(const datetime& x);

/// Parses RFC 3339 (`2026-01-01T10:00:00.123+02:00`, `...Z`) with 1 to 9
/// fraction digits, also the signed and extended years `to_string` writes.
/// Returns nothing on malformed text, impossible dates and times (Feb 30,
/// hour 24, leap second `:60`) and instants outside the int64 seconds range.
std::optional<datetime> parse_datetime(std::string_view text);

} // namespace surrealcaf
