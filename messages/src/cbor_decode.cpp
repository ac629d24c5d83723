// The CBOR decoder (cbor.hpp: `try_decode`, `decode`): strict RFC 8949 with
// SurrealDB's tags, linear in the input, with bounded recursion.
//
// Longer than the usual file on purpose: it is one recursive-descent class
// whose members call each other (an item holds tags hold items); splitting
// it would put the class and its cursor state in a header for no reader's
// gain. The byte-level readers it uses (UTF-8 check, float widening, record
// id text) are in cbor_decode_scalars.cpp.

#include <algorithm>
#include <cstring>
#include <limits>
#include <type_traits>
#include <variant>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/detail/enum_names.hpp"
#include "surrealcaf/errc.hpp"

#include "cbor_decode_scalars.hpp"
#include "cbor_tags.hpp"
#include "stack_room.hpp"

namespace surrealcaf::cbor {

namespace {

using namespace detail;

constexpr uint64_t int64_max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
constexpr uint64_t nanos_per_second = 1'000'000'000;

// A definite count is checked against the bytes left before anything is
// reserved, but one input byte can stand for a 72-byte value, and every
// level of a nested header could claim the whole input. Capping the
// reservation keeps a hostile frame from reserving (depth x input) values;
// longer arrays just grow geometrically.
constexpr uint64_t max_reserve = 1024;

void append(std::string& out, const uint8_t* data, size_t size) {
  out.append(reinterpret_cast<const char*>(data), size);
}

void append(bytes& out, const uint8_t* data, size_t size) {
  out.insert(out.end(), data, data + size);
}

// Makes `x` hold a default-constructed alternative number `index`; leaves it
// alone for an index past the last alternative.
template <size_t I = 0, class Variant>
void emplace_alternative(Variant& x, size_t index) {
  if constexpr (I < std::variant_size_v<Variant>) {
    if (index == I)
      x.template emplace<I>();
    else
      emplace_alternative<I + 1>(x, index);
  }
}

// One item's first byte(s): major type, additional information and the
// argument (the value, length, count or tag number; 0 for indefinite).
struct head {
  const uint8_t* at;
  uint8_t major;
  uint8_t info;
  uint64_t arg;

  bool indefinite() const {
    return info == info_indefinite;
  }

  bool is_break() const {
    return major == major_simple && info == info_indefinite;
  }
};

// An open array (or the element list of a tag's array payload).
struct sequence {
  uint64_t left;
  bool indefinite;
};

enum class step : uint8_t { failed, done, more };

// What a level must leave free below it on the stack: the deepest call
// chain below one level (allocations, a sanitizer's runtime) fits well in it.
constexpr size_t stack_reserve = 128 * 1024;

// Recursive descent with an explicit depth limit. Every function returns
// false after recording the first failure; nothing runs after that, so the
// depth counter need not be restored on failure paths.
class decoder {
public:
  decoder(const uint8_t* data, size_t size, const decode_options& opts)
    : begin_(data), pos_(data), end_(data + size), max_depth_(opts.max_depth) {
    // nop
  }

  bool top(value& out) {
    if (!item(out))
      return false;
    if (pos_ != end_)
      return fail(decode_reason::trailing_bytes, pos_);
    return true;
  }

  const decode_failure& failure() const {
    return failure_;
  }

private:
  size_t remaining() const {
    return static_cast<size_t>(end_ - pos_);
  }

  bool fail(decode_reason reason, const uint8_t* at) {
    failure_ = decode_failure{reason, static_cast<size_t>(at - begin_)};
    return false;
  }

  bool enter(const head& h) {
    // The stack check catches threads whose stack cannot hold max_depth
    // levels: deep input is refused there too, instead of overflowing.
    if (depth_ >= max_depth_ || surrealcaf::detail::stack_room() < stack_reserve)
      return fail(decode_reason::too_deep, h.at);
    ++depth_;
    return true;
  }

  void leave() {
    --depth_;
  }

  bool read_head(head& h) {
    h.at = pos_;
    if (pos_ == end_)
      return fail(decode_reason::truncated, pos_);
    auto first = *pos_++;
    h.major = first >> 5;
    h.info = first & 0x1f;
    size_t n;
    switch (h.info) {
      case 24:
        n = 1;
        break;
      case 25:
        n = 2;
        break;
      case 26:
        n = 4;
        break;
      case 27:
        n = 8;
        break;
      case 28:
      case 29:
      case 30:
        return fail(decode_reason::reserved_additional_info, h.at);
      case info_indefinite:
        // Only strings, arrays and maps have an indefinite form (and 0xff
        // is the break code).
        if (h.major == major_unsigned || h.major == major_negative || h.major == major_tag)
          return fail(decode_reason::invalid_indefinite_length, h.at);
        h.arg = 0;
        return true;
      default:
        h.arg = h.info;
        return true;
    }
    if (remaining() < n)
      return fail(decode_reason::truncated, h.at);
    uint64_t arg = 0;
    for (size_t i = 0; i < n; ++i)
      arg = (arg << 8) | pos_[i];
    pos_ += n;
    h.arg = arg;
    return true;
  }

  // A wrong payload element for `tag`, or a break code in the wrong place.
  bool mismatch(const head& got, const head& tag) {
    if (got.is_break())
      return fail(decode_reason::unexpected_break, got.at);
    return fail(decode_reason::invalid_tag_payload, tag.at);
  }

  // Reads the head of a payload item of `tag` that must have major type `major`.
  bool payload_head(const head& tag, uint8_t major, head& h) {
    if (!read_head(h))
      return false;
    if (h.major != major)
      return mismatch(h, tag);
    return true;
  }

  // -- strings ----------------------------------------------------------------

  template <class Buffer>
  bool chunk(const head& h, Buffer& out) {
    if (h.arg > remaining())
      return fail(decode_reason::length_exceeds_input, h.at);
    auto size = static_cast<size_t>(h.arg);
    if (h.major == major_text) {
      if (auto bad = find_invalid_utf8(pos_, pos_ + size))
        return fail(decode_reason::invalid_utf8, bad);
    }
    append(out, pos_, size);
    pos_ += size;
    return true;
  }

  // The body of a byte or text string whose head is `h`, definite or not.
  template <class Buffer>
  bool string_body(const head& h, Buffer& out) {
    if (!h.indefinite())
      return chunk(h, out);
    // Indefinite: definite chunks of the same major type up to a break.
    for (;;) {
      if (pos_ == end_)
        return fail(decode_reason::truncated, pos_);
      if (*pos_ == byte_break) {
        ++pos_;
        return true;
      }
      head part;
      if (!read_head(part))
        return false;
      if (part.major != h.major || part.indefinite())
        return fail(decode_reason::invalid_indefinite_length, part.at);
      if (!chunk(part, out))
        return false;
    }
  }

  // A text payload of `tag`.
  bool text_payload(const head& tag, std::string& out) {
    head h;
    return payload_head(tag, major_text, h) && string_body(h, out);
  }

  // -- sequences --------------------------------------------------------------

  bool open(const head& h, sequence& s) {
    if (!enter(h))
      return false;
    s.indefinite = h.indefinite();
    s.left = h.arg;
    // Every item takes at least one byte.
    if (!s.indefinite && s.left > remaining())
      return fail(decode_reason::length_exceeds_input, h.at);
    return true;
  }

  step next(sequence& s) {
    if (s.indefinite) {
      if (pos_ == end_) {
        fail(decode_reason::truncated, pos_);
        return step::failed;
      }
      if (*pos_ == byte_break) {
        ++pos_;
        return step::done;
      }
      return step::more;
    }
    if (s.left == 0)
      return step::done;
    --s.left;
    return step::more;
  }

  template <class T>
  static void reserve(std::vector<T>& xs, const sequence& s) {
    if (!s.indefinite)
      xs.reserve(static_cast<size_t>(std::min(s.left, max_reserve)));
  }

  // Opens the array payload of `tag`.
  bool open_payload(const head& tag, sequence& s) {
    head h;
    return payload_head(tag, major_array, h) && open(h, s);
  }

  // Requires one more element in a fixed-size payload of `tag`.
  bool element(sequence& s, const head& tag) {
    switch (next(s)) {
      case step::more:
        return true;
      case step::done:
        return fail(decode_reason::invalid_tag_payload, tag.at);
      default:
        return false;
    }
  }

  // Requires the end of a fixed-size payload of `tag` and closes it.
  bool finish(sequence& s, const head& tag) {
    switch (next(s)) {
      case step::done:
        leave();
        return true;
      case step::more:
        return fail(decode_reason::invalid_tag_payload, tag.at);
      default:
        return false;
    }
  }

  // Reads every element of `s` into `out`, each one with `read`.
  template <class T, class Read>
  bool each(sequence& s, std::vector<T>& out, Read read) {
    reserve(out, s);
    for (;;) {
      switch (next(s)) {
        case step::done:
          leave();
          return true;
        case step::failed:
          return false;
        case step::more:
          out.emplace_back();
          if (!read(out.back()))
            return false;
      }
    }
  }

  bool items(sequence& s, std::vector<value>& out) {
    return each(s, out, [this](value& x) { return item(x); });
  }

  bool object_body(const head& h, value::object& out) {
    if (!enter(h))
      return false;
    bool indefinite = h.indefinite();
    // Every entry takes at least two bytes.
    uint64_t left = h.arg;
    if (!indefinite && left > remaining() / 2)
      return fail(decode_reason::length_exceeds_input, h.at);
    std::string key;
    for (;;) {
      if (indefinite) {
        if (pos_ == end_)
          return fail(decode_reason::truncated, pos_);
        if (*pos_ == byte_break) {
          ++pos_;
          break;
        }
      } else if (left-- == 0) {
        break;
      }
      head k;
      if (!read_head(k))
        return false;
      if (k.major != major_text) {
        if (k.is_break())
          return fail(decode_reason::unexpected_break, k.at);
        return fail(decode_reason::non_string_key, k.at);
      }
      key.clear();
      if (!string_body(k, key))
        return false;
      // Keys usually arrive sorted (we and the server write BTreeMaps), so
      // the end() hint makes each insert O(1). A repeated key keeps the last
      // value, as the server's BTreeMap collect does.
      auto i = out.try_emplace(out.end(), std::move(key));
      if (!item(i->second))
        return false;
    }
    leave();
    return true;
  }

  // -- scalars inside tag payloads --------------------------------------------

  // Reads an integer element of `tag`'s payload; `negative` tells its sign
  // and `magnitude` the CBOR argument.
  bool integer_element(const head& tag, uint64_t& magnitude, bool& negative) {
    head h;
    if (!read_head(h))
      return false;
    if (h.major != major_unsigned && h.major != major_negative)
      return mismatch(h, tag);
    magnitude = h.arg;
    negative = h.major == major_negative;
    return true;
  }

  bool nanos_element(const head& tag, uint32_t& out) {
    uint64_t magnitude;
    bool negative;
    if (!integer_element(tag, magnitude, negative))
      return false;
    if (negative || magnitude >= nanos_per_second)
      return fail(decode_reason::invalid_tag_payload, tag.at);
    out = static_cast<uint32_t>(magnitude);
    return true;
  }

  bool number_element(const head& tag, double& out) {
    head h;
    if (!read_head(h))
      return false;
    switch (h.major) {
      case major_unsigned:
        out = static_cast<double>(h.arg);
        return true;
      case major_negative:
        out = -1.0 - static_cast<double>(h.arg);
        return true;
      case major_simple:
        switch (h.info) {
          case 25:
            out = half_to_double(static_cast<uint16_t>(h.arg));
            return true;
          case 26:
            out = single_to_double(static_cast<uint32_t>(h.arg));
            return true;
          case 27:
            out = double_from_bits(h.arg);
            return true;
        }
        break;
    }
    return mismatch(h, tag);
  }

  // -- tags -------------------------------------------------------------------

  // Text read by the value model's own parser, which returns an optional
  // (tags 0, 9 and 13: a datetime, uuid or duration as text).
  template <class T, class Parse>
  bool parsed_text_payload(const head& tag, T& out, Parse parse) {
    std::string text;
    if (!text_payload(tag, text))
      return false;
    auto parsed = parse(text);
    if (!parsed)
      return fail(decode_reason::invalid_tag_payload, tag.at);
    out = *parsed;
    return true;
  }

  // Tag 12's [seconds, nanoseconds], or tag 0's RFC 3339 text.
  bool datetime_payload(const head& tag, datetime& out) {
    if (tag.arg == tag_datetime_text)
      return parsed_text_payload(tag, out, parse_datetime);
    sequence s;
    uint64_t magnitude;
    bool negative;
    if (!open_payload(tag, s) || !element(s, tag) || !integer_element(tag, magnitude, negative))
      return false;
    if (magnitude > int64_max)
      return fail(decode_reason::invalid_tag_payload, tag.at);
    out.seconds = negative ? -1 - static_cast<int64_t>(magnitude)
                           : static_cast<int64_t>(magnitude);
    return element(s, tag) && nanos_element(tag, out.nanos) && finish(s, tag);
  }

  // Tag 14's [], [secs] or [secs, nanos] (a missing part is zero), or tag
  // 13's text.
  bool duration_payload(const head& tag, duration& out) {
    if (tag.arg == tag_duration_text)
      return parsed_text_payload(tag, out, parse_duration);
    sequence s;
    if (!open_payload(tag, s))
      return false;
    for (int index = 0;; ++index) {
      auto st = next(s);
      if (st == step::failed)
        return false;
      if (st == step::done)
        break;
      if (index == 0) {
        uint64_t magnitude;
        bool negative;
        if (!integer_element(tag, magnitude, negative))
          return false;
        if (negative)
          return fail(decode_reason::invalid_tag_payload, tag.at);
        out.seconds = magnitude;
      } else if (index == 1) {
        if (!nanos_element(tag, out.nanos))
          return false;
      } else {
        return fail(decode_reason::invalid_tag_payload, tag.at);
      }
    }
    leave();
    return true;
  }

  // Tag 37's 16 bytes, or tag 9's text.
  bool uuid_payload(const head& tag, uuid& out) {
    if (tag.arg == tag_uuid_text)
      return parsed_text_payload(tag, out, parse_uuid);
    head h;
    if (!payload_head(tag, major_bytes, h))
      return false;
    if (!h.indefinite()) {
      // The common case, without a temporary buffer.
      if (h.arg > remaining())
        return fail(decode_reason::length_exceeds_input, h.at);
      if (h.arg != out.static_size())
        return fail(decode_reason::invalid_tag_payload, tag.at);
      std::memcpy(out.data, pos_, out.static_size());
      pos_ += out.static_size();
      return true;
    }
    bytes buf;
    if (!string_body(h, buf))
      return false;
    if (buf.size() != out.static_size())
      return fail(decode_reason::invalid_tag_payload, tag.at);
    std::memcpy(out.data, buf.data(), out.static_size());
    return true;
  }

  bool record_id_payload(const head& tag, record_id& out) {
    head h;
    if (!read_head(h))
      return false;
    if (h.major == major_text) {
      std::string text;
      if (!string_body(h, text))
        return false;
      if (!parse_record_id_text(text, out))
        return fail(decode_reason::invalid_tag_payload, tag.at);
      return true;
    }
    if (h.major != major_array)
      return mismatch(h, tag);
    sequence s;
    if (!open(h, s) || !element(s, tag) || !text_payload(tag, out.table) || !element(s, tag)
        || !item(*out.key))
      return false;
    if (!valid_record_key(*out.key))
      return fail(decode_reason::invalid_tag_payload, tag.at);
    return finish(s, tag);
  }

  // null (unbounded), 50(x) (included) or 51(x) (excluded).
  bool bound_element(const head& tag, bound& out) {
    head h;
    if (!read_head(h))
      return false;
    if (h.major == major_simple && h.info == (byte_null & 0x1f)) {
      out = bound::unbounded();
      return true;
    }
    if (h.major != major_tag || (h.arg != tag_bound_included && h.arg != tag_bound_excluded))
      return mismatch(h, tag);
    out.type = h.arg == tag_bound_included ? bound::kind::included : bound::kind::excluded;
    if (!enter(h) || !item(*out.limit))
      return false;
    leave();
    return true;
  }

  bool range_payload(const head& tag, range& out) {
    sequence s;
    return open_payload(tag, s) && element(s, tag) && bound_element(tag, out.begin)
           && element(s, tag) && bound_element(tag, out.end) && finish(s, tag);
  }

  bool file_payload(const head& tag, file_ref& out) {
    sequence s;
    return open_payload(tag, s) && element(s, tag) && text_payload(tag, out.bucket)
           && element(s, tag) && text_payload(tag, out.key) && finish(s, tag);
  }

  bool set_payload(const head& tag, set& out) {
    sequence s;
    return open_payload(tag, s) && items(s, out.items);
  }

  // -- geometry ---------------------------------------------------------------

  bool geometry_payload(const head& tag, point& out) {
    sequence s;
    return open_payload(tag, s) && element(s, tag) && number_element(tag, out.x)
           && element(s, tag) && number_element(tag, out.y) && finish(s, tag);
  }

  // Any other kind: the array of its parts, each tagged as the part's kind
  // (a collection's as any geometry).
  template <class T>
  bool geometry_payload(const head& tag, T& out) {
    auto& parts = surrealcaf::detail::parts(out);
    sequence s;
    if (!open_payload(tag, s)
        || !each(s, parts, [&](auto& part) { return tagged_geometry(tag, part); }))
      return false;
    // The server needs a polygon's exterior ring.
    if constexpr (std::is_same_v<T, polygon>)
      if (parts.empty())
        return fail(decode_reason::invalid_tag_payload, tag.at);
    return true;
  }

  // Any geometry, by its tag number (88..94, which callers have checked; the
  // tags follow the alternatives' order, see geometry_tag in cbor_tags.hpp).
  bool geometry_payload(const head& tag, geometry& out) {
    emplace_alternative(out.data, static_cast<size_t>(tag.arg - tag_point));
    return std::visit([&](auto& shape) { return geometry_payload(tag, shape); }, out.data);
  }

  static bool is_geometry_tag(uint64_t number) {
    return number >= tag_point && number <= tag_collection;
  }

  // One element of `parent`'s array: a geometry tagged as kind `T` (any
  // geometry when `out` is a `geometry`).
  template <class T>
  bool tagged_geometry(const head& parent, T& out) {
    head h;
    if (!read_head(h))
      return false;
    bool ok;
    if constexpr (std::is_same_v<T, geometry>)
      ok = h.major == major_tag && is_geometry_tag(h.arg);
    else
      ok = h.major == major_tag && h.arg == geometry_tag<T>;
    if (!ok)
      return mismatch(h, parent);
    if (!enter(h) || !geometry_payload(h, out))
      return false;
    leave();
    return true;
  }

  // The payload of tag `h` (depth already entered) into `out`.
  bool tagged(const head& h, value& out) {
    auto& data = out.data();
    switch (h.arg) {
      case tag_none:
        // Any payload means NONE; it must still be a valid item.
        if (!item(out))
          return false;
        data.emplace<none_t>();
        return true;
      case tag_table:
        return text_payload(h, data.emplace<table>().name);
      case tag_decimal:
        return text_payload(h, data.emplace<decimal>().text);
      case tag_record_id:
        return record_id_payload(h, data.emplace<record_id>());
      case tag_range:
        return range_payload(h, data.emplace<range>());
      case tag_file:
        return file_payload(h, data.emplace<file_ref>());
      case tag_set:
        return set_payload(h, data.emplace<set>());
      // Kinds with a binary and a text form.
      case tag_datetime:
      case tag_datetime_text:
        return datetime_payload(h, data.emplace<datetime>());
      case tag_duration:
      case tag_duration_text:
        return duration_payload(h, data.emplace<duration>());
      case tag_uuid:
      case tag_uuid_text:
        return uuid_payload(h, data.emplace<uuid>());
      default:
        if (is_geometry_tag(h.arg))
          return geometry_payload(h, data.emplace<geometry>());
        return fail(decode_reason::unknown_tag, h.at);
    }
  }

  // -- items ------------------------------------------------------------------

  bool item(value& out) {
    head h;
    if (!read_head(h))
      return false;
    auto& data = out.data();
    switch (h.major) {
      case major_unsigned:
        if (h.arg > int64_max)
          return fail(decode_reason::integer_out_of_range, h.at);
        data.emplace<int64_t>(static_cast<int64_t>(h.arg));
        return true;
      case major_negative:
        if (h.arg > int64_max)
          return fail(decode_reason::integer_out_of_range, h.at);
        data.emplace<int64_t>(-1 - static_cast<int64_t>(h.arg));
        return true;
      case major_bytes:
        return string_body(h, data.emplace<bytes>());
      case major_text:
        return string_body(h, data.emplace<std::string>());
      case major_array: {
        sequence s;
        return open(h, s) && items(s, data.emplace<value::array>());
      }
      case major_map:
        return object_body(h, data.emplace<value::object>());
      case major_tag:
        if (!enter(h) || !tagged(h, out))
          return false;
        leave();
        return true;
      default:
        return simple(h, out);
    }
  }

  bool simple(const head& h, value& out) {
    auto& data = out.data();
    switch (h.info) {
      case byte_false & 0x1f:
        data.emplace<bool>(false);
        return true;
      case byte_true & 0x1f:
        data.emplace<bool>(true);
        return true;
      case byte_null & 0x1f:
        data.emplace<null_t>();
        return true;
      case byte_half & 0x1f:
        data.emplace<double>(half_to_double(static_cast<uint16_t>(h.arg)));
        return true;
      case byte_single & 0x1f:
        data.emplace<double>(single_to_double(static_cast<uint32_t>(h.arg)));
        return true;
      case byte_double & 0x1f:
        data.emplace<double>(double_from_bits(h.arg));
        return true;
      case info_indefinite:
        return fail(decode_reason::unexpected_break, h.at);
      default:
        // undefined and the other simple values have no SurrealDB kind.
        return fail(decode_reason::unsupported_item, h.at);
    }
  }

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  size_t max_depth_;
  size_t depth_ = 0;
  decode_failure failure_{decode_reason::truncated, 0};
};

} // namespace

const char* to_string(decode_reason x) {
  using reason_names = surrealcaf::detail::enum_names<decode_reason::truncated,
                                                      decode_reason::invalid_indefinite_length>;
  static constexpr reason_names names{
    "truncated", "length_exceeds_input", "too_deep", "non_string_key", "unknown_tag",
    "invalid_tag_payload", "invalid_utf8", "trailing_bytes", "unsupported_item",
    "integer_out_of_range", "reserved_additional_info", "unexpected_break",
    "invalid_indefinite_length"};
  return names.name_or(x, "unknown_reason");
}

std::string to_string(const decode_failure& x) {
  return std::string{to_string(x.reason)} + " at byte " + std::to_string(x.offset);
}

caf::error to_error(const decode_failure& x) {
  return make_error(errc::decode_error, to_string(x));
}

std::optional<decode_failure> try_decode(const uint8_t* data, size_t size, value& out,
                                         const decode_options& opts) {
  decoder dec{data, size, opts};
  if (dec.top(out))
    return std::nullopt;
  return dec.failure();
}

caf::expected<value> decode(const uint8_t* data, size_t size, const decode_options& opts) {
  value result;
  if (auto failure = try_decode(data, size, result, opts))
    return to_error(*failure);
  return result;
}

caf::expected<value> decode(const std::vector<uint8_t>& buf, const decode_options& opts) {
  return decode(buf.data(), buf.size(), opts);
}

} // namespace surrealcaf::cbor
