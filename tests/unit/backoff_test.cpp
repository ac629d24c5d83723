#define CAF_SUITE backoff

#include "surrealcaf/detail/backoff.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <limits>
#include <string>

using namespace surrealcaf;
using namespace std::chrono_literals;
using detail::reconnect_delay;
using detail::reconnect_gives_up;
using detail::reconnect_options_problem;
using std::chrono::milliseconds;

namespace {

// No jitter: 0.5 is the middle of the random range.
constexpr double middle = 0.5;

reconnect_options schedule(milliseconds initial, milliseconds max, double multiplier,
                           double jitter) {
  reconnect_options opts;
  opts.initial_delay = initial;
  opts.max_delay = max;
  opts.multiplier = multiplier;
  opts.jitter = jitter;
  return opts;
}

bool mentions(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

CAF_TEST(the first attempt waits the initial delay and each later one longer) {
  auto opts = schedule(100ms, 5s, 2.0, 0.2);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, middle), 100ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 2, middle), 200ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 3, middle), 400ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 6, middle), 3200ms);
  // Attempt 0 is taken as the first.
  CAF_CHECK_EQUAL(reconnect_delay(opts, 0, middle), 100ms);
  auto slow = schedule(1s, 1min, 1.5, 0);
  CAF_CHECK_EQUAL(reconnect_delay(slow, 2, middle), 1500ms);
  CAF_CHECK_EQUAL(reconnect_delay(slow, 3, middle), 2250ms);
}

CAF_TEST(the wait stops growing at the max delay) {
  auto opts = schedule(100ms, 5s, 2.0, 0);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 7, middle), 5s);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 8, middle), 5s);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1000, middle), 5s);
  // A max delay equal to the initial one keeps every wait the same.
  auto flat = schedule(300ms, 300ms, 3.0, 0);
  CAF_CHECK_EQUAL(reconnect_delay(flat, 1, middle), 300ms);
  CAF_CHECK_EQUAL(reconnect_delay(flat, 50, middle), 300ms);
}

CAF_TEST(a multiplier of one keeps every wait at the initial delay) {
  auto opts = schedule(250ms, 10s, 1.0, 0);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, middle), 250ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 40, middle), 250ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, std::numeric_limits<uint32_t>::max(), middle), 250ms);
}

CAF_TEST(huge attempt numbers do not overflow) {
  auto opts = schedule(100ms, 5s, 2.0, 0.5);
  constexpr auto huge = std::numeric_limits<uint32_t>::max();
  CAF_CHECK_EQUAL(reconnect_delay(opts, huge, middle), 5s);
  CAF_CHECK_EQUAL(reconnect_delay(opts, huge, 0.0), 2500ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, huge, 1.0), 7500ms);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1ms, 5s, 1e300, 0), huge, middle), 5s);
  // The largest wait milliseconds can hold, doubled by jitter, saturates.
  auto extreme = schedule(1ms, milliseconds::max(), 10.0, 1.0);
  CAF_CHECK_EQUAL(reconnect_delay(extreme, huge, 1.0), milliseconds::max());
  CAF_CHECK(reconnect_delay(extreme, huge, 0.0) == 0ms);
}

CAF_TEST(jitter shifts the wait by up to its share either way) {
  auto opts = schedule(1s, 10s, 2.0, 0.2);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 0.0), 800ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 1.0), 1200ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 0.25), 900ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 0.75), 1100ms);
  // Jitter applies after the cap: max_delay ± 20%.
  CAF_CHECK_EQUAL(reconnect_delay(opts, 20, 0.0), 8s);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 20, 1.0), 12s);
  // Every random number lands within the band.
  for (int i = 0; i <= 100; ++i) {
    auto wait = reconnect_delay(opts, 3, i / 100.0);
    CAF_CHECK(wait >= 3200ms && wait <= 4800ms);
  }
  // Without jitter the random number changes nothing.
  auto steady = schedule(1s, 10s, 2.0, 0);
  CAF_CHECK_EQUAL(reconnect_delay(steady, 2, 0.0), 2s);
  CAF_CHECK_EQUAL(reconnect_delay(steady, 2, 1.0), 2s);
}

CAF_TEST(the wait is never negative) {
  // Full jitter can reach zero, never below.
  auto opts = schedule(1s, 10s, 2.0, 1.0);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 0.0), 0ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 1.0), 2s);
  // Random numbers outside [0, 1], and NaN, are clamped.
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, -3.0), 0ms);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, 7.0), 2s);
  CAF_CHECK_EQUAL(reconnect_delay(opts, 1, std::nan("")), 0ms);
  // Options the check refuses still give a wait of at least zero.
  CAF_CHECK_EQUAL(reconnect_delay(schedule(-5s, 10s, 2.0, 0), 3, middle), 0ms);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1s, -1s, 2.0, 0), 3, middle), 0ms);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1s, 10s, 0.5, 0), 3, middle), 1s);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1s, 10s, std::nan(""), 0), 3, middle), 1s);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1s, 10s, 2.0, 3.0), 1, 0.0), 0ms);
  CAF_CHECK_EQUAL(reconnect_delay(schedule(1s, 10s, 2.0, -1.0), 1, 0.0), 1s);
}

CAF_TEST(the same inputs give the same wait) {
  auto opts = schedule(100ms, 5s, 2.0, 0.2);
  for (uint32_t attempt = 1; attempt < 20; ++attempt)
    CAF_CHECK_EQUAL(reconnect_delay(opts, attempt, 0.123), reconnect_delay(opts, attempt, 0.123));
}

CAF_TEST(giving up follows max attempts) {
  reconnect_options opts;
  opts.max_attempts = 3;
  opts.give_up_after = 0ms;
  CAF_CHECK(!reconnect_gives_up(opts, 0, 0ms));
  CAF_CHECK(!reconnect_gives_up(opts, 2, 1h));
  CAF_CHECK(reconnect_gives_up(opts, 3, 0ms));
  CAF_CHECK(reconnect_gives_up(opts, 4, 0ms));
  // No limit: never for attempts.
  opts.max_attempts = 0;
  CAF_CHECK(!reconnect_gives_up(opts, std::numeric_limits<uint32_t>::max(), 24h));
}

CAF_TEST(giving up follows the time since the loss) {
  reconnect_options opts;
  opts.max_attempts = 0;
  opts.give_up_after = 30s;
  CAF_CHECK(!reconnect_gives_up(opts, 100, 0ms));
  CAF_CHECK(!reconnect_gives_up(opts, 100, 29999ms));
  CAF_CHECK(reconnect_gives_up(opts, 100, 30s));
  CAF_CHECK(reconnect_gives_up(opts, 0, 1h));
  // Whichever limit comes first.
  opts.max_attempts = 5;
  CAF_CHECK(reconnect_gives_up(opts, 5, 1s));
  CAF_CHECK(reconnect_gives_up(opts, 1, 31s));
  CAF_CHECK(!reconnect_gives_up(opts, 4, 29s));
  // The defaults: no attempt limit, five minutes.
  reconnect_options defaults;
  CAF_CHECK(!reconnect_gives_up(defaults, 1000, 299s));
  CAF_CHECK(reconnect_gives_up(defaults, 1, 300s));
}

CAF_TEST(the default options are valid) {
  CAF_CHECK_EQUAL(reconnect_options_problem(reconnect_options{}), "");
  auto opts = schedule(1ms, 1ms, 1.0, 0);
  opts.jitter = 1.0;
  opts.max_waiting_calls = 1;
  opts.give_up_after = 0ms;
  opts.max_attempts = 1;
  CAF_CHECK_EQUAL(reconnect_options_problem(opts), "");
}

CAF_TEST(each invalid option is named) {
  auto problem = [](auto change) {
    reconnect_options opts;
    change(opts);
    return reconnect_options_problem(opts);
  };
  CAF_CHECK(mentions(problem([](auto& o) { o.initial_delay = 0ms; }), "initial_delay"));
  CAF_CHECK(mentions(problem([](auto& o) { o.initial_delay = -1ms; }), "initial_delay"));
  CAF_CHECK(mentions(problem([](auto& o) { o.max_delay = 99ms; }), "max_delay"));
  CAF_CHECK(mentions(problem([](auto& o) { o.multiplier = 0.99; }), "multiplier"));
  CAF_CHECK(mentions(problem([](auto& o) { o.multiplier = std::nan(""); }), "multiplier"));
  CAF_CHECK(mentions(problem([](auto& o) { o.jitter = -0.01; }), "jitter"));
  CAF_CHECK(mentions(problem([](auto& o) { o.jitter = 1.01; }), "jitter"));
  CAF_CHECK(mentions(problem([](auto& o) { o.jitter = std::nan(""); }), "jitter"));
  CAF_CHECK(mentions(problem([](auto& o) { o.max_waiting_calls = 0; }), "max_waiting_calls"));
  CAF_CHECK(mentions(problem([](auto& o) { o.give_up_after = -1ms; }), "give_up_after"));
  // Checked even when reconnecting is off.
  CAF_CHECK(mentions(problem([](auto& o) {
                       o.enabled = false;
                       o.jitter = 2;
                     }),
                     "jitter"));
}

CAF_TEST(every problem is named at once) {
  reconnect_options opts;
  opts.initial_delay = 0ms;
  opts.max_delay = -1ms;
  opts.multiplier = 0;
  opts.jitter = 5;
  opts.max_waiting_calls = 0;
  opts.give_up_after = -1s;
  auto text = reconnect_options_problem(opts);
  for (auto name : {"initial_delay", "max_delay", "multiplier", "jitter", "max_waiting_calls",
                    "give_up_after"})
    CAF_CHECK(mentions(text, name));
  // Only the broken one.
  reconnect_options one;
  one.jitter = 2;
  auto single = reconnect_options_problem(one);
  CAF_CHECK(!mentions(single, ";"));
  CAF_CHECK(!mentions(single, "initial_delay"));
}
