// Reconnecting as the blocking and async faces see it: after a drop every
// session answers as before without being asked to sign in or select
// anything again, calls made during the outage wait for the resume, and the
// state events tell the story; refused attempts only lengthen the outage,
// and a slow network is no outage at all.
#define CAF_SUITE faults_reconnect

#include "surrealcaf/async.hpp"

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"
#include "three_sessions.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <string>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;

namespace {

std::string names(const std::vector<connection_event>& events) {
  std::string result;
  for (auto& ev : events)
    result += std::string{result.empty() ? "" : " "} + to_string(ev.state);
  return result;
}

void append(std::vector<connection_event>& xs, std::vector<connection_event> ys) {
  xs.insert(xs.end(), ys.begin(), ys.end());
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_reconnect_tests, test::fault_fixture)

CAF_TEST(after a drop every session answers with its own database user and variable) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto& sessions = three.sessions;
  auto events = conn.events();
  // The attached sessions are the same sessions on the server afterwards.
  auto one_id = sessions[1].query_value("RETURN $session.id");
  auto two_id = sessions[2].query_value("RETURN $session.id");
  CAF_CHECK_GREATER_OR_EQUAL(proxy.drop(), 1);
  // Calls made once the loss is known wait for the resume; one made before
  // could be in flight and fail with connection_lost, as it should.
  auto seen = test::events_until(events, state::disconnected);
  for (size_t i = 0; i < sessions.size(); ++i)
    CAF_CHECK_EQUAL(sessions[i].query_value(test::three_sessions::whoami), three.expected(i));
  CAF_CHECK_EQUAL(sessions[1].query_value("RETURN $session.id"), one_id);
  CAF_CHECK_EQUAL(sessions[2].query_value("RETURN $session.id"), two_id);
  append(seen, test::events_until(events, state::resumed));
  CAF_MESSAGE("events: " << names(seen));
  CAF_CHECK(test::states_of(seen)
            == (std::vector<state>{state::disconnected, state::reconnecting, state::connected,
                                   state::resumed}));
  CAF_MESSAGE("disconnected: " << seen.front().reason);
  CAF_CHECK(seen.front().code.has_value());
  if (seen.size() == 4) {
    CAF_CHECK_EQUAL(seen[1].attempt, 1u);
    CAF_CHECK(!seen[1].code);
    CAF_CHECK_EQUAL(seen[3].sessions, 3u);
    CAF_CHECK(seen[3].signin_required.empty());
  }
  CAF_CHECK(!events.try_next());
  CAF_CHECK(events.state() == state::resumed);
}

CAF_TEST(refused attempts lengthen the outage and calls made during it complete after it) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto& sessions = three.sessions;
  auto events = conn.events();
  auto refused_before = proxy.stats().refused;
  proxy.refuse(3);
  proxy.drop();
  auto seen = test::events_until(events, state::disconnected);
  std::vector<surrealcaf::future<value>> calls;
  for (auto& s : sessions)
    calls.push_back(s.async().query_value(test::three_sessions::whoami));
  // The second attempt fails too, and two more waits (200 ms, 400 ms) come
  // before the attempt that gets through: nothing can have answered yet.
  for (;;) {
    auto more = test::events_until(events, state::reconnecting);
    append(seen, more);
    if (seen.back().attempt >= 2)
      break;
  }
  for (auto& call : calls)
    CAF_CHECK(call.wait_for(0ms) == std::future_status::timeout);
  append(seen, test::events_until(events, state::resumed));
  CAF_MESSAGE("events: " << names(seen));
  for (size_t i = 0; i < calls.size(); ++i)
    CAF_CHECK_EQUAL(calls[i].get(), three.expected(i));
  CAF_CHECK_EQUAL(proxy.stats().refused - refused_before, 3);
  CAF_CHECK(test::states_of(seen)
            == (std::vector<state>{state::disconnected, state::reconnecting, state::reconnecting,
                                   state::reconnecting, state::reconnecting, state::connected,
                                   state::resumed}));
  // Attempts count up; each after the first says why the one before failed,
  // and waits no longer than max_delay plus its jitter.
  uint32_t attempt = 0;
  for (auto& ev : seen) {
    if (ev.state != state::reconnecting)
      continue;
    CAF_CHECK_EQUAL(ev.attempt, ++attempt);
    CAF_CHECK_EQUAL(ev.code.has_value(), attempt > 1);
    CAF_CHECK_LESS_OR_EQUAL(ev.delay, 600ms);
    CAF_MESSAGE("attempt " << ev.attempt << " after " << ev.delay.count() << " ms: " << ev.reason);
  }
  CAF_CHECK_EQUAL(attempt, 4u);
}

CAF_TEST(a slow network slows calls down and reconnects nothing) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto& sessions = three.sessions;
  auto events = conn.events();
  auto accepted = proxy.stats().accepted;
  proxy.delay(200ms);
  auto start = std::chrono::steady_clock::now();
  std::vector<surrealcaf::future<value>> calls;
  for (auto& s : sessions)
    calls.push_back(s.async().query_value(test::three_sessions::whoami));
  for (size_t i = 0; i < calls.size(); ++i)
    CAF_CHECK_EQUAL(calls[i].get(), three.expected(i));
  auto took = std::chrono::steady_clock::now() - start;
  CAF_MESSAGE("three calls with 200 ms each way took "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms");
  // Held 200 ms on the way there and 200 ms on the way back.
  CAF_CHECK_GREATER_OR_EQUAL(took, 390ms);
  proxy.delay(0ms);
  CAF_CHECK_EQUAL(sessions[0].query_value(test::three_sessions::whoami), three.expected(0));
  CAF_CHECK(!events.try_next());
  CAF_CHECK(events.state() == state::connected);
  CAF_CHECK_EQUAL(proxy.stats().accepted, accepted);
}

CAF_TEST(a drop during the resume starts it over on the next socket) {
  auto conn = test::connect_proxied();
  test::three_sessions three{conn};
  auto& sessions = three.sessions;
  auto events = conn.events();
  proxy.drop();
  // Held by the stall, the replay cannot finish on the second socket.
  proxy.stall();
  auto seen = test::events_until(events, state::connected);
  proxy.drop();
  proxy.unstall();
  append(seen, test::events_until(events, state::resumed));
  CAF_MESSAGE("events: " << names(seen));
  CAF_CHECK(test::states_of(seen)
            == (std::vector<state>{state::disconnected, state::reconnecting, state::connected,
                                   state::disconnected, state::reconnecting, state::connected,
                                   state::resumed}));
  // One outage: the attempts count on across the socket that never resumed.
  auto attempts = std::count_if(seen.begin(), seen.end(), [](auto& ev) {
    return ev.state == state::reconnecting;
  });
  CAF_CHECK_EQUAL(attempts, 2);
  if (seen.size() == 7)
    CAF_CHECK_EQUAL(seen[4].attempt, 2u);
  for (size_t i = 0; i < sessions.size(); ++i)
    CAF_CHECK_EQUAL(sessions[i].query_value(test::three_sessions::whoami), three.expected(i));
  CAF_CHECK(!events.try_next());
}

CAF_TEST_FIXTURE_SCOPE_END()
