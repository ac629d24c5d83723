#define CAF_SUITE duration

#include "surrealcaf/duration.hpp"

#include "caf/test/unit_test.hpp"

#include <limits>
#include <string>

#include "text_form.hpp"

using surrealcaf::duration;
using surrealcaf::parse_duration;
using surrealcaf::to_string;

namespace {

constexpr uint64_t uint64_max = std::numeric_limits<uint64_t>::max();

// The server's micro sign (U+00B5) in UTF-8.
const std::string micro = "\xC2\xB5";

// Prints with to_string; reads back with parse_duration.
const surrealcaf::test::text_form<duration> form{parse_duration};

} // namespace

CAF_TEST(durations print largest units first) {
  form.check_text({0, 0}, "0ns");
  form.check_text({5400, 0}, "1h30m");
  form.check_text({31'536'000 + 2 * 604'800 + 3 * 86'400, 0}, "1y2w3d");
  form.check_text({1, 500'000'000}, "1s500ms");
  form.check_text({90, 0}, "1m30s");
  form.check_text({86'400, 0}, "1d");
  form.check_text({0, 1}, "1ns");
  form.check_text({0, 1500}, "1" + micro + "s500ns");
  form.check_text({0, 999'999'999}, "999ms999" + micro + "s999ns");
  form.check_text({3600 + 1, 1'000}, "1h1s1" + micro + "s");
  // 365 days are a year; a leap year's extra day stays a day.
  form.check_text({366 * 86'400, 0}, "1y1d");
}

CAF_TEST(the largest duration prints and parses back) {
  form.check_text({uint64_max, 999'999'999}, "584942417355y3w5d7h15s999ms999" + micro + "s999ns");
}

CAF_TEST(us and the micro sign both parse) {
  form.check_reparsed({
    {"250us", "250" + micro + "s"},
    {"250" + micro + "s", "250" + micro + "s"},
  });
}

CAF_TEST(parts add up in any order and carry) {
  form.check_reparsed({
    {"30m1h", "1h30m"},
    {"1s1s", "2s"},
    {"90m", "1h30m"},
    {"1000ms", "1s"},
    {"999ms1ms", "1s"},
    {"1500000000ns", "1s500ms"},
    {"2500000us", "2s500ms"},
    {"0s", "0ns"},
    {"0ns", "0ns"},
    {"7d", "1w"},
    {"0001s", "1s"},
  });
}

CAF_TEST(overflow is rejected) {
  form.check_reparsed({
    {"18446744073709551616s", "rejected"},
    {"18446744073709551615s1s", "rejected"},
    {"584942417356y", "rejected"},
    {"18446744073709551615s999ms999us1000ns", "rejected"},
    {"18446744073709551615s999ms999us999ns",
     "584942417355y3w5d7h15s999ms999" + micro + "s999ns"},
    {"18446744073709551615ns", "584y49w23h34m33s709ms551" + micro + "s615ns"},
  });
}

CAF_TEST(malformed text is rejected) {
  form.check_rejected({"", "0", "1", "h", "1x", "1h 30m", " 1s", "1s ", "-1s", "+1s", "1.5s", "1H",
                       "1hh", "1m s", "s1", "1e3s", "1mo", micro + "s", "1" + micro, "1\xC2s"});
}

CAF_TEST(chrono durations convert and negative ones clamp to zero) {
  using namespace std::chrono;
  auto x = surrealcaf::duration::from(milliseconds{1500});
  CAF_CHECK_EQUAL(x.seconds, 1u);
  CAF_CHECK_EQUAL(x.nanos, 500'000'000u);
  CAF_CHECK_EQUAL(to_string(surrealcaf::duration::from(hours{25})), "1d1h");
  CAF_CHECK_EQUAL(to_string(surrealcaf::duration::from(seconds{-5})), "0ns");
}

CAF_TEST(values across the range round trip) {
  int round_trips = 0;
  uint64_t state = 12345;
  for (int i = 0; i < 20'000; ++i) {
    state = state * 6'364'136'223'846'793'005u + 1'442'695'040'888'963'407u;
    form.check_round_trip(
      {i % 2 == 0 ? state : state >> 34, static_cast<uint32_t>(state % 1'000'000'000u)});
    ++round_trips;
  }
  CAF_CHECK_EQUAL(round_trips, 20'000);
}
