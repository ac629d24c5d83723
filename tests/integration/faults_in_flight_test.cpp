// Calls on the socket when it is lost: they fail at once with
// connection_lost (the server may or may not have run them), whether the
// socket just ends or a reply arrives cut in half; none waits for its
// deadline, and the sessions work again once resumed. A call that waits
// for the reconnect is bounded by its own deadline.
#define CAF_SUITE faults_in_flight

#include "surrealcaf/async.hpp"

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"
#include "surreal_error_of.hpp"
#include "three_sessions.hpp"
#include "wait_until.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;
using clock_type = std::chrono::steady_clock;

namespace {

long long ms_since(clock_type::time_point start) {
  using std::chrono::duration_cast;
  return duration_cast<std::chrono::milliseconds>(clock_type::now() - start).count();
}

void check_all_work(test::three_sessions& three) {
  for (size_t i = 0; i < three.sessions.size(); ++i)
    CAF_CHECK_EQUAL(three.sessions[i].query_value(test::three_sessions::whoami),
                    three.expected(i));
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_in_flight_tests, test::fault_fixture)

CAF_TEST(calls in flight when the socket drops fail with connection_lost within a second) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto events = conn.events();
  proxy.stall();
  proxy.clear_log();
  std::vector<surrealcaf::future<value>> calls;
  for (int round = 0; round < 2; ++round)
    for (auto& s : three.sessions)
      calls.push_back(s.async().query_value(test::three_sessions::whoami));
  // In flight for sure once the proxy holds them all.
  auto held = [&] {
    auto log = proxy.log();
    return std::count_if(log.begin(), log.end(), [](auto& x) { return x.method == "query"; })
           == static_cast<long>(calls.size());
  };
  CAF_REQUIRE(test::wait_until(held, 5s));
  auto dropped = clock_type::now();
  proxy.drop();
  long long slowest = 0;
  for (auto& call : calls) {
    CAF_REQUIRE(call.wait_until(dropped + 1s) == std::future_status::ready);
    slowest = std::max(slowest, ms_since(dropped));
    auto err = test::error_of([&] { call.get(); });
    CAF_CHECK_EQUAL(err.code(), errc::connection_lost);
  }
  CAF_MESSAGE(calls.size() << " calls in flight failed within " << slowest << " ms of the drop");
  proxy.unstall();
  test::events_until(events, state::resumed);
  check_all_work(three);
}

CAF_TEST(a reply cut in half ends its call and the sessions work again) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto events = conn.events();
  proxy.cut();
  auto start = clock_type::now();
  auto call = three.sessions[1].async().query_value(test::three_sessions::whoami);
  CAF_REQUIRE(call.wait_for(2s) == std::future_status::ready);
  auto took = ms_since(start);
  auto err = test::error_of([&] { call.get(); });
  CAF_MESSAGE("the call whose reply was cut ended after " << took << " ms: " << err.what());
  CAF_CHECK_EQUAL(err.code(), errc::connection_lost);
  auto seen = test::events_until(events, state::resumed);
  CAF_CHECK(seen.front().state == state::disconnected);
  check_all_work(three);
}

CAF_TEST(a call waiting for the reconnect fails with timeout at its deadline) {
  auto opts = test::fast_reconnect();
  opts.request_timeout = 1s;
  auto conn = test::connect_proxied(opts);
  auto main = conn.default_session();
  main.let("var", "kept");
  auto events = conn.events();
  proxy.refuse(1000);
  proxy.drop();
  test::events_until(events, state::disconnected);
  auto start = clock_type::now();
  auto call = main.async().query_value("RETURN $var");
  CAF_REQUIRE(call.wait_for(3s) == std::future_status::ready);
  auto took = ms_since(start);
  auto err = test::error_of([&] { call.get(); });
  CAF_MESSAGE("the waiting call ended after " << took << " ms: " << err.what());
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK_GREATER_OR_EQUAL(took, 950);
  proxy.refuse(0);
  test::events_until(events, state::resumed);
  CAF_CHECK_EQUAL(main.query_value("RETURN $var"), value{"kept"});
}

CAF_TEST_FIXTURE_SCOPE_END()
