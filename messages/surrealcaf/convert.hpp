#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <typeinfo>
#include <utility>
#include <variant>
#include <vector>

#include <boost/core/demangle.hpp>
#include <nlohmann/json.hpp>

#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/detail/conversion_scope.hpp"
#include "surrealcaf/json.hpp"
#include "surrealcaf/value.hpp"

/// @file
/// Converts between `value` and C++ types: `value::from(x)` and `v.as<T>()`.
///
/// Direct conversions (no JSON involved):
/// - `value`; any kind's own type (`record_id`, `datetime`, `decimal`, `uuid`,
///   `std::string`, `bool`, `set`, `geometry` and its parts such as `point`, ...):
///   `as` wants exactly that kind;
/// - integers: `as` wants an int that fits the target (no truncation); `from`
///   refuses unsigned values above INT64_MAX;
/// - floating point: `as` takes a float or an int;
/// - `std::optional<T>`: empty ↔ NONE (`as` also reads NULL as empty);
/// - `std::vector<T>` ↔ array (`as` also reads a set); `bytes` ↔ bytes (`as`
///   also reads an array of small ints); `std::map<std::string, T>` ↔ object;
/// - `nlohmann::json`: `to_json` / `from_json` (surrealcaf/json.hpp).
///
/// Any other type goes through nlohmann: it needs `to_json` / `from_json`
/// (e.g. `NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(person, id, name, born)`). Fields
/// of our types stay typed: `value::from(p)["id"]` is a record id, and `as`
/// fills a `record_id` field from a record id (and only from one: a string is
/// not parsed; a `set` field also reads arrays). Other fields follow nlohmann's
/// rules: no range check on integers, floats truncate into integers, and the
/// plain macro wants every field present (use `..._WITH_DEFAULT` otherwise).
/// Empty `std::optional` fields become NONE, which SurrealDB treats as an
/// absent field. A `std::vector<uint8_t>` field becomes an array of ints (a
/// standard container keeps nlohmann's standard form; use a `value` field to
/// send bytes). A `nlohmann::json` field would see opaque placeholders for
/// typed values; use a `value` field instead.
///
/// Errors: both throw `conversion_error` (a wrong kind, a missing field, an
/// integer that does not fit). The path (`at /friends/2: expected record, got
/// string`) is known for fields of our types and for direct containers;
/// nlohmann's own errors on plain fields keep nlohmann's text (`key 'name' not
/// found`, `type must be string, but is number`) plus the two types
/// involved. Exceptions from a user's own `to_json` / `from_json` other than
/// nlohmann's pass unchanged.
///
/// Thread safety: conversions are independent per thread and may nest.
///
/// This header also specializes `nlohmann::adl_serializer` for our types
/// (`value`, `record_id`, `datetime`, ...). Outside `value::from` / `as` they
/// write the lossy `to_json` form and read the text forms back where no
/// SurrealQL parser is needed (datetime, duration, uuid, decimal, table, set,
/// value). nlohmann 3.11 has no `std::optional` or `boost::uuids::uuid`
/// support, so this header adds both; define `SURREALCAF_NO_NLOHMANN_OPTIONAL`
/// or `SURREALCAF_NO_NLOHMANN_UUID` (identically in every translation unit)
/// if your program already specializes them. Include this header in every
/// translation unit that hands a `uuid` to nlohmann: without it nlohmann
/// silently treats the uuid as a container of 16 numbers. Only
/// `nlohmann::json` (not `ordered_json`) carries typed values.

namespace surrealcaf::detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class Allocator>
struct is_vector<std::vector<T, Allocator>> : std::true_type {};

template <class T>
struct is_string_map : std::false_type {};
template <class T, class Compare, class Allocator>
struct is_string_map<std::map<std::string, T, Compare, Allocator>> : std::true_type {};

template <class T, class Variant>
struct is_alternative : std::false_type {};
template <class T, class... Ts>
struct is_alternative<T, std::variant<Ts...>> : std::disjunction<std::is_same<T, Ts>...> {};

/// True for the kinds' own types (`record_id`, `std::string`, ...).
template <class T>
constexpr bool is_kind_type_v = is_alternative<T, value::variant_type>::value;

/// True for `point`, `line`, ...: what a geometry value may hold.
template <class T>
constexpr bool is_geometry_part_v = is_alternative<T, geometry::variant_type>::value;

/// The kind name for messages: "record", "datetime", "geometry (point)", ...
template <class T>
std::string kind_name() {
  if constexpr (is_kind_type_v<T>)
    return to_string(static_cast<value::kind>(value::variant_type{std::in_place_type<T>}.index()));
  else
    return geometry_kind_name(geometry::variant_type{std::in_place_type<T>}.index());
}

/// The held `T`, or nullptr when `x` holds another kind (or geometry).
template <class T>
const T* typed_get(const value& x) {
  if constexpr (is_geometry_part_v<T>) {
    auto geo = x.get_if<geometry>();
    return geo ? std::get_if<T>(&geo->data) : nullptr;
  } else {
    return x.get_if<T>();
  }
}

[[noreturn]] inline void throw_kind(const value& x, const std::string& expected) {
  throw conversion_error({}, "expected " + expected + ", got " + describe_kind(x));
}

template <class T>
std::string type_name() {
  return boost::core::demangle(typeid(T).name());
}

template <class T>
value value_from(const T& x);

template <class T>
T value_as(const value& x);

/// `value::from` for a type with nlohmann `to_json`.
template <class T>
value user_from(const T& x) {
  conversion_scope scope{conversion_scope::direction::to_value};
  nlohmann::json intermediate;
  try {
    intermediate = x;
  } catch (const nlohmann::json::exception& e) {
    throw conversion_error({}, describe_json_error(e, type_name<T>(), "value"));
  }
  return conversion_scope::decode(intermediate);
}

/// `value::as` for a type with nlohmann `from_json`.
template <class T>
T user_as(const value& x) {
  conversion_scope scope{conversion_scope::direction::from_value};
  const auto& intermediate = scope.expose(x);
  try {
    return intermediate.template get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw conversion_error({}, describe_json_error(e, to_string(x.type()), type_name<T>()));
  }
}

template <class T>
value value_from(const T& x) {
  if constexpr (std::is_same_v<T, nlohmann::json>) {
    return from_json(x);
  } else if constexpr (is_optional<T>::value) {
    return x ? value_from(*x) : value{};
  } else if constexpr (is_vector<T>::value && !std::is_same_v<T, bytes>) {
    value::array result;
    result.reserve(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
      try {
        result.push_back(value_from<typename T::value_type>(x[i]));
      } catch (const conversion_error& e) {
        throw e.nested(path_segment(i));
      }
    }
    return result;
  } else if constexpr (is_string_map<T>::value) {
    value::object result;
    for (const auto& [key, item] : x) {
      try {
        result.emplace(key, value_from(item));
      } catch (const conversion_error& e) {
        throw e.nested(path_segment(key));
      }
    }
    return result;
  } else if constexpr (std::is_integral_v<T> && std::is_unsigned_v<T>
                       && sizeof(T) >= sizeof(int64_t)) {
    if (x > static_cast<T>(std::numeric_limits<int64_t>::max()))
      throw conversion_error({}, "integer " + std::to_string(x) + " is above INT64_MAX");
    return static_cast<int64_t>(x);
  } else if constexpr (std::is_constructible_v<value, const T&>) {
    // `value` itself, `bytes` and the kinds' own types.
    return value{x};
  } else {
    return user_from(x);
  }
}

template <class T>
T value_as(const value& x) {
  if constexpr (std::is_same_v<T, value>) {
    return x;
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return to_json(x);
  } else if constexpr (is_optional<T>::value) {
    if (x.is_none() || x.is_null())
      return std::nullopt;
    return value_as<typename T::value_type>(x);
  } else if constexpr (std::is_same_v<T, bool>) {
    if (auto ptr = x.get_if<bool>())
      return *ptr;
    throw_kind(x, "bool");
  } else if constexpr (std::is_integral_v<T>) {
    auto ptr = x.get_if<int64_t>();
    if (!ptr)
      throw_kind(x, "int");
    auto n = *ptr;
    // Spelled per case so no comparison is trivially true (-Wtype-limits).
    bool fits = true;
    if constexpr (std::is_signed_v<T> && sizeof(T) < sizeof(int64_t))
      fits = n >= std::numeric_limits<T>::min() && n <= std::numeric_limits<T>::max();
    else if constexpr (std::is_unsigned_v<T> && sizeof(T) < sizeof(int64_t))
      fits = n >= 0 && n <= static_cast<int64_t>(std::numeric_limits<T>::max());
    else if constexpr (std::is_unsigned_v<T>)
      fits = n >= 0;
    if (!fits)
      throw conversion_error({}, "int " + std::to_string(n) + " does not fit in " + type_name<T>());
    return static_cast<T>(n);
  } else if constexpr (std::is_floating_point_v<T>) {
    if (auto ptr = x.get_if<double>())
      return static_cast<T>(*ptr);
    if (auto ptr = x.get_if<int64_t>())
      return static_cast<T>(*ptr);
    throw_kind(x, "float");
  } else if constexpr (std::is_same_v<T, set>) {
    if (auto ptr = x.get_if<set>())
      return *ptr;
    if (auto ptr = x.get_if<value::array>())
      return set{*ptr};
    throw_kind(x, "set");
  } else if constexpr (is_vector<T>::value) {
    if constexpr (std::is_same_v<T, bytes>) {
      if (auto ptr = x.get_if<bytes>())
        return *ptr;
    }
    const value::array* items = x.get_if<value::array>();
    if (auto ptr = x.get_if<set>())
      items = &ptr->items;
    if (!items)
      throw_kind(x, std::is_same_v<T, bytes> ? "bytes" : "array");
    T result;
    result.reserve(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      try {
        result.push_back(value_as<typename T::value_type>((*items)[i]));
      } catch (const conversion_error& e) {
        throw e.nested(path_segment(i));
      }
    }
    return result;
  } else if constexpr (is_string_map<T>::value) {
    auto fields = x.get_if<value::object>();
    if (!fields)
      throw_kind(x, "object");
    T result;
    for (const auto& [key, item] : *fields) {
      try {
        result.emplace(key, value_as<typename T::mapped_type>(item));
      } catch (const conversion_error& e) {
        throw e.nested(path_segment(key));
      }
    }
    return result;
  } else if constexpr (is_kind_type_v<T> || is_geometry_part_v<T>) {
    if (auto ptr = typed_get<T>(x))
      return *ptr;
    throw_kind(x, kind_name<T>());
  } else {
    return user_as<T>(x);
  }
}

/// The nlohmann serializer of a kind's own type (and of geometry parts).
template <class T>
struct typed_serializer {
  static void to_json(nlohmann::json& j, const T& x) {
    j = embed_or_plain(value{x});
  }

  static void from_json(const nlohmann::json& j, T& x) {
    if (auto source = conversion_scope::resolve(j)) {
      if (auto ptr = typed_get<T>(*source)) {
        x = *ptr;
        return;
      }
    } else if (!is_exposed(j) && read_plain(j, x)) {
      return;
    }
    throw_mismatch(j, kind_name<T>());
  }
};

} // namespace surrealcaf::detail

namespace surrealcaf {

template <class T>
value value::from(const T& x) {
  return detail::value_from(x);
}

template <class T>
T value::as() const {
  return detail::value_as<T>(*this);
}

} // namespace surrealcaf

namespace nlohmann {

/// `nlohmann::json` ↔ `surrealcaf::value`, as described in this file's
/// overview: typed inside `value::from` / `as`, the lossy JSON form elsewhere.
template <>
struct adl_serializer<surrealcaf::value> {
  /// Inside `value::from`: a placeholder that keeps `x` typed; elsewhere the
  /// lossy JSON form (`surrealcaf::to_json`).
  static void to_json(json& j, const surrealcaf::value& x) {
    j = surrealcaf::detail::embed_or_plain(x);
  }
  /// `j` as a value; inside `value::from` / `as` the typed values behind `j`
  /// come back unchanged. Throws `conversion_error`.
  static void from_json(const json& j, surrealcaf::value& x) {
    x = surrealcaf::detail::conversion_scope::decode(j);
  }
};

/// `nlohmann::json` ↔ `surrealcaf::set`, like `value`'s; any array also fills
/// a set.
template <>
struct adl_serializer<surrealcaf::set> {
  /// As for `value`: typed inside `value::from`, an array elsewhere.
  static void to_json(json& j, const surrealcaf::set& x) {
    j = surrealcaf::detail::embed_or_plain(x);
  }
  // Sets show as arrays while reading, so any array may fill a set.
  /// A set, or an array taken as one; throws `conversion_error` otherwise.
  static void from_json(const json& j, surrealcaf::set& x) {
    auto items = surrealcaf::detail::conversion_scope::decode(j);
    if (auto ptr = items.get_if<surrealcaf::set>())
      x = std::move(*ptr);
    else if (auto ptr = items.get_if<surrealcaf::value::array>())
      x = surrealcaf::set{std::move(*ptr)};
    else
      surrealcaf::detail::throw_mismatch(j, "set");
  }
};

#define SURREALCAF_TYPED_SERIALIZER(type)                                                          \
  template <>                                                                                      \
  struct adl_serializer<type> : surrealcaf::detail::typed_serializer<type> {};

SURREALCAF_TYPED_SERIALIZER(surrealcaf::decimal)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::datetime)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::duration)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::table)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::record_id)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::range)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::file_ref)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::geometry)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::point)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::line)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::polygon)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::multi_point)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::multi_line)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::multi_polygon)
SURREALCAF_TYPED_SERIALIZER(surrealcaf::geometry_collection)
#ifndef SURREALCAF_NO_NLOHMANN_UUID
SURREALCAF_TYPED_SERIALIZER(surrealcaf::uuid)
#endif

#undef SURREALCAF_TYPED_SERIALIZER

#ifndef SURREALCAF_NO_NLOHMANN_OPTIONAL
/// Empty ↔ `null`; inside `value::from`, empty → NONE (an absent field).
template <class T>
struct adl_serializer<std::optional<T>> {
  /// The held `T`, or `null` (NONE inside `value::from`).
  template <class BasicJsonType>
  static void to_json(BasicJsonType& j, const std::optional<T>& x) {
    if (x)
      j = *x;
    else if constexpr (std::is_same_v<BasicJsonType, json>)
      j = surrealcaf::detail::embed_or_plain(surrealcaf::value{});
    else
      j = nullptr;
  }

  /// Empty for `null` (and for NONE or NULL inside `as`), else a `T`.
  template <class BasicJsonType>
  static void from_json(const BasicJsonType& j, std::optional<T>& x) {
    if constexpr (std::is_same_v<BasicJsonType, json>) {
      if (auto source = surrealcaf::detail::conversion_scope::resolve(j);
          source && (source->is_none() || source->is_null())) {
        x.reset();
        return;
      }
    }
    if (j.is_null())
      x.reset();
    else
      x = j.template get<T>();
  }
};
#endif

} // namespace nlohmann
