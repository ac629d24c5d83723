#pragma once

// The byte-level readers of the CBOR decoder (cbor_decode.cpp): checks and
// conversions of one scalar's bytes, with no decoder state.

#include <cstdint>
#include <string>

#include "surrealcaf/value.hpp"

namespace surrealcaf::cbor::detail {

/// The first byte of an invalid UTF-8 sequence in [first, last), or nullptr.
/// Strict RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
const uint8_t* find_invalid_utf8(const uint8_t* first, const uint8_t* last);

/// IEEE 754 binary16 to double (RFC 8949, appendix D).
double half_to_double(uint16_t half);

/// The float with these bits, widened to double.
double single_to_double(uint32_t bits);

/// The double with these bits.
double double_from_bits(uint64_t bits);

/// The text form of a record id, "table:key": split at the first colon; the
/// key is an integer when it is all ASCII digits and fits int64, else a
/// string. SurrealQL escapes (`⟨...⟩`, backticks) are not interpreted. False
/// when the text has no table or no key.
bool parse_record_id_text(const std::string& text, record_id& out);

} // namespace surrealcaf::cbor::detail
