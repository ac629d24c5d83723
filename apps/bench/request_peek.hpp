#pragma once

// Reads the few fields of a CBOR request that the canned bench server needs,
// without decoding anything else: the server must cost as little CPU as
// possible, because it shares the machine's cores with the client it
// measures.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace surrealcaf::bench {

/// Byte ranges inside one request frame. Empty views are absent fields.
struct request_view {
  /// The encoded `id` item, echoed byte for byte.
  std::string_view id;
  /// The `method` text.
  std::string_view method;
  /// The encoded `session` item (absent when missing, NONE or NULL).
  std::string_view session;
  /// The text of the first parameter, when it is a text string (the SQL of
  /// a `query`).
  std::string_view first_param;
};

/// The fields of a top-level CBOR map with text keys; nothing when the frame
/// is not one (definite-length map and strings only: what clients send).
std::optional<request_view> peek_request(const uint8_t* data, size_t size);

} // namespace surrealcaf::bench
