#include "surrealcaf/duration.hpp"

#include <limits>

namespace surrealcaf {

namespace {

constexpr uint64_t secs_per_minute = 60;
constexpr uint64_t secs_per_hour = 60 * secs_per_minute;
constexpr uint64_t secs_per_day = 24 * secs_per_hour;
constexpr uint64_t secs_per_week = 7 * secs_per_day;
constexpr uint64_t secs_per_year = 365 * secs_per_day;
constexpr uint64_t nanos_per_sec = 1'000'000'000;
constexpr uint64_t uint64_max = std::numeric_limits<uint64_t>::max();

void append_part(std::string& out, uint64_t count, const char* unit) {
  if (count == 0)
    return;
  out += std::to_string(count);
  out += unit;
}

bool starts_with(std::string_view text, size_t pos, std::string_view prefix) {
  return text.size() - pos >= prefix.size() && text.compare(pos, prefix.size(), prefix) == 0;
}

// One unit: seconds per unit (0 for sub-second units) and nanoseconds per unit.
struct unit {
  std::string_view suffix;
  uint64_t secs;
  uint64_t nanos;
};

// Longer suffixes before their prefixes: "ms" before "m".
const unit units[] = {
  {"ns", 0, 1},
  {"us", 0, 1'000},
  {"\xC2\xB5s", 0, 1'000}, // the micro sign U+00B5 in UTF-8, as the server writes it
  {"ms", 0, 1'000'000},
  {"s", 1, 0},
  {"m", secs_per_minute, 0},
  {"h", secs_per_hour, 0},
  {"d", secs_per_day, 0},
  {"w", secs_per_week, 0},
  {"y", secs_per_year, 0},
};

} // namespace

std::string to_string(const duration& x) {
  // As SurrealDB prints a duration: largest unit first, zero parts left out,
  // "0ns" for zero (docs/values.md, "Datetimes and durations").
  if (x.seconds == 0 && x.nanos == 0)
    return "0ns";
  auto secs = x.seconds;
  std::string result;
  append_part(result, secs / secs_per_year, "y");
  secs %= secs_per_year;
  append_part(result, secs / secs_per_week, "w");
  secs %= secs_per_week;
  append_part(result, secs / secs_per_day, "d");
  secs %= secs_per_day;
  append_part(result, secs / secs_per_hour, "h");
  secs %= secs_per_hour;
  append_part(result, secs / secs_per_minute, "m");
  append_part(result, secs % secs_per_minute, "s");
  append_part(result, x.nanos / 1'000'000, "ms");
  append_part(result, x.nanos / 1'000 % 1'000, "\xC2\xB5s");
  append_part(result, x.nanos % 1'000, "ns");
  return result;
}

std::optional<duration> parse_duration(std::string_view text) {
  // Parts in any order and repetition, summed; like the SurrealQL lexer,
  // overflow is an error rather than saturating.
  if (text.empty())
    return std::nullopt;
  uint64_t total_secs = 0;
  uint64_t total_nanos = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    uint64_t count = 0;
    size_t digits = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
      auto digit = static_cast<uint64_t>(text[pos] - '0');
      if (count > (uint64_max - digit) / 10)
        return std::nullopt;
      count = count * 10 + digit;
    }
    if (digits == 0)
      return std::nullopt;
    const unit* found = nullptr;
    for (auto& candidate : units) {
      if (starts_with(text, pos, candidate.suffix)) {
        found = &candidate;
        break;
      }
    }
    if (found == nullptr)
      return std::nullopt;
    pos += found->suffix.size();
    uint64_t secs = 0;
    uint64_t nanos = 0;
    if (found->secs != 0) {
      if (count > uint64_max / found->secs)
        return std::nullopt;
      secs = count * found->secs;
    } else {
      const auto per_sec = nanos_per_sec / found->nanos;
      secs = count / per_sec;
      nanos = count % per_sec * found->nanos;
    }
    total_nanos += nanos;
    if (total_nanos >= nanos_per_sec) {
      total_nanos -= nanos_per_sec;
      ++secs; // cannot wrap: secs <= count / 1000 here
    }
    if (secs > uint64_max - total_secs)
      return std::nullopt;
    total_secs += secs;
  }
  return duration{total_secs, static_cast<uint32_t>(total_nanos)};
}

} // namespace surrealcaf
