#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/value.hpp"

/// SurrealDB 3.x's CBOR dialect (RFC 8949 plus SurrealDB's tags,
/// docs/protocol.md §6) for `surrealcaf::value`.
/// docs/cbor.md lists every tag, what we write and what we also read.
///
/// Thread safety: every function here is pure; call them from any thread.
namespace surrealcaf::cbor {

// -- encoding -----------------------------------------------------------------

/// Appends the CBOR encoding of `x` to `out`. Fails only by throwing
/// std::bad_alloc, and then leaves `out` as it was. Integers take
/// their shortest form, floats are 8-byte doubles, strings, arrays and maps
/// have definite lengths, and the tagged kinds use the compact forms the
/// server writes (12 datetime, 14 duration, 37 uuid, `6(null)` for NONE).
/// Nothing is validated: a record id with a float key, say, is written as
/// given and left for the server to reject.
void encode(const value& x, std::vector<uint8_t>& out);

/// The CBOR encoding of `x` in a fresh buffer.
std::vector<uint8_t> encode(const value& x);

// -- decoding -----------------------------------------------------------------

/// Why bytes did not decode. Offsets in `decode_failure` point at the item
/// named in each description.
enum class decode_reason : uint8_t {
  /// The input ends inside an item: an argument's bytes, or an array or map
  /// item, or a break code are missing. Offset: the item that is cut short
  /// (the input size when the missing item has no byte at all).
  truncated = 1,
  /// A definite string length or array/map item count is larger than the
  /// bytes left could hold. Offset: the string, array or map.
  length_exceeds_input,
  /// More arrays, maps and tags open at once than `decode_options::max_depth`,
  /// or than the calling thread's stack can hold. Offset: the item that would
  /// open one level too many.
  too_deep,
  /// A map key that is not a text string. Offset: the key.
  non_string_key,
  /// A tag number outside SurrealDB's dialect. Offset: the tag.
  unknown_tag,
  /// A known tag whose payload has the wrong shape (tag 12 with three
  /// elements, tag 37 with 15 bytes, unparseable tag-0 text, ...). Offset:
  /// the tag.
  invalid_tag_payload,
  /// A text string (or map key) that is not strict UTF-8: overlong forms,
  /// surrogates, code points above U+10FFFF, bad continuation bytes.
  /// Offset: the first byte of the bad sequence.
  invalid_utf8,
  /// Bytes left after the one top-level item. Offset: the first of them.
  trailing_bytes,
  /// Well-formed CBOR that SurrealDB has no value for: `undefined` and the
  /// other simple values. Offset: the item.
  unsupported_item,
  /// An integer value outside int64: major type 0 above INT64_MAX or major
  /// type 1 below INT64_MIN. (Numbers inside a tag's payload that do not
  /// fit the tag are `invalid_tag_payload`.) Offset: the integer.
  integer_out_of_range,
  /// Additional information 28, 29 or 30, which RFC 8949 reserves.
  /// Offset: the item.
  reserved_additional_info,
  /// A break code (0xff) where no indefinite-length item is open, or in
  /// place of a map value. Offset: the break code.
  unexpected_break,
  /// An indefinite length where none is allowed (integers, tags, simple
  /// values), or an indefinite string chunk that is not a definite string of
  /// the same major type. Offset: the offending item.
  invalid_indefinite_length,
};

/// The enumerator's name, e.g. "unknown_tag".
const char* to_string(decode_reason x);

/// The reason and the byte offset (from the start of the input) of a failed
/// decode.
struct decode_failure {
  decode_reason reason; ///< What was wrong.
  size_t offset;        ///< Where, in bytes from the start of the input.

  /// Compare reason and offset.
  ///@{
  friend bool operator==(const decode_failure& a, const decode_failure& b) {
    return a.reason == b.reason && a.offset == b.offset;
  }
  friend bool operator!=(const decode_failure& a, const decode_failure& b) { return !(a == b); }
  ///@}
};

/// "unknown_tag at byte 12".
std::string to_string(const decode_failure& x);

/// The `errc::decode_error` whose context is `to_string(x)`.
caf::error to_error(const decode_failure& x);

/// Nesting limit used unless `decode_options` says otherwise. Deeper than
/// anything SurrealDB hands out in practice (its own CBOR reader refuses
/// requests nested deeper than 256 levels; values it builds itself, say by
/// wrapping a field in a loop, read back fine at 1,500 levels), and shallow
/// enough that decoding a value this deep fits the default 8 MiB thread
/// stack many times over. On a thread whose stack is too small for it, deep
/// input fails with `too_deep` instead (see docs/cbor.md).
constexpr size_t default_max_depth = 2048;

/// Limits for decoding untrusted bytes.
struct decode_options {
  /// How many arrays, maps and tags may be open at once: `[[]]` opens two,
  /// `8(["t", 1])` opens two, `6(null)` one. Anything deeper fails with
  /// `too_deep`, and so does any level that would leave less than 128 KiB
  /// of the calling thread's stack: the decoder recurses once per level.
  size_t max_depth = default_max_depth;
};

/// Decodes exactly one CBOR item that fills `data[0, size)` into `out`.
/// Returns nothing on success, else the reason and offset (and `out` is
/// then unspecified). Never allocates more than the input can justify (a
/// length is checked against the bytes left before anything is reserved),
/// never reads past `data + size`, and rejects trailing bytes.
std::optional<decode_failure> try_decode(const uint8_t* data, size_t size, value& out,
                                         const decode_options& opts = {});

/// Decodes exactly one CBOR item that fills `data[0, size)`. On failure
/// returns `errc::decode_error` with the context "<reason> at byte <offset>"
/// (see `try_decode` for the reason as data).
caf::expected<value> decode(const uint8_t* data, size_t size, const decode_options& opts = {});

/// Decodes exactly one CBOR item that fills `buf`.
caf::expected<value> decode(const std::vector<uint8_t>& buf, const decode_options& opts = {});

/// The integer under the key `"id"` of the map `data[0, size)`, read without
/// decoding anything else: the other keys' values are skipped by their
/// heads and lengths alone (no UTF-8, tag or depth checks, no recursion, no
/// allocation beyond one entry per open indefinite-length item). Lets a
/// reply that `decode` refuses still fail the call it answers. A repeated
/// `id` keeps its last value, as in `decode`; when the map breaks off (a
/// length claiming more bytes than there are, say), the last `id` before
/// that point counts. Nothing when the input is no map, or that `id` is
/// missing or not an int64.
std::optional<int64_t> top_level_id(const uint8_t* data, size_t size);

} // namespace surrealcaf::cbor
