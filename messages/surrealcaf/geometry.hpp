#pragma once

#include <type_traits>
#include <variant>
#include <vector>

namespace surrealcaf {

/// A geometry point: x is the longitude, y the latitude (GeoJSON order).
struct point {
  double x = 0;
  double y = 0;
  friend bool operator==(const point& a, const point& b) { return a.x == b.x && a.y == b.y; }
  friend bool operator!=(const point& a, const point& b) { return !(a == b); }
};

/// A line through two or more points.
struct line {
  std::vector<point> points;
  friend bool operator==(const line& a, const line& b) { return a.points == b.points; }
  friend bool operator!=(const line& a, const line& b) { return !(a == b); }
};

/// A polygon: the exterior ring first, then any holes (each a closed line).
struct polygon {
  std::vector<line> rings;
  friend bool operator==(const polygon& a, const polygon& b) { return a.rings == b.rings; }
  friend bool operator!=(const polygon& a, const polygon& b) { return !(a == b); }
};

struct multi_point {
  std::vector<point> points;
  friend bool operator==(const multi_point& a, const multi_point& b) { return a.points == b.points; }
  friend bool operator!=(const multi_point& a, const multi_point& b) { return !(a == b); }
};

struct multi_line {
  std::vector<line> lines;
  friend bool operator==(const multi_line& a, const multi_line& b) { return a.lines == b.lines; }
  friend bool operator!=(const multi_line& a, const multi_line& b) { return !(a == b); }
};

struct multi_polygon {
  std::vector<polygon> polygons;
  friend bool operator==(const multi_polygon& a, const multi_polygon& b) {
    return a.polygons == b.polygons;
  }
  friend bool operator!=(const multi_polygon& a, const multi_polygon& b) { return !(a == b); }
};

struct geometry;

/// A collection of any geometries, collections included.
struct geometry_collection {
  std::vector<geometry> items;
};

/// Any SurrealDB geometry (CBOR tags 88–94).
struct geometry {
  using variant_type = std::variant<point, line, polygon, multi_point, multi_line, multi_polygon,
                                    geometry_collection>;
  variant_type data;

  geometry() = default;
  template <class T, class = std::enable_if_t<!std::is_same_v<std::decay_t<T>, geometry>
                                              && std::is_constructible_v<variant_type, T&&>>>
  geometry(T&& x) : data(std::forward<T>(x)) {}
};

bool operator==(const geometry& a, const geometry& b);
inline bool operator!=(const geometry& a, const geometry& b) { return !(a == b); }
bool operator==(const geometry_collection& a, const geometry_collection& b);
inline bool operator!=(const geometry_collection& a, const geometry_collection& b) {
  return !(a == b);
}

} // namespace surrealcaf
