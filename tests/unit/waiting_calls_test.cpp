// The calls that wait for a reconnect: in order per session, bounded,
// expiring oldest first, all taken at close.
#define CAF_SUITE waiting_calls

#include "surrealcaf/detail/waiting_calls.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;
using detail::session_key;

namespace {

// Payloads are plain strings here; the connection uses its completions.
using calls = detail::waiting_calls<std::string>;
using time_point = calls::time_point;

const time_point t0{std::chrono::hours{1}};

const session_key a{test::uuid_of("00000000-0000-4000-8000-00000000000a")};
const session_key b{test::uuid_of("00000000-0000-4000-8000-00000000000b")};

rpc::request req(rpc::method m, const session_key& s) {
  return rpc::request{0, m, {}, s, std::nullopt};
}

bool push(calls& xs, const session_key& s, rpc::method m, std::string payload,
          time_point deadline) {
  auto r = req(m, s);
  return xs.push(s, r, payload, deadline);
}

std::vector<std::string> payloads(const std::vector<calls::entry>& xs) {
  std::vector<std::string> result;
  for (auto& x : xs)
    result.push_back(x.payload);
  return result;
}

using strings = std::vector<std::string>;

} // namespace

CAF_TEST(take returns one session calls oldest first and keeps the others) {
  calls xs;
  push(xs, a, rpc::method::query, "a1", t0 + 1s);
  push(xs, std::nullopt, rpc::method::ping, "d1", t0 + 2s);
  push(xs, b, rpc::method::info, "b1", t0 + 3s);
  push(xs, a, rpc::method::let, "a2", t0 + 4s);
  push(xs, std::nullopt, rpc::method::version, "d2", t0 + 5s);
  CAF_CHECK_EQUAL(xs.size(), 5u);
  auto from_a = xs.take(a);
  CAF_CHECK((payloads(from_a) == strings{"a1", "a2"}));
  CAF_CHECK(from_a[0].req.method == rpc::method::query);
  CAF_CHECK(from_a[1].deadline == t0 + 4s);
  CAF_CHECK((payloads(xs.take(std::nullopt)) == strings{"d1", "d2"}));
  CAF_CHECK(xs.take(a).empty());
  CAF_CHECK_EQUAL(xs.size(), 1u);
  CAF_CHECK((payloads(xs.take_all()) == strings{"b1"}));
  CAF_CHECK(xs.empty());
}

CAF_TEST(a call beyond the limit is refused and left to the caller) {
  calls xs{2};
  CAF_CHECK(push(xs, a, rpc::method::query, "1", t0));
  CAF_CHECK(push(xs, b, rpc::method::query, "2", t0));
  auto r = req(rpc::method::info, a);
  std::string payload = "3";
  CAF_CHECK(!xs.push(a, r, payload, t0));
  CAF_CHECK_EQUAL(payload, "3");
  CAF_CHECK(r.method == rpc::method::info);
  CAF_CHECK_EQUAL(xs.size(), 2u);
  // Room again once one is taken; a new limit applies to the next push.
  xs.take(a);
  CAF_CHECK(xs.push(a, r, payload, t0));
  xs.set_limit(5);
  CAF_CHECK(push(xs, a, rpc::method::ping, "4", t0));
  CAF_CHECK_EQUAL(xs.size(), 3u);
}

CAF_TEST(expire ends the calls due oldest first and the next deadline follows) {
  calls xs;
  CAF_CHECK(!xs.next_deadline());
  push(xs, a, rpc::method::query, "1", t0 + 1s);
  push(xs, b, rpc::method::query, "2", t0 + 2s);
  push(xs, a, rpc::method::query, "3", t0 + 3s);
  CAF_CHECK(*xs.next_deadline() == t0 + 1s);
  CAF_CHECK(xs.expire(t0).empty());
  CAF_CHECK((payloads(xs.expire(t0 + 2s)) == strings{"1", "2"}));
  CAF_CHECK(*xs.next_deadline() == t0 + 3s);
  // Calls without a deadline wait until taken.
  push(xs, b, rpc::method::ping, "forever", time_point::max());
  CAF_CHECK((payloads(xs.expire(t0 + 1h)) == strings{"3"}));
  CAF_CHECK(*xs.next_deadline() == time_point::max());
  CAF_CHECK_EQUAL(xs.size(), 1u);
}

CAF_TEST(the next deadline is the oldest left after a take) {
  calls xs;
  push(xs, a, rpc::method::query, "1", t0 + 1s);
  push(xs, b, rpc::method::query, "2", t0 + 2s);
  xs.take(a);
  CAF_CHECK(*xs.next_deadline() == t0 + 2s);
  CAF_CHECK((payloads(xs.expire(t0 + 2s)) == strings{"2"}));
  CAF_CHECK(!xs.next_deadline());
}

CAF_TEST(deadlines out of arrival order expire by deadline and come back oldest first) {
  calls xs;
  // A later call with a shorter timeout of its own is due first.
  push(xs, a, rpc::method::query, "long", t0 + 30s);
  push(xs, b, rpc::method::query, "short", t0 + 200ms);
  push(xs, a, rpc::method::info, "middle", t0 + 5s);
  push(xs, b, rpc::method::ping, "shorter", t0 + 100ms);
  CAF_CHECK(*xs.next_deadline() == t0 + 100ms);
  CAF_CHECK((payloads(xs.expire(t0 + 200ms)) == strings{"short", "shorter"}));
  CAF_CHECK(*xs.next_deadline() == t0 + 5s);
  // A take removes a call from the deadline index too.
  CAF_CHECK((payloads(xs.take(a)) == strings{"long", "middle"}));
  CAF_CHECK(!xs.next_deadline());
  CAF_CHECK(xs.expire(t0 + 1h).empty());
  CAF_CHECK(xs.empty());
}

CAF_TEST(a call keeps the timeout it was queued with) {
  calls xs;
  auto r = req(rpc::method::query, a);
  std::string payload = "own";
  CAF_REQUIRE(xs.push(a, r, payload, t0 + 200ms, 200ms));
  push(xs, a, rpc::method::query, "default", t0 + 1s);
  auto due = xs.expire(t0 + 1s);
  CAF_REQUIRE_EQUAL(due.size(), 2u);
  CAF_CHECK_EQUAL(due[0].timeout.count(), 200);
  CAF_CHECK_EQUAL(due[1].timeout.count(), 0);
}
