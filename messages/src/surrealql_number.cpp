#include "surrealql_number.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>

#include "surrealql_text.hpp"

namespace surrealcaf::detail {

namespace {

constexpr uint64_t int64_magnitude_max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

std::string without_underscores(std::string_view s) {
  std::string result;
  result.reserve(s.size());
  for (auto c : s)
    if (c != '_')
      result += c;
  return result;
}

// A digit string (no sign, no underscores) as an unsigned number.
std::optional<uint64_t> to_u64(std::string_view digits) {
  uint64_t result = 0;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), result);
  if (res.ec != std::errc{} || res.ptr != digits.data() + digits.size())
    return std::nullopt;
  return result;
}

// The signed value of a magnitude when it fits an int64 (INT64_MIN too).
std::optional<int64_t> to_int64(uint64_t magnitude, bool negative) {
  if (magnitude <= int64_magnitude_max)
    return negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
  if (negative && magnitude == int64_magnitude_max + 1)
    return std::numeric_limits<int64_t>::min();
  return std::nullopt;
}

// For a float literal beyond the double range: whether it is below it
// (reads as 0) rather than above (infinity), as Rust's parse rounds. The
// decimal exponent of its first non-zero digit decides.
bool below_double_range(const std::string& text) {
  auto exp_at = text.find_first_of("eE");
  auto mantissa = text.substr(0, exp_at);
  int64_t exponent = 0;
  if (exp_at != std::string::npos) {
    auto digits = std::string_view{text}.substr(exp_at + 1);
    bool negative = !digits.empty() && digits.front() == '-';
    if (!digits.empty() && (digits.front() == '-' || digits.front() == '+'))
      digits.remove_prefix(1);
    auto magnitude = to_u64(digits).value_or(std::numeric_limits<uint64_t>::max());
    auto clamped = static_cast<int64_t>(std::min<uint64_t>(magnitude, 1'000'000'000));
    exponent = negative ? -clamped : clamped;
  }
  auto point = mantissa.find('.');
  auto integer = mantissa.substr(0, point);
  auto first = integer.find_first_not_of('0');
  if (first != std::string::npos)
    return static_cast<int64_t>(integer.size() - first) - 1 + exponent < 0;
  auto fraction = point == std::string::npos ? std::string{} : mantissa.substr(point + 1);
  auto first_fraction = fraction.find_first_not_of('0');
  auto lead = first_fraction == std::string::npos ? 0 : static_cast<int64_t>(first_fraction) + 1;
  return exponent - lead < 0;
}

bool at_duration_unit(std::string_view text, size_t pos) {
  auto c = pos < text.size() ? text[pos] : '\0';
  switch (c) {
    case 'n':
    case 's':
    case 'm':
    case 'h':
    case 'y':
    case 'w':
    case 'u':
      return true;
    case 'd':
      return pos + 1 >= text.size() || text[pos + 1] != 'e';
    default:
      return c == '\xC2';
  }
}

class scanner {
public:
  scanner(std::string_view text, size_t pos) : text_(text), pos_(pos) {
    // nop
  }

  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  bool eat(std::string_view s) {
    if (text_.substr(pos_, s.size()) != s)
      return false;
    pos_ += s.size();
    return true;
  }

  void skip_digits() {
    while (is_digit(peek()) || peek() == '_')
      ++pos_;
  }

  literal_scan done() const {
    return {pos_, 0, {}};
  }

  literal_scan refuse(size_t at, std::string why) const {
    return {0, at, std::move(why)};
  }

  literal_scan unexpected_after(const char* what) const {
    return refuse(pos_, "unexpected " + found_text(text_, pos_) + " after " + what);
  }

  literal_scan number() {
    skip_digits();
    if (peek() == '.' && is_digit(peek(1))) {
      ++pos_;
      skip_digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      auto at = pos_++;
      if (peek() == '+' || peek() == '-')
        ++pos_;
      if (!is_digit(peek()))
        return refuse(at, "expected digits in the exponent");
      skip_digits();
    }
    if (!eat("f") && peek() == 'd' && !eat("dec"))
      return unexpected_after("a number");
    if (is_alpha(peek()))
      return unexpected_after("a number");
    return done();
  }

  // Digits and a unit, repeated: `1h30m`, `1s500ms`, `5µs`.
  literal_scan duration_literal(value& out) {
    auto start = pos_;
    while (is_digit(peek())) {
      skip_digits();
      if (!(eat("ns") || eat("us") || eat("\xC2\xB5s") || eat("ms") || eat("s") || eat("m")
            || eat("h") || eat("d") || eat("w") || eat("y")))
        return refuse(pos_, "expected a duration unit (ns, us, µs, ms, s, m, h, d, w, y), found "
                              + found_text(text_, pos_));
      if (is_alpha(peek()))
        return unexpected_after("a duration unit");
    }
    auto parsed = parse_duration(without_underscores(text_.substr(start, pos_ - start)));
    if (!parsed)
      return refuse(start, "the duration overflows");
    out = *parsed;
    return done();
  }

  literal_scan any(bool durations, value& out) {
    auto start = pos_;
    bool negative = false;
    if (peek() == '+' || peek() == '-') {
      negative = text_[pos_++] == '-';
      if (eat("Infinity")) {
        if (is_word_char(peek()))
          return unexpected_after("a number");
        auto inf = std::numeric_limits<double>::infinity();
        out = negative ? -inf : inf;
        return done();
      }
      if (!is_digit(peek()))
        return refuse(pos_, "expected digits after the sign, found " + found_text(text_, pos_));
    } else if (!is_digit(peek())) {
      return refuse(pos_, "expected a number, found " + found_text(text_, pos_));
    } else if (durations) {
      auto digits_end = pos_;
      while (is_digit(text_[digits_end]) || text_[digits_end] == '_')
        if (++digits_end == text_.size())
          break;
      if (at_duration_unit(text_, digits_end))
        return duration_literal(out);
    }
    auto body_start = pos_;
    if (auto scanned = number(); !scanned.ok())
      return scanned;
    auto text = without_underscores(text_.substr(body_start, pos_ - body_start));
    if (text.size() > 3 && text.compare(text.size() - 3, 3, "dec") == 0) {
      text.resize(text.size() - 3);
      out = decimal{(negative ? "-" : "") + text};
      return done();
    }
    if (text.find_first_of(".eEf") == std::string::npos) {
      auto magnitude = to_u64(text);
      auto n = magnitude ? to_int64(*magnitude, negative) : std::nullopt;
      if (!n)
        return refuse(start, "the number does not fit a 64-bit signed integer");
      out = *n;
      return done();
    }
    if (text.back() == 'f')
      text.pop_back();
    double d = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), d);
    if (res.ec == std::errc::result_out_of_range)
      d = below_double_range(text) ? 0.0 : std::numeric_limits<double>::infinity();
    else if (res.ec != std::errc{} || res.ptr != text.data() + text.size())
      return refuse(start, "not a number");
    out = negative ? -d : d;
    return done();
  }

private:
  std::string_view text_;
  size_t pos_;
};

} // namespace

std::optional<int64_t> digits_to_int64(std::string_view digits, bool negative) {
  auto magnitude = to_u64(without_underscores(digits));
  return magnitude ? to_int64(*magnitude, negative) : std::nullopt;
}

literal_scan scan_number(std::string_view text, size_t pos) {
  return scanner{text, pos}.number();
}

literal_scan read_number(std::string_view text, size_t pos, bool durations, value& out) {
  return scanner{text, pos}.any(durations, out);
}

} // namespace surrealcaf::detail
