#define CAF_SUITE datetime

#include "surrealcaf/datetime.hpp"

#include "caf/test/unit_test.hpp"

#include <limits>
#include <string>

#include "text_form.hpp"

using surrealcaf::datetime;
using surrealcaf::parse_datetime;
using surrealcaf::to_string;

namespace {

constexpr int64_t int64_max = std::numeric_limits<int64_t>::max();
constexpr int64_t int64_min = std::numeric_limits<int64_t>::min();

// Prints with to_string, in UTC; reads back with parse_datetime.
const surrealcaf::test::text_form<datetime> form{parse_datetime};

} // namespace

CAF_TEST(the epoch and ordinary dates print as RFC 3339 UTC) {
  form.check_text({0, 0}, "1970-01-01T00:00:00Z");
  form.check_text({1'234'567'890, 0}, "2009-02-13T23:31:30Z");
  form.check_text({1'767'225'600, 0}, "2026-01-01T00:00:00Z");
  form.check_text({1'709'164'800, 0}, "2024-02-29T00:00:00Z");
}

CAF_TEST(fractions use none 3 6 or 9 digits) {
  form.check_text({0, 500'000'000}, "1970-01-01T00:00:00.500Z");
  form.check_text({0, 120'000}, "1970-01-01T00:00:00.000120Z");
  form.check_text({0, 1}, "1970-01-01T00:00:00.000000001Z");
  form.check_text({0, 999'999'999}, "1970-01-01T00:00:00.999999999Z");
  form.check_text({0, 100'000'010}, "1970-01-01T00:00:00.100000010Z");
}

CAF_TEST(pre 1970 values count nanoseconds forward) {
  form.check_text({-1, 0}, "1969-12-31T23:59:59Z");
  form.check_text({-1, 500'000'000}, "1969-12-31T23:59:59.500Z");
  form.check_text({-86'400, 123'456}, "1969-12-31T00:00:00.000123456Z");
  form.check_text({-62'135'596'800, 0}, "0001-01-01T00:00:00Z");
}

CAF_TEST(years outside 0 to 9999 are signed with at least four digits) {
  form.check_text({-62'167'219'200, 0}, "0000-01-01T00:00:00Z");
  form.check_text({-62'198'755'200, 0}, "-0001-01-01T00:00:00Z");
  form.check_text({-63'549'360'000, 0}, "-0044-03-15T00:00:00Z");
  form.check_text({253'402'300'799, 999'000'000}, "9999-12-31T23:59:59.999Z");
  form.check_text({253'402'300'800, 0}, "+10000-01-01T00:00:00Z");
  form.check_text({int64_t{1} << 40, 0}, "+36812-02-20T00:36:16Z");
  form.check_text({-(int64_t{1} << 40), 0}, "-32873-11-12T23:23:44Z");
}

CAF_TEST(the full int64 range prints and parses back) {
  form.check_text({int64_max, 999'999'999}, "+292277026596-12-04T15:30:07.999999999Z");
  form.check_text({int64_min, 0}, "-292277022657-01-27T08:29:52Z");
  form.check_text({int64_min + 1, 1}, "-292277022657-01-27T08:29:53.000000001Z");
  // One second past either end does not fit and is rejected, not wrapped.
  form.check_reparsed({
    {"+292277026596-12-04T15:30:08Z", "rejected"},
    {"-292277022657-01-27T08:29:51Z", "rejected"},
    {"+999999999999-01-01T00:00:00Z", "rejected"},
    {"-999999999999-01-01T00:00:00Z", "rejected"},
    // An offset can bring a local time just past the end back into range.
    {"+292277026596-12-04T17:30:07+02:00", "+292277026596-12-04T15:30:07Z"},
    {"-292277022657-01-27T06:29:52-02:00", "-292277022657-01-27T08:29:52Z"},
    {"+292277026596-12-04T13:30:08-02:00", "rejected"},
  });
}

CAF_TEST(values across the range round trip) {
  // A deterministic spread over all of int64, plus every day boundary region
  // around the eras where the calendar arithmetic changes.
  int round_trips = 0;
  auto check = [&](const datetime& x) {
    form.check_round_trip(x);
    ++round_trips;
  };
  uint64_t state = 0x9E3779B97F4A7C15u;
  for (int i = 0; i < 20'000; ++i) {
    state = state * 6'364'136'223'846'793'005u + 1'442'695'040'888'963'407u;
    auto secs = static_cast<int64_t>(state);
    // Shrink some values to land in the human range as well.
    if (i % 2 == 0)
      secs >>= 26;
    check({secs, static_cast<uint32_t>(state % 1'000'000'000u)});
  }
  for (int64_t base : {int64_t{0}, int64_t{-62'167'219'200}, int64_t{951'782'400},
                       int64_t{-2'208'988'800}, int64_t{253'402'300'800}})
    for (int64_t delta = -200'000; delta <= 200'000; delta += 997)
      check({base + delta, 0});
  check({int64_max, 0});
  check({int64_min, 999'999'999});
  CAF_CHECK_EQUAL(round_trips, 20'000 + 5 * 402 + 2);
}

CAF_TEST(a broken nanos invariant still prints parseable text) {
  CAF_CHECK_EQUAL(to_string(datetime{0, 4'000'000'000u}), "1970-01-01T00:00:00.999999999Z");
}

CAF_TEST(offsets convert to UTC) {
  form.check_reparsed({
    {"2026-01-01T10:00:00.123+02:00", "2026-01-01T08:00:00.123Z"},
    {"2026-01-01T10:00:00-05:30", "2026-01-01T15:30:00Z"},
    {"2025-12-31T23:00:00-02:00", "2026-01-01T01:00:00Z"},
    {"2026-01-01T00:30:00+01:00", "2025-12-31T23:30:00Z"},
    {"2026-01-01T00:00:00-00:00", "2026-01-01T00:00:00Z"},
    {"2026-01-01T00:00:00+23:59", "2025-12-31T00:01:00Z"},
    {"2026-01-01t00:00:00z", "2026-01-01T00:00:00Z"},
    {"2026-01-01 00:00:00Z", "2026-01-01T00:00:00Z"},
  });
}

CAF_TEST(fractions of one to nine digits are accepted) {
  form.check_reparsed({
    {"2026-01-01T00:00:00.5Z", "2026-01-01T00:00:00.500Z"},
    {"2026-01-01T00:00:00.1234Z", "2026-01-01T00:00:00.123400Z"},
    {"2026-01-01T00:00:00.000000007Z", "2026-01-01T00:00:00.000000007Z"},
    {"2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00Z"},
  });
}

CAF_TEST(signed and extended years parse) {
  form.check_reparsed({
    {"+2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"},
    {"-0000-01-01T00:00:00Z", "0000-01-01T00:00:00Z"},
    {"+010000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"},
  });
}

CAF_TEST(leap years follow the Gregorian rule) {
  form.check_reparsed({
    {"2000-02-29T00:00:00Z", "2000-02-29T00:00:00Z"},
    {"0000-02-29T00:00:00Z", "0000-02-29T00:00:00Z"},
    {"-0004-02-29T00:00:00Z", "-0004-02-29T00:00:00Z"},
    {"1900-02-29T00:00:00Z", "rejected"},
    {"2025-02-29T00:00:00Z", "rejected"},
    {"-0100-02-29T00:00:00Z", "rejected"},
  });
}

CAF_TEST(malformed or impossible text is rejected) {
  form.check_rejected({
    "",
    "2026-02-30T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-01-00T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "2026-01-01T23:60:00Z",
    "2026-12-31T23:59:60Z",
    "2026-01-01T00:00:00",
    "2026-01-01",
    "2026-01-01T00:00Z",
    "2026-1-01T00:00:00Z",
    "26-01-01T00:00:00Z",
    "20260-01-01T00:00:00Z",
    "+123-01-01T00:00:00Z",
    "2026-01-01T00:00:00.Z",
    "2026-01-01T00:00:00.1234567890Z",
    "2026-01-01T00:00:00+02",
    "2026-01-01T00:00:00+0200",
    "2026-01-01T00:00:00+24:00",
    "2026-01-01T00:00:00+02:60",
    "2026-01-01T00:00:00Zjunk",
    "2026-01-01X00:00:00Z",
    " 2026-01-01T00:00:00Z",
    "d'2026-01-01T00:00:00Z'",
  });
}

CAF_TEST(time points convert both ways) {
  using namespace std::chrono;
  auto epoch = system_clock::time_point{};
  auto x = datetime::from(epoch + milliseconds{1500});
  CAF_CHECK_EQUAL(x.seconds, 1);
  CAF_CHECK_EQUAL(x.nanos, 500'000'000u);
  auto y = datetime::from(epoch - nanoseconds{1});
  CAF_CHECK_EQUAL(y.seconds, -1);
  CAF_CHECK_EQUAL(y.nanos, 999'999'999u);
  CAF_CHECK(x.to_time_point() == epoch + milliseconds{1500});
  CAF_CHECK(y.to_time_point() == epoch - nanoseconds{1});
  auto now = time_point_cast<system_clock::duration>(system_clock::now());
  CAF_CHECK(datetime::from(now).to_time_point() == now);
  // Outside the clock's range the conversion saturates instead of overflowing.
  CAF_CHECK(datetime({int64_max, 0}).to_time_point() == system_clock::time_point::max());
  CAF_CHECK(datetime({int64_min, 0}).to_time_point() == system_clock::time_point::min());
}

CAF_TEST(ordering compares seconds then nanoseconds) {
  CAF_CHECK(datetime({-1, 999'999'999}) < datetime({0, 0}));
  CAF_CHECK(datetime({0, 1}) < datetime({0, 2}));
  CAF_CHECK(datetime({1, 0}) != datetime({1, 1}));
}
