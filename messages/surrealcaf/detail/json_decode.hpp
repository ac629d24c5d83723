#pragma once

#include <nlohmann/json.hpp>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Lets a caller take over a node before the walk looks at it: returns the
/// node's value, or nullptr to let the walk convert it.
using json_claim = const value* (*) (const nlohmann::json& node);

/// The JSON → value walk behind `from_json` and the conversions of
/// surrealcaf/convert.hpp. `claim` may be nullptr. With `strict_unsigned`, an
/// unsigned integer above INT64_MAX throws conversion_error naming its path;
/// otherwise it becomes a decimal with its exact digits.
value decode_json(const nlohmann::json& node, json_claim claim, bool strict_unsigned);

/// A JSON non-negative integer (nlohmann reads them all as unsigned) as
/// SurrealDB holds it: an int, or above INT64_MAX a decimal with its exact
/// digits. The one rule for `from_json` and the JSON frame reader.
value unsigned_value(uint64_t n);

} // namespace surrealcaf::detail
