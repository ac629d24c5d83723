#pragma once

// Helpers shared by the cbor*_test.cpp suites: CBOR bytes written as hex
// strings, so expectations read like the RFC 8949 examples.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "surrealcaf/cbor.hpp"

namespace cbor_test {

/// Lower-case hex of `bytes`, no separators.
inline std::string hex(const std::vector<uint8_t>& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string result;
  result.reserve(bytes.size() * 2);
  for (auto b : bytes) {
    result += digits[b >> 4];
    result += digits[b & 0x0f];
  }
  return result;
}

/// Bytes from hex text; spaces are ignored so long items can be grouped.
inline std::vector<uint8_t> unhex(const std::string& text) {
  std::vector<uint8_t> result;
  int high = -1;
  for (char c : text) {
    if (c == ' ')
      continue;
    int nibble;
    if (c >= '0' && c <= '9')
      nibble = c - '0';
    else if (c >= 'a' && c <= 'f')
      nibble = c - 'a' + 10;
    else
      throw std::invalid_argument("not hex: " + text);
    if (high < 0) {
      high = nibble;
    } else {
      result.push_back(static_cast<uint8_t>(high << 4 | nibble));
      high = -1;
    }
  }
  if (high >= 0)
    throw std::invalid_argument("odd hex digit count: " + text);
  return result;
}

/// The hex of `x`'s encoding.
inline std::string encoded(const surrealcaf::value& x) {
  return hex(surrealcaf::cbor::encode(x));
}

/// The decoded value of `hex_text`, or nothing (with the failure printed by
/// the caller's check) when it does not decode.
inline std::optional<surrealcaf::value>
decoded(const std::string& hex_text, const surrealcaf::cbor::decode_options& opts = {}) {
  auto bytes = unhex(hex_text);
  surrealcaf::value result;
  if (surrealcaf::cbor::try_decode(bytes.data(), bytes.size(), result, opts))
    return std::nullopt;
  return result;
}

/// "reason at byte N" for `bytes`, or "ok" when they decode.
inline std::string failure_of(const std::vector<uint8_t>& bytes,
                              const surrealcaf::cbor::decode_options& opts = {}) {
  surrealcaf::value ignored;
  auto failure = surrealcaf::cbor::try_decode(bytes.data(), bytes.size(), ignored, opts);
  return failure ? to_string(*failure) : "ok";
}

inline std::string failure_of(const std::string& hex_text,
                              const surrealcaf::cbor::decode_options& opts = {}) {
  return failure_of(unhex(hex_text), opts);
}

} // namespace cbor_test
