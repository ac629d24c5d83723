#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "caf/expected.hpp"

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// What `parse_json_text` read.
struct json_text {
  /// The document as `from_json` maps it, or `errc::decode_error` naming
  /// why not ("invalid JSON at byte 12", "too_deep: more than 2048 levels").
  caf::expected<value> doc;
  /// The integer under the top-level key `"id"`, when the document is an
  /// object that has one before the point where it failed (a document
  /// nested too deep is still read to its end to find it).
  std::optional<int64_t> id;
};

/// Parses JSON text straight into a value with nlohmann's SAX parser: no
/// nlohmann DOM, no recursion (an explicit stack of open containers), and
/// nothing built past `max_depth` open arrays and objects. Memory stays
/// within a small multiple of the input size. Error texts carry no input
/// bytes. Pure; call from any thread.
json_text parse_json_text(const uint8_t* data, size_t size, size_t max_depth);

} // namespace surrealcaf::detail
