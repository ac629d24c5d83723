#include "surrealcaf/datetime.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <optional>

namespace surrealcaf {

namespace {

constexpr int64_t secs_per_day = 86'400;
constexpr int64_t nanos_per_sec = 1'000'000'000;
constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();
constexpr int64_t int64_min = std::numeric_limits<int64_t>::min();

// Years beyond this magnitude cannot be a datetime: int64 seconds end near
// year ±292'277'026'596. Bounding the parsed year first keeps the day count
// of days_from_civil far away from overflow.
constexpr int64_t max_year_magnitude = 1'000'000'000'000;

struct civil_date {
  int64_t year;
  unsigned month; // 1..12
  unsigned day;   // 1..31
};

// Howard Hinnant's civil_from_days (proleptic Gregorian, day 0 = 1970-01-01),
// with int64 arithmetic. Every input from an int64 second count (|days| below
// 1.1e14) keeps z, era * 146097 and the year well inside int64.
civil_date civil_from_days(int64_t days) {
  const int64_t z = days + 719'468;
  const int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
  const auto doe = static_cast<unsigned>(z - era * 146'097);                 // [0, 146096]
  const unsigned yoe = (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365; // [0, 399]
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);             // [0, 365]
  const unsigned mp = (5 * doy + 2) / 153;                                  // [0, 11]
  const unsigned day = doy - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

// Howard Hinnant's days_from_civil; callers keep |year| <= max_year_magnitude.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const auto yoe = static_cast<unsigned>(year - era * 400);                   // [0, 399]
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;                 // [0, 146096]
  return era * 146'097 + static_cast<int64_t>(doe) - 719'468;
}

bool is_leap(int64_t year) {
  return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}

unsigned days_in_month(int64_t year, unsigned month) {
  static constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap(year) ? 29 : days[month - 1];
}

bool add_overflows(int64_t a, int64_t b, int64_t& out) {
  if ((b > 0 && a > int64_max - b) || (b < 0 && a < int64_min - b))
    return true;
  out = a + b;
  return false;
}

bool mul_overflows(int64_t a, int64_t factor, int64_t& out) {
  // factor is a positive constant here.
  if (a > int64_max / factor || a < int64_min / factor)
    return true;
  out = a * factor;
  return false;
}

// days * 86400 + rest for a small rest (a few days at most). Normalizing rest
// to [0, 86400) and, for negative days, taking the product one day closer to
// zero puts the product between 0 and the result, so it only overflows if the
// result does (this matters at INT64_MIN and INT64_MAX).
bool seconds_from_days(int64_t days, int64_t rest, int64_t& out) {
  days += rest / secs_per_day;
  rest %= secs_per_day;
  if (rest < 0) {
    rest += secs_per_day;
    --days;
  }
  if (days < 0) {
    ++days;
    rest -= secs_per_day;
  }
  int64_t product = 0;
  if (mul_overflows(days, secs_per_day, product))
    return true;
  return add_overflows(product, rest, out);
}

// Reads exactly `n` digits.
bool read_digits(std::string_view text, size_t& pos, size_t n, int64_t& out) {
  if (text.size() - pos < n)
    return false;
  int64_t result = 0;
  for (size_t i = 0; i < n; ++i) {
    auto c = text[pos + i];
    if (c < '0' || c > '9')
      return false;
    result = result * 10 + (c - '0');
  }
  pos += n;
  out = result;
  return true;
}

bool read_char(std::string_view text, size_t& pos, char expected) {
  if (pos >= text.size() || text[pos] != expected)
    return false;
  ++pos;
  return true;
}

// Year: 4 digits, or a sign and 4 or more digits (what to_string writes
// outside 0..9999, and what chrono's RFC 3339 output uses).
bool read_year(std::string_view text, size_t& pos, int64_t& year) {
  bool negative = false;
  bool is_signed = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    negative = text[pos] == '-';
    is_signed = true;
    ++pos;
  }
  size_t n = 0;
  while (pos + n < text.size() && text[pos + n] >= '0' && text[pos + n] <= '9')
    ++n;
  if (n < 4 || (!is_signed && n != 4) || n > 13)
    return false;
  int64_t magnitude = 0;
  read_digits(text, pos, n, magnitude);
  if (magnitude > max_year_magnitude)
    return false;
  year = negative ? -magnitude : magnitude;
  return true;
}

// Up to 9 fraction digits, scaled to nanoseconds.
bool read_fraction(std::string_view text, size_t& pos, int64_t& nanos) {
  size_t n = 0;
  while (pos + n < text.size() && text[pos + n] >= '0' && text[pos + n] <= '9')
    ++n;
  if (n < 1 || n > 9)
    return false;
  read_digits(text, pos, n, nanos);
  for (; n < 9; ++n)
    nanos *= 10;
  return true;
}

// `YYYY-MM-DD`, an existing day.
std::optional<civil_date> read_date(std::string_view text, size_t& pos) {
  int64_t year = 0;
  int64_t month = 0;
  int64_t day = 0;
  if (!read_year(text, pos, year) || !read_char(text, pos, '-')
      || !read_digits(text, pos, 2, month) || !read_char(text, pos, '-')
      || !read_digits(text, pos, 2, day) || month < 1 || month > 12 || day < 1
      || day > days_in_month(year, static_cast<unsigned>(month)))
    return std::nullopt;
  return civil_date{year, static_cast<unsigned>(month), static_cast<unsigned>(day)};
}

// `hh:mm:ss` as the second of the day. Leap seconds (:60) are rejected: the
// model has no room for them.
std::optional<int64_t> read_time_of_day(std::string_view text, size_t& pos) {
  int64_t hour = 0;
  int64_t minute = 0;
  int64_t second = 0;
  if (!read_digits(text, pos, 2, hour) || !read_char(text, pos, ':')
      || !read_digits(text, pos, 2, minute) || !read_char(text, pos, ':')
      || !read_digits(text, pos, 2, second) || hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  return hour * 3600 + minute * 60 + second;
}

// `Z` (or `z`) or `±hh:mm`, as seconds ahead of UTC.
std::optional<int64_t> read_offset(std::string_view text, size_t& pos) {
  if (pos >= text.size())
    return std::nullopt;
  const char sign = text[pos++];
  if (sign == 'Z' || sign == 'z')
    return 0;
  int64_t hour = 0;
  int64_t minute = 0;
  if ((sign != '+' && sign != '-') || !read_digits(text, pos, 2, hour)
      || !read_char(text, pos, ':') || !read_digits(text, pos, 2, minute) || hour > 23
      || minute > 59)
    return std::nullopt;
  const int64_t offset = (hour * 60 + minute) * 60;
  return sign == '-' ? -offset : offset;
}

} // namespace

datetime datetime::from(std::chrono::system_clock::time_point tp) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(tp.time_since_epoch()).count();
  auto secs = ns / nanos_per_sec;
  auto rest = ns % nanos_per_sec;
  if (rest < 0) { // pre-1970: nanoseconds count forward from the earlier second
    rest += nanos_per_sec;
    --secs;
  }
  return {secs, static_cast<uint32_t>(rest)};
}

std::chrono::system_clock::time_point datetime::to_time_point() const {
  using std::chrono::nanoseconds;
  using std::chrono::system_clock;
  // Outside the precondition, saturate instead of overflowing (UB) while
  // scaling seconds to nanoseconds.
  constexpr auto max_ns = std::numeric_limits<nanoseconds::rep>::max();
  constexpr auto min_ns = std::numeric_limits<nanoseconds::rep>::min();
  if (seconds > (max_ns - nanos) / nanos_per_sec)
    return system_clock::time_point::max();
  if (seconds < min_ns / nanos_per_sec)
    return system_clock::time_point::min();
  nanoseconds ns{seconds * nanos_per_sec + nanos};
  return system_clock::time_point{std::chrono::duration_cast<system_clock::duration>(ns)};
}

std::string to_string(const datetime& x) {
  // Split into days and second of day with a floored division, written so
  // that INT64_MIN does not overflow.
  int64_t days = x.seconds / secs_per_day;
  int64_t sod = x.seconds % secs_per_day;
  if (sod < 0) {
    sod += secs_per_day;
    --days;
  }
  // Every int64 second count maps to a year of at most 12 digits, so all
  // values print; a broken nanos invariant is clamped instead of writing a
  // 10-digit fraction that would not parse back.
  const auto date = civil_from_days(days);
  const auto nanos = std::min<uint32_t>(x.nanos, 999'999'999);
  char buf[64];
  int len;
  if (date.year >= 0 && date.year <= 9999)
    len = std::snprintf(buf, sizeof(buf), "%04lld", static_cast<long long>(date.year));
  else
    len = std::snprintf(buf, sizeof(buf), "%+05lld", static_cast<long long>(date.year));
  len += std::snprintf(buf + len, sizeof(buf) - static_cast<size_t>(len),
                       "-%02u-%02uT%02d:%02d:%02d", date.month, date.day,
                       static_cast<int>(sod / 3600), static_cast<int>(sod / 60 % 60),
                       static_cast<int>(sod % 60));
  // As chrono's SecondsFormat::AutoSi: the shortest of 0, 3, 6 or 9 digits.
  if (nanos != 0) {
    if (nanos % 1'000'000 == 0)
      len += std::snprintf(buf + len, sizeof(buf) - static_cast<size_t>(len), ".%03u",
                           nanos / 1'000'000);
    else if (nanos % 1'000 == 0)
      len += std::snprintf(buf + len, sizeof(buf) - static_cast<size_t>(len), ".%06u",
                           nanos / 1'000);
    else
      len += std::snprintf(buf + len, sizeof(buf) - static_cast<size_t>(len), ".%09u", nanos);
  }
  std::string result{buf, static_cast<size_t>(len)};
  result += 'Z';
  return result;
}

std::optional<datetime> parse_datetime(std::string_view text) {
  size_t pos = 0;
  auto date = read_date(text, pos);
  // RFC 3339 allows a lowercase 't' and (section 5.6, note) a space.
  if (!date || pos >= text.size() || (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' '))
    return std::nullopt;
  ++pos;
  auto time_of_day = read_time_of_day(text, pos);
  if (!time_of_day)
    return std::nullopt;
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    if (!read_fraction(text, pos, nanos))
      return std::nullopt;
  }
  auto offset = read_offset(text, pos);
  if (!offset || pos != text.size())
    return std::nullopt;
  // Local time minus the offset is UTC.
  int64_t seconds = 0;
  if (seconds_from_days(days_from_civil(date->year, date->month, date->day),
                        *time_of_day - *offset, seconds))
    return std::nullopt;
  return datetime{seconds, static_cast<uint32_t>(nanos)};
}

} // namespace surrealcaf
