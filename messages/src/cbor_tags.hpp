#pragma once

#include <cstdint>
#include <variant>

#include "surrealcaf/geometry.hpp"

// CBOR constants shared by cbor_encode.cpp and cbor_decode.cpp. The tag
// numbers are the ones SurrealDB 3.x uses on the wire; docs/protocol.md §6
// lists them and docs/cbor.md what we write and accept for each.
namespace surrealcaf::cbor::detail {

// Major types (the high three bits of an item's first byte).
constexpr uint8_t major_unsigned = 0;
constexpr uint8_t major_negative = 1;
constexpr uint8_t major_bytes = 2;
constexpr uint8_t major_text = 3;
constexpr uint8_t major_array = 4;
constexpr uint8_t major_map = 5;
constexpr uint8_t major_tag = 6;
constexpr uint8_t major_simple = 7;

// Whole first bytes of major type 7.
constexpr uint8_t byte_false = 0xf4;
constexpr uint8_t byte_true = 0xf5;
constexpr uint8_t byte_null = 0xf6;
constexpr uint8_t byte_undefined = 0xf7;
constexpr uint8_t byte_half = 0xf9;
constexpr uint8_t byte_single = 0xfa;
constexpr uint8_t byte_double = 0xfb;
constexpr uint8_t byte_break = 0xff;

// Additional information that means "indefinite length" (or break).
constexpr uint8_t info_indefinite = 31;

enum tag_number : uint64_t {
  tag_datetime_text = 0,
  tag_none = 6,
  tag_table = 7,
  tag_record_id = 8,
  tag_uuid_text = 9,
  tag_decimal = 10,
  tag_datetime = 12,
  tag_duration_text = 13,
  tag_duration = 14,
  tag_uuid = 37,
  tag_range = 49,
  tag_bound_included = 50,
  tag_bound_excluded = 51,
  tag_file = 55,
  tag_set = 56,
  tag_point = 88,
  tag_line = 89,
  tag_polygon = 90,
  tag_multi_point = 91,
  tag_multi_line = 92,
  tag_multi_polygon = 93,
  tag_collection = 94,
};

// The tag of geometry kind `T`: tag_point plus T's index in
// geometry::variant_type. The encoder writes these tags, and the decoder
// emplaces alternative number `tag - tag_point`; both rely on the tags
// standing in the order of the alternatives, which these asserts pin.
template <class T>
constexpr uint64_t geometry_tag = tag_point + surrealcaf::detail::geometry_index_v<T>;

static_assert(geometry_tag<point> == tag_point);
static_assert(geometry_tag<line> == tag_line);
static_assert(geometry_tag<polygon> == tag_polygon);
static_assert(geometry_tag<multi_point> == tag_multi_point);
static_assert(geometry_tag<multi_line> == tag_multi_line);
static_assert(geometry_tag<multi_polygon> == tag_multi_polygon);
static_assert(geometry_tag<geometry_collection> == tag_collection);
static_assert(tag_collection - tag_point + 1 == std::variant_size_v<geometry::variant_type>);

} // namespace surrealcaf::cbor::detail
