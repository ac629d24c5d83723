// libFuzzer target for the first code untrusted bytes reach: the CBOR and
// JSON decoders, the frame reader of both wire formats and the RPC frame
// classifier. Every input goes through all of them. Any input must decode or
// fail cleanly (ASan and UBSan watch); whatever decodes as CBOR must survive
// encode -> decode -> encode unchanged and classify without throwing, and
// the JSON SAX reader must agree with nlohmann's parser plus from_json.
#include "surrealcaf/cbor.hpp"
#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/detail/json_text.hpp"
#include "surrealcaf/detail/rpc_framing.hpp"
#include "surrealcaf/json.hpp"
#include "surrealcaf/rpc/classify.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/rpc/server_error.hpp"

#include <cmath>
#include <optional>
#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <variant>
#include <vector>

using namespace surrealcaf;

namespace {

bool has_nan(const value& x);
bool has_nan(const line& x);
bool has_nan(const polygon& x);
bool has_nan(const geometry& x);

bool has_nan(const point& x) {
  return std::isnan(x.x) || std::isnan(x.y);
}

template <class T>
bool has_nan(const std::vector<T>& xs) {
  for (auto& x : xs)
    if (has_nan(x))
      return true;
  return false;
}

bool has_nan(const line& x) {
  return has_nan(x.points);
}

bool has_nan(const polygon& x) {
  return has_nan(x.rings);
}

bool has_nan(const geometry& x) {
  return std::visit(
    [](const auto& g) {
      using type = std::decay_t<decltype(g)>;
      if constexpr (std::is_same_v<type, multi_point>)
        return has_nan(g.points);
      else if constexpr (std::is_same_v<type, multi_line>)
        return has_nan(g.lines);
      else if constexpr (std::is_same_v<type, multi_polygon>)
        return has_nan(g.polygons);
      else if constexpr (std::is_same_v<type, geometry_collection>)
        return has_nan(g.items);
      else
        return has_nan(g);
    },
    x.data);
}

bool has_nan(const bound& x) {
  return x.type != bound::kind::unbounded && has_nan(*x.limit);
}

// NaN never equals itself, so values holding one are compared by bytes only.
bool has_nan(const value& x) {
  return std::visit(
    [](const auto& v) {
      using type = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<type, double>) {
        return std::isnan(v);
      } else if constexpr (std::is_same_v<type, value::array>) {
        return has_nan(v);
      } else if constexpr (std::is_same_v<type, value::object>) {
        for (auto& kvp : v)
          if (has_nan(kvp.second))
            return true;
        return false;
      } else if constexpr (std::is_same_v<type, set>) {
        return has_nan(v.items);
      } else if constexpr (std::is_same_v<type, record_id>) {
        return has_nan(*v.key);
      } else if constexpr (std::is_same_v<type, range>) {
        return has_nan(v.begin) || has_nan(v.end);
      } else if constexpr (std::is_same_v<type, geometry>) {
        return has_nan(v);
      } else {
        return false;
      }
    },
    x.data());
}

// The same bytes as JSON text: the SAX reader behind JSON frames must
// accept exactly what nlohmann's parser and from_json accept, with the same
// value (JSON has no NaN, so == holds).
void check_json(const uint8_t* data, size_t size) {
  auto text = detail::parse_json_text(data, size, json_max_depth);
  auto doc = nlohmann::json::parse(data, data + size, nullptr, false);
  if (doc.is_discarded()) {
    if (text.doc)
      __builtin_trap();
    return;
  }
  try {
    auto x = from_json(doc);
    if (!text.doc || !(*text.doc == x))
      __builtin_trap();
    if (x.is<value::object>()) {
      auto id = x["id"].get_if<int64_t>();
      if (text.id != (id ? std::optional<int64_t>{*id} : std::nullopt))
        __builtin_trap();
    }
  } catch (const conversion_error&) {
    // Too deep for from_json: too deep for the SAX reader as well.
    if (text.doc)
      __builtin_trap();
  }
}

// Both frame readers, with even ids counting as calls in flight.
void check_frames(const uint8_t* data, size_t size) {
  std::vector<uint8_t> bytes(data, data + size);
  auto pending = [](int64_t id) { return id % 2 == 0; };
  static_cast<void>(detail::read_frame(bytes, pending, detail::wire_format::cbor));
  static_cast<void>(detail::read_frame(bytes, pending, detail::wire_format::json));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  check_json(data, size);
  check_frames(data, size);
  // The shallow id scan must survive anything, decodable or not.
  static_cast<void>(cbor::top_level_id(data, size));
  value first;
  if (cbor::try_decode(data, size, first))
    return 0;
  auto bytes = cbor::encode(first);
  // Text forms (tags 0, 13, text record ids) come back as [..] arrays, one
  // level deeper than they arrived.
  cbor::decode_options opts;
  opts.max_depth = cbor::default_max_depth + 1;
  value second;
  if (cbor::try_decode(bytes.data(), bytes.size(), second, opts))
    __builtin_trap();
  if (cbor::encode(second) != bytes)
    __builtin_trap();
  if (!has_nan(first) && !(first == second))
    __builtin_trap();
  // The classifier and the result parsers take whatever the server sends.
  // Even ids count as calls in flight so both the response and the stray
  // paths run.
  auto frame = rpc::classify(first, [](int64_t id) { return id % 2 == 0; });
  if (auto res = std::get_if<rpc::response>(&frame); res && res->ok())
    static_cast<void>(rpc::parse_query_results(res->result));
  static_cast<void>(rpc::parse_server_error(first));
  return 0;
}
