#pragma once

namespace surrealcaf {

/// `==`, `!=` and `<` for small value types of this namespace that opt in with
/// a member `auto tie() const { return std::tie(...); }` listing their fields,
/// most significant first: two values compare as those tuples do (equal when
/// every field is, ordered by the first field that differs). Types without
/// `tie()` are not affected.
template <class T>
auto operator==(const T& a, const T& b) -> decltype(a.tie() == b.tie()) {
  return a.tie() == b.tie();
}

template <class T>
auto operator!=(const T& a, const T& b) -> decltype(a.tie() != b.tie()) {
  return a.tie() != b.tie();
}

template <class T>
auto operator<(const T& a, const T& b) -> decltype(a.tie() < b.tie()) {
  return a.tie() < b.tie();
}

} // namespace surrealcaf
