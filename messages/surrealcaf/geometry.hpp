#pragma once

#include <cstddef>
#include <iterator>
#include <type_traits>
#include <variant>
#include <vector>

#include "surrealcaf/detail/variant_index.hpp"

namespace surrealcaf {

/// A geometry point: x is the longitude, y the latitude (GeoJSON order).
struct point {
  double x = 0; ///< Longitude.
  double y = 0; ///< Latitude.
  /// Compare the coordinates exactly.
  ///@{
  friend bool operator==(const point& a, const point& b) { return a.x == b.x && a.y == b.y; }
  friend bool operator!=(const point& a, const point& b) { return !(a == b); }
  ///@}
};

/// A line through two or more points.
struct line {
  std::vector<point> points; ///< The points, in order.
};

/// A polygon: the exterior ring first, then any holes (each a closed line).
struct polygon {
  std::vector<line> rings; ///< The exterior ring, then the holes.
};

/// Several points (GeoJSON MultiPoint).
struct multi_point {
  std::vector<point> points; ///< The points.
};

/// Several lines (GeoJSON MultiLineString).
struct multi_line {
  std::vector<line> lines; ///< The lines.
};

/// Several polygons (GeoJSON MultiPolygon).
struct multi_polygon {
  std::vector<polygon> polygons; ///< The polygons.
};

struct geometry;

/// A collection of any geometries, collections included.
struct geometry_collection {
  std::vector<geometry> items; ///< The members, in order.
};

/// Any SurrealDB geometry (CBOR tags 88–94).
struct geometry {
  /// One alternative per kind, in the order of the CBOR tags 88 to 94.
  using variant_type = std::variant<point, line, polygon, multi_point, multi_line, multi_polygon,
                                    geometry_collection>;
  /// The geometry held; `std::visit` it or `std::get_if` a kind.
  variant_type data;

  /// A point at (0, 0).
  geometry() = default;
  /// Holds `x`, any of the kinds above; implicit, so a `polygon` or a
  /// `line` passes where a `geometry` is expected.
  template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, geometry>
                                              && std::is_constructible_v<variant_type, T&&>>>
  geometry(T&& x) : data(std::forward<T>(x)) {}
};

namespace detail {

/// True for the geometries made of one list of parts: line, polygon and the
/// multi_* types (not point, and not the recursive geometry_collection).
template <class T>
constexpr bool is_list_geometry_v = std::is_same_v<T, line> || std::is_same_v<T, polygon>
                                    || std::is_same_v<T, multi_point>
                                    || std::is_same_v<T, multi_line>
                                    || std::is_same_v<T, multi_polygon>;

/// The list a geometry other than a point consists of: a line's points, a
/// polygon's rings, ..., a collection's items (const when `x` is). Each of
/// these types has that list as its only member, which the structured
/// binding relies on.
template <class T, class U = std::remove_const_t<T>,
          class = std::enable_if_t<is_list_geometry_v<U>
                                   || std::is_same_v<U, geometry_collection>>>
auto& parts(T& x) {
  auto& [list] = x;
  return list;
}

/// Where `T` stands in `geometry::variant_type`: 0 for point ... 6 for
/// geometry_collection (the order of the CBOR tags 88 to 94).
template <class T>
constexpr size_t geometry_index_v = index_of<T>(
  static_cast<const geometry::variant_type*>(nullptr));

/// GeoJSON's "type" names, indexed by geometry_index_v.
inline constexpr const char* geojson_types[] = {
  "Point",           "LineString",   "Polygon",           "MultiPoint",
  "MultiLineString", "MultiPolygon", "GeometryCollection"};
static_assert(std::size(geojson_types) == std::variant_size_v<geometry::variant_type>);

/// The GeoJSON "type" of geometry kind `T`: "Point", "LineString", ...
template <class T>
constexpr const char* geojson_type_v = geojson_types[geometry_index_v<T>];

} // namespace detail

/// Geometries are equal when they are of one kind with equal coordinates; the
/// list geometries when their parts are. Plain functions, not templates: they
/// win over any generic operator template (`std::rel_ops`, a user's own).
///@{
inline bool operator==(const line& a, const line& b) { return a.points == b.points; }
inline bool operator==(const polygon& a, const polygon& b) { return a.rings == b.rings; }
inline bool operator==(const multi_point& a, const multi_point& b) { return a.points == b.points; }
inline bool operator==(const multi_line& a, const multi_line& b) { return a.lines == b.lines; }
inline bool operator==(const multi_polygon& a, const multi_polygon& b) {
  return a.polygons == b.polygons;
}
bool operator==(const geometry_collection& a, const geometry_collection& b);
bool operator==(const geometry& a, const geometry& b);

inline bool operator!=(const line& a, const line& b) { return !(a == b); }
inline bool operator!=(const polygon& a, const polygon& b) { return !(a == b); }
inline bool operator!=(const multi_point& a, const multi_point& b) { return !(a == b); }
inline bool operator!=(const multi_line& a, const multi_line& b) { return !(a == b); }
inline bool operator!=(const multi_polygon& a, const multi_polygon& b) { return !(a == b); }
inline bool operator!=(const geometry_collection& a, const geometry_collection& b) {
  return !(a == b);
}
inline bool operator!=(const geometry& a, const geometry& b) { return !(a == b); }
///@}

} // namespace surrealcaf
