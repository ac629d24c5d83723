#include "geojson_geometry.hpp"

#include <utility>
#include <vector>

namespace surrealcaf::detail {

namespace {

std::optional<point> point_of(const value& x) {
  auto xs = x.get_if<value::array>();
  if (xs == nullptr || xs->size() != 2)
    return std::nullopt;
  double coords[2];
  for (size_t i = 0; i < 2; ++i) {
    if (auto d = (*xs)[i].get_if<double>())
      coords[i] = *d;
    else if (auto n = (*xs)[i].get_if<int64_t>())
      coords[i] = static_cast<double>(*n);
    else
      return std::nullopt;
  }
  return point{coords[0], coords[1]};
}

// A list of `Part`s read by `part_of` from the array `x`.
template <class Part, class PartOf>
std::optional<std::vector<Part>> list_of(const value& x, PartOf part_of) {
  auto xs = x.get_if<value::array>();
  if (xs == nullptr)
    return std::nullopt;
  std::vector<Part> result;
  result.reserve(xs->size());
  for (auto& item : *xs) {
    auto part = part_of(item);
    if (!part)
      return std::nullopt;
    result.push_back(std::move(*part));
  }
  return result;
}

std::optional<line> line_of(const value& x) {
  auto points = list_of<point>(x, point_of);
  if (!points)
    return std::nullopt;
  return line{std::move(*points)};
}

std::optional<polygon> polygon_of(const value& x) {
  auto rings = list_of<line>(x, line_of);
  if (!rings || rings->empty())
    return std::nullopt;
  return polygon{std::move(*rings)};
}

} // namespace

std::optional<geometry> geometry_from_geojson(const value::object& obj) {
  if (obj.size() != 2)
    return std::nullopt;
  auto type = obj.find("type");
  if (type == obj.end() || !type->second.is<std::string>())
    return std::nullopt;
  auto& name = type->second.get<std::string>();
  if (name == "GeometryCollection") {
    auto members = obj.find("geometries");
    if (members == obj.end())
      return std::nullopt;
    auto items = list_of<geometry>(members->second, [](const value& item) {
      auto member = item.get_if<geometry>();
      return member ? std::optional<geometry>{*member} : std::nullopt;
    });
    if (!items)
      return std::nullopt;
    return geometry{geometry_collection{std::move(*items)}};
  }
  auto coords = obj.find("coordinates");
  if (coords == obj.end())
    return std::nullopt;
  auto& c = coords->second;
  auto wrap = [](auto x) { return x ? std::optional<geometry>{std::move(*x)} : std::nullopt; };
  if (name == "Point")
    return wrap(point_of(c));
  if (name == "LineString")
    return wrap(line_of(c));
  if (name == "Polygon")
    return wrap(polygon_of(c));
  if (name == "MultiPoint") {
    auto points = list_of<point>(c, point_of);
    return points ? std::optional<geometry>{multi_point{std::move(*points)}} : std::nullopt;
  }
  if (name == "MultiLineString") {
    auto lines = list_of<line>(c, line_of);
    return lines ? std::optional<geometry>{multi_line{std::move(*lines)}} : std::nullopt;
  }
  if (name == "MultiPolygon") {
    auto polygons = list_of<polygon>(c, polygon_of);
    return polygons ? std::optional<geometry>{multi_polygon{std::move(*polygons)}} : std::nullopt;
  }
  return std::nullopt;
}

} // namespace surrealcaf::detail
