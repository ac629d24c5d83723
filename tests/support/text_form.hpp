#pragma once

// Checks for a value type with a text form, such as datetime and duration:
// `to_string(x)` prints it and a parser reads the text back.

#include "caf/test/unit_test.hpp"

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "text_cases.hpp"

namespace surrealcaf::test {

/// Print-and-parse checks for `T`, a type with `seconds` and `nanos`, a
/// `to_string` found by lookup, and `parse` giving nothing for bad text.
template <class T>
class text_form {
public:
  using parser = std::optional<T> (*)(std::string_view);

  explicit text_form(parser parse) : parse_(parse) {
    // nop
  }

  /// The text `parse` makes of `text`, printed back, or "rejected".
  std::string reparsed(const std::string& text) const {
    auto result = parse_(text);
    return result ? to_string(*result) : "rejected";
  }

  /// Checks `reparsed(input) == expected` for every row.
  void check_reparsed(std::initializer_list<text_case> rows) const {
    check_cases([this](const std::string& text) { return reparsed(text); }, rows);
  }

  /// Checks that every one of `texts` is rejected.
  void check_rejected(std::initializer_list<std::string> texts) const {
    check_cases([this](const std::string& text) { return reparsed(text); }, texts, "rejected");
  }

  /// Checks that `x` prints as `text` and that the text reads back to `x`.
  void check_text(const T& x, const std::string& text) const {
    CAF_CHECK_EQUAL(to_string(x), text);
    auto back = parse_(text);
    CAF_REQUIRE(back);
    CAF_CHECK_EQUAL(back->seconds, x.seconds);
    CAF_CHECK_EQUAL(back->nanos, x.nanos);
  }

  /// Checks that `x` reads back from its own text. Fails the test at once
  /// (for loops over thousands of values, which would flood the log).
  void check_round_trip(const T& x) const {
    auto text = to_string(x);
    auto back = parse_(text);
    if (!back || *back != x)
      CAF_FAIL("no round trip for " << x.seconds << "s " << x.nanos << "ns via " << text);
  }

private:
  parser parse_;
};

} // namespace surrealcaf::test
