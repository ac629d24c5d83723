#pragma once

// Table-driven checks of a function from text to text: one row per case and
// one loop, with every failure naming the row it comes from.

#include "caf/test/unit_test.hpp"

#include <initializer_list>
#include <string>

namespace surrealcaf::test {

/// One case: an input and the text expected of it.
struct text_case {
  std::string input;
  std::string expected;
};

/// Checks `f(input) == expected`. Both sides read "'input' -> output", so
/// a failure names the case it comes from.
template <class F>
void check_case(F&& f, const std::string& input, const std::string& expected) {
  auto label = "'" + input + "' -> ";
  CAF_CHECK_EQUAL(label + f(input), label + expected);
}

/// Checks every row with `check_case`.
template <class F>
void check_cases(F&& f, std::initializer_list<text_case> rows) {
  for (const auto& row : rows)
    check_case(f, row.input, row.expected);
}

/// Checks that `f` gives the same `expected` text for every input.
template <class F>
void check_cases(F&& f, std::initializer_list<std::string> inputs, const std::string& expected) {
  for (const auto& input : inputs)
    check_case(f, input, expected);
}

} // namespace surrealcaf::test
