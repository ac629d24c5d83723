#pragma once

// GeoJSON-shaped objects as geometries, the way SurrealQL reads a literal
// object (SurrealDB's Geometry::try_from_object).

#include <optional>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// The geometry `obj` describes, or nothing: exactly two fields, `type` (a
/// GeoJSON type name) and `coordinates` of the matching shape (numbers,
/// integers or floats, as the positions), or `geometries` holding only
/// geometries for a `GeometryCollection`. Rings are taken as given (not
/// closed).
std::optional<geometry> geometry_from_geojson(const value::object& obj);

} // namespace surrealcaf::detail
