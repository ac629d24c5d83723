// When a lost socket ends the connection for good: with reconnect off at
// once, with it on once max_attempts attempts failed. Either way the events
// end with `closed`, calls in flight or waiting fail with connection_closed,
// and so does every later call, at once.
#define CAF_SUITE faults_give_up

#include "surrealcaf/async.hpp"

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"
#include "surreal_error_of.hpp"
#include "three_sessions.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;

namespace {

void append(std::vector<connection_event>& xs, std::vector<connection_event> ys) {
  xs.insert(xs.end(), ys.begin(), ys.end());
}

std::string names(const std::vector<connection_event>& events) {
  std::string result;
  for (auto& ev : events)
    result += std::string{result.empty() ? "" : " "} + to_string(ev.state);
  return result;
}

/// `call` must end within a second with connection_closed.
void check_closed(surrealcaf::future<value>& call) {
  CAF_REQUIRE(call.wait_for(1s) == std::future_status::ready);
  auto err = test::error_of([&] { call.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

/// Every session fails with connection_closed at once, and so do the
/// connection's calls.
void check_all_closed(blocking_connection& conn, test::three_sessions& three) {
  for (auto& s : three.sessions) {
    auto start = std::chrono::steady_clock::now();
    auto err = test::error_of([&] { s.query_value(test::three_sessions::whoami); });
    CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
    CAF_CHECK_LESS(std::chrono::steady_clock::now() - start, 1s);
  }
  auto err = test::error_of([&] { conn.new_session(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_give_up_tests, test::fault_fixture)

CAF_TEST(without reconnect a drop closes the connection and every session) {
  auto opts = test::fast_reconnect();
  opts.reconnect.enabled = false;
  auto conn = test::connect_proxied(opts);
  test::three_sessions three{conn};
  auto events = conn.events();
  auto accepted = proxy.stats().accepted;
  proxy.stall();
  proxy.clear_log();
  auto in_flight = three.sessions[1].async().query_value(test::three_sessions::whoami);
  CAF_REQUIRE(test::wait_until([&] { return !proxy.log().empty(); }, 5s));
  proxy.drop();
  proxy.unstall();
  auto seen = test::events_until(events, state::closed);
  CAF_MESSAGE("events: " << names(seen));
  for (auto& ev : seen)
    CAF_CHECK(ev.state == state::disconnected || ev.state == state::closed);
  CAF_CHECK(seen.back().code == errc::connection_closed);
  CAF_MESSAGE("closed: " << seen.back().reason);
  CAF_CHECK(events.ended());
  CAF_CHECK(!events.next(0ms));
  check_closed(in_flight);
  check_all_closed(conn, three);
  // Nothing tries to come back.
  std::this_thread::sleep_for(300ms);
  CAF_CHECK_EQUAL(proxy.stats().accepted, accepted);
}

CAF_TEST(after max_attempts failed attempts the connection gives up and closes) {
  auto opts = test::fast_reconnect();
  opts.reconnect.max_attempts = 2;
  auto conn = test::connect_proxied(opts);
  test::three_sessions three{conn};
  auto events = conn.events();
  auto refused = proxy.stats().refused;
  proxy.refuse(10);
  proxy.drop();
  auto seen = test::events_until(events, state::disconnected);
  auto waiting = three.sessions[2].async().query_value(test::three_sessions::whoami);
  append(seen, test::events_until(events, state::closed));
  CAF_MESSAGE("events: " << names(seen));
  CAF_CHECK(test::states_of(seen)
            == (std::vector<state>{state::disconnected, state::reconnecting, state::reconnecting,
                                   state::closed}));
  CAF_CHECK(seen.back().code == errc::connection_closed);
  CAF_MESSAGE("closed: " << seen.back().reason);
  CAF_CHECK_EQUAL(proxy.stats().refused - refused, 2);
  check_closed(waiting);
  check_all_closed(conn, three);
  CAF_CHECK(events.ended());
}

CAF_TEST_FIXTURE_SCOPE_END()
