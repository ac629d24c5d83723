#pragma once

#include <optional>
#include <utility>

namespace surrealcaf::detail {

/// Removes `key` from the map (`std::map`, `std::unordered_map`) and returns
/// the value it held, or nothing when `key` is not in the map.
template <class Map, class Key>
std::optional<typename Map::mapped_type> take_mapped(Map& map, const Key& key) {
  auto node = map.extract(key);
  if (!node)
    return std::nullopt;
  return std::move(node.mapped());
}

} // namespace surrealcaf::detail
