#pragma once

#include <cstddef>
#include <type_traits>
#include <variant>

namespace surrealcaf::detail {

/// The index of `T` among the variant's alternatives (their count if
/// absent), at compile time: `index_of<T>(static_cast<const V*>(nullptr))`.
template <class T, class... Ts>
constexpr size_t index_of(const std::variant<Ts...>*) {
  constexpr bool matches[] = {std::is_same_v<T, Ts>...};
  size_t i = 0;
  while (i < sizeof...(Ts) && !matches[i])
    ++i;
  return i;
}

} // namespace surrealcaf::detail
