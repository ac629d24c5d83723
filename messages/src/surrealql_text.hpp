#pragma once

// Characters as SurrealQL's lexer sees them, and the UTF-8 handling the
// record-id reader (record_id_parse.cpp) needs.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace surrealcaf::detail {

inline bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

/// The first character of a plain identifier: `[A-Za-z_]`.
inline bool is_word_start(char c) {
  return is_alpha(c) || c == '_';
}

/// A character of a plain identifier: `[A-Za-z0-9_]`.
inline bool is_word_char(char c) {
  return is_word_start(c) || is_digit(c);
}

/// The value of a hex digit in either case, or -1.
int hex_digit(char c);

/// True if `s` equals the lowercase ASCII `lower` ignoring ASCII case, as
/// SurrealQL compares keywords.
bool iequals(std::string_view s, std::string_view lower);

/// The length of the UTF-8 sequence that starts with `lead` (1 for a byte
/// that is no lead byte).
size_t utf8_length(char lead);

/// The offset of the first byte of `s` that is not well-formed UTF-8
/// (overlong forms, surrogates and code points above U+10FFFF included), or
/// npos when all of it is.
size_t invalid_utf8_at(std::string_view s);

/// "`c`" for the character (all of its UTF-8 bytes) at `at` of `text`, or
/// "the end of the text"; for error messages.
std::string found_text(std::string_view text, size_t at);

/// Appends the Unicode scalar value `cp` (at most U+10FFFF, no surrogate)
/// as UTF-8.
void append_utf8(std::string& out, uint32_t cp);

} // namespace surrealcaf::detail
