#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <type_traits>

namespace surrealcaf::detail {

/// The integer value of the enumerator `x`, as an index.
template <class Enum>
constexpr size_t enum_index(Enum x) noexcept {
  return static_cast<size_t>(static_cast<std::underlying_type_t<Enum>>(x));
}

/// The names of the enumerators `First` to `Last` of an enum whose values in
/// that range are contiguous, given in enumerator order. One table serves
/// both directions, so `to_string` and a parser cannot drift apart, and a
/// table with a name too many or too few does not compile:
/// @code
/// constexpr enum_names<color::red, color::blue> color_names{"red", "green", "blue"};
/// color_names.name_or(color::green, "?"); // "green"
/// color_names.parse("blue");              // color::blue
/// @endcode
template <auto First, auto Last>
class enum_names {
public:
  using enum_type = decltype(First);

  static_assert(std::is_enum_v<enum_type> && std::is_same_v<enum_type, decltype(Last)>,
                "First and Last are enumerators of one enum");

  template <class... Names>
  constexpr enum_names(Names... names) : names_{{names...}} {
    static_assert(sizeof...(Names) == size, "one name per enumerator from First to Last");
  }

  /// The name of `x`, or `fallback` when `x` lies outside `First`..`Last`
  /// (a value cast from an out-of-range integer).
  constexpr const char* name_or(enum_type x, const char* fallback) const noexcept {
    // An `x` below `First` wraps around to a large offset.
    auto offset = enum_index(x) - enum_index(First);
    return offset < size ? names_[offset] : fallback;
  }

  /// The enumerator named exactly `name` (case-sensitive), or nothing.
  constexpr std::optional<enum_type> parse(std::string_view name) const noexcept {
    for (size_t i = 0; i < size; ++i)
      if (name == names_[i])
        return static_cast<enum_type>(enum_index(First) + i);
    return std::nullopt;
  }

private:
  static constexpr size_t size = enum_index(Last) - enum_index(First) + 1;

  std::array<const char*, size> names_;
};

} // namespace surrealcaf::detail
