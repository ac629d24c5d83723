#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace surrealcaf {

/// A SurrealDB duration: non-negative seconds plus nanoseconds.
/// Invariant: `nanos < 1'000'000'000`.
struct duration {
  uint64_t seconds = 0; ///< Whole seconds.
  uint32_t nanos = 0;   ///< Nanoseconds on top, below one second.

  /// The fields, most significant first: values compare as these do.
  auto tie() const { return std::tie(seconds, nanos); }

  // Hidden friends rather than templates: no generic operator template
  // (`std::rel_ops`, a user's own) can make them ambiguous.
  /// Compare as `tie()` does: `<` is earlier (shorter).
  ///@{
  friend bool operator==(const duration& a, const duration& b) { return a.tie() == b.tie(); }
  friend bool operator!=(const duration& a, const duration& b) { return a.tie() != b.tie(); }
  friend bool operator<(const duration& a, const duration& b) { return a.tie() < b.tie(); }
  ///@}

  /// From any non-negative std::chrono duration (negative clamps to 0).
  template <class Rep, class Period>
  static duration from(std::chrono::duration<Rep, Period> d) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
    if (ns <= 0)
      return {};
    return {static_cast<uint64_t>(ns / 1'000'000'000), static_cast<uint32_t>(ns % 1'000'000'000)};
  }
};

/// SurrealQL duration text, largest units first: `1h30m`, `1y2w3d`, `1s500ms`,
/// `0ns` for zero. Units: y (365 d), w, d, h, m, s, ms, µs (U+00B5 in UTF-8,
/// as the server writes it; `us` parses too), ns.
std::string to_string(const duration& x);

/// Parses the text `to_string` writes, and `us` for `µs`; parts may come in
/// any order and repeat (`30m1h`, `1s1s`), and are summed. Nothing on
/// malformed text or overflow past `seconds`' uint64 range.
std::optional<duration> parse_duration(std::string_view text);

} // namespace surrealcaf
