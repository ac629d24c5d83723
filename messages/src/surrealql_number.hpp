#pragma once

// SurrealQL number and duration literals, as the record-id reader
// (record_id_parse.cpp) meets them inside array and object keys.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// How far a literal reached, or where and why it is refused.
struct literal_scan {
  size_t end = 0;      ///< Just past the literal, when read.
  size_t error_at = 0; ///< Where it went wrong, when refused.
  std::string error;   ///< Why; empty when read.
  bool ok() const {
    return error.empty();
  }
};

/// `digits` (ASCII digits, `_` ignored) with the sign, when it fits an
/// int64.
std::optional<int64_t> digits_to_int64(std::string_view digits, bool negative);

/// Moves past the unsigned number at `pos` of `text`: digits (with `_`),
/// `.digits`, an exponent, then `f` or `dec`; a letter right after it is
/// refused. Also the text of a number used as an object key.
literal_scan scan_number(std::string_view text, size_t pos);

/// Reads the literal at `pos`: `+` or `-` then `Infinity` or a number, or a
/// number as `scan_number` takes it, or (when `durations`, and unsigned) a
/// duration such as `1h30m`. Stores an int64 (refused beyond its range),
/// a double (`1.5f`, `1e3`), a decimal with its text (`1.50dec`) or a
/// duration in `out`.
literal_scan read_number(std::string_view text, size_t pos, bool durations, value& out);

} // namespace surrealcaf::detail
