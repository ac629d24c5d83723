#include "surrealcaf/json.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include <boost/uuid/uuid_io.hpp>

#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/datetime.hpp"
#include "surrealcaf/detail/json_decode.hpp"
#include "surrealcaf/duration.hpp"
#include "surrealcaf/geometry.hpp"

namespace surrealcaf {

namespace {

// -- geometry as GeoJSON (the server's `geometry_into_json_value`) -----------

nlohmann::json coordinates(const point& x) {
  return nlohmann::json::array({x.x, x.y});
}

// Lines, polygons and the multi_* types: their parts' coordinates.
template <class T>
std::enable_if_t<detail::is_list_geometry_v<T>, nlohmann::json> coordinates(const T& x);

template <class T>
nlohmann::json coordinates(const std::vector<T>& xs) {
  auto result = nlohmann::json::array();
  for (const auto& x : xs)
    result.push_back(coordinates(x));
  return result;
}

template <class T>
std::enable_if_t<detail::is_list_geometry_v<T>, nlohmann::json> coordinates(const T& x) {
  return coordinates(detail::parts(x));
}

nlohmann::json geojson(const geometry& x) {
  return std::visit(
    [](const auto& g) -> nlohmann::json {
      using T = std::decay_t<decltype(g)>;
      const auto* type = detail::geojson_type_v<T>;
      if constexpr (std::is_same_v<T, geometry_collection>) {
        auto items = nlohmann::json::array();
        for (const auto& item : g.items)
          items.push_back(geojson(item));
        return {{"type", type}, {"geometries", std::move(items)}};
      } else {
        return {{"type", type}, {"coordinates", coordinates(g)}};
      }
    },
    x.data);
}

// -- value → JSON -------------------------------------------------------------

// The one walk behind to_json and to_wire_json: they differ only in whether an
// object field holding NONE is written as null or left out.
enum class none_fields { as_null, omitted };

nlohmann::json convert(const value& x, none_fields mode);

nlohmann::json convert_items(const value::array& xs, none_fields mode) {
  auto result = nlohmann::json::array();
  for (const auto& x : xs)
    result.push_back(convert(x, mode));
  return result;
}

nlohmann::json convert(const value& x, none_fields mode) {
  return std::visit(
    [mode](const auto& v) -> nlohmann::json {
      using T = std::decay_t<decltype(v)>;
      if constexpr (std::is_same_v<T, none_t> || std::is_same_v<T, null_t>) {
        return nullptr;
      } else if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int64_t>
                           || std::is_same_v<T, std::string>) {
        return v;
      } else if constexpr (std::is_same_v<T, double>) {
        // serde_json, which the server uses, has no NaN or infinity either.
        if (!std::isfinite(v))
          return nullptr;
        return v;
      } else if constexpr (std::is_same_v<T, decimal>) {
        return v.text;
      } else if constexpr (std::is_same_v<T, bytes>) {
        // An array of numbers, not nlohmann's binary type: JSON text has none.
        auto result = nlohmann::json::array();
        for (auto byte : v)
          result.push_back(byte);
        return result;
      } else if constexpr (std::is_same_v<T, uuid>) {
        return boost::uuids::to_string(v);
      } else if constexpr (std::is_same_v<T, datetime> || std::is_same_v<T, duration>
                           || std::is_same_v<T, record_id> || std::is_same_v<T, range>) {
        return to_string(v);
      } else if constexpr (std::is_same_v<T, table>) {
        return v.name;
      } else if constexpr (std::is_same_v<T, value::array>) {
        return convert_items(v, mode);
      } else if constexpr (std::is_same_v<T, set>) {
        return convert_items(v.items, mode);
      } else if constexpr (std::is_same_v<T, value::object>) {
        auto result = nlohmann::json::object();
        for (const auto& [key, field] : v)
          if (!(mode == none_fields::omitted && field.is_none()))
            result[key] = convert(field, mode);
        return result;
      } else if constexpr (std::is_same_v<T, geometry>) {
        return geojson(v);
      } else {
        static_assert(std::is_same_v<T, file_ref>);
        return to_string(value{v});
      }
    },
    x.data());
}

} // namespace

nlohmann::json to_json(const value& x) {
  return convert(x, none_fields::as_null);
}

nlohmann::json to_wire_json(const value& x) {
  return convert(x, none_fields::omitted);
}

value from_json(const nlohmann::json& x) {
  return detail::decode_json(x, nullptr, false);
}

namespace detail {

namespace {

// The JSON -> value walk, without recursion: `open_` holds the arrays and
// objects being filled, innermost last, so a json_max_depth-deep document
// needs no stack per level.
class json_walk {
public:
  json_walk(json_claim claim, bool strict_unsigned)
    : claim_(claim), strict_unsigned_(strict_unsigned) {
    // nop
  }

  value run(const nlohmann::json& root) {
    value result;
    start(root, result, 0);
    while (!open_.empty()) {
      auto& top = open_.back();
      path_.resize(top.path_size);
      const nlohmann::json* child;
      value* slot;
      if (auto items = top.out->get_if<value::array>()) {
        if (top.index == top.node->size()) {
          open_.pop_back();
          continue;
        }
        path_ += path_segment(top.index);
        child = &(*top.node)[top.index++];
        // Reserved up front, so the pointers into it stay valid.
        slot = &items->emplace_back();
      } else {
        if (top.field == top.node->cend()) {
          open_.pop_back();
          continue;
        }
        path_ += path_segment(top.field.key());
        child = &top.field.value();
        slot = &top.out->get<value::object>()[top.field.key()];
        ++top.field;
      }
      // May push onto open_, which invalidates `top`.
      start(*child, *slot, top.depth);
    }
    return result;
  }

private:
  struct open_container {
    const nlohmann::json* node;
    value* out;
    // How many arrays and objects are open around the children.
    size_t depth;
    size_t path_size;
    size_t index = 0;
    nlohmann::json::const_iterator field;
  };

  // Converts `node` into `out`, or opens it when it is an array or object.
  // `depth` counts the arrays and objects open around `node`.
  void start(const nlohmann::json& node, value& out, size_t depth) {
    if (claim_ != nullptr)
      if (auto claimed = claim_(node)) {
        out = *claimed;
        return;
      }
    if (!node.is_array() && !node.is_object()) {
      out = scalar(node);
      return;
    }
    if (depth == json_max_depth)
      throw conversion_error(path_, "nested deeper than " + std::to_string(json_max_depth)
                                      + " levels");
    open_container c{&node, &out, depth + 1, path_.size(), 0, {}};
    if (node.is_array()) {
      out.data().emplace<value::array>().reserve(node.size());
    } else {
      out.data().emplace<value::object>();
      c.field = node.cbegin();
    }
    open_.push_back(c);
  }

  value scalar(const nlohmann::json& node) const {
    using t = nlohmann::json::value_t;
    switch (node.type()) {
      case t::boolean:
        return node.get<bool>();
      case t::number_integer:
        return node.get<int64_t>();
      case t::number_unsigned: {
        auto x = unsigned_value(node.get<uint64_t>());
        if (strict_unsigned_ && x.is<decimal>())
          throw conversion_error(path_, "integer " + x.get<decimal>().text + " is above INT64_MAX");
        return x;
      }
      case t::number_float:
        return node.get<double>();
      case t::string:
        return node.get<std::string>();
      case t::binary:
        return bytes{node.get_binary().begin(), node.get_binary().end()};
      default:
        // null and discarded.
        return null;
    }
  }

  std::string path_;
  json_claim claim_;
  bool strict_unsigned_;
  std::vector<open_container> open_;
};

} // namespace

value unsigned_value(uint64_t n) {
  if (n <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    return static_cast<int64_t>(n);
  return decimal{std::to_string(n)};
}

value decode_json(const nlohmann::json& node, json_claim claim, bool strict_unsigned) {
  return json_walk{claim, strict_unsigned}.run(node);
}

} // namespace detail

} // namespace surrealcaf
