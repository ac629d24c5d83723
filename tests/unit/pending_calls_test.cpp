#define CAF_SUITE pending_calls

#include "surrealcaf/detail/pending_calls.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "uuid_of.hpp"

using namespace surrealcaf;
using detail::pending_calls;

namespace {

uuid some_uuid() {
  return test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
}

} // namespace

CAF_TEST(ids start at one and only grow) {
  pending_calls<std::string> calls;
  CAF_CHECK_EQUAL(calls.next_id(), 1);
  CAF_CHECK_EQUAL(calls.add("a", std::nullopt, rpc::method::ping), 1);
  CAF_CHECK_EQUAL(calls.add("b", std::nullopt, rpc::method::ping), 2);
  CAF_REQUIRE(calls.take(2));
  // A finished id is never handed out again.
  CAF_CHECK_EQUAL(calls.add("c", std::nullopt, rpc::method::ping), 3);
  CAF_CHECK_EQUAL(calls.size(), 2u);
}

CAF_TEST(take returns the entry once) {
  pending_calls<std::string> calls;
  auto id = calls.add("waiter", some_uuid(), rpc::method::query);
  CAF_CHECK(calls.contains(id));
  CAF_REQUIRE(calls.find(id) != nullptr);
  CAF_CHECK_EQUAL(calls.find(id)->payload, "waiter");
  auto e = calls.take(id);
  CAF_REQUIRE(e);
  CAF_CHECK_EQUAL(e->payload, "waiter");
  CAF_CHECK(e->session == some_uuid());
  CAF_CHECK(e->method == rpc::method::query);
  CAF_CHECK(!calls.contains(id));
  CAF_CHECK(!calls.take(id));
  CAF_CHECK(calls.find(id) == nullptr);
  CAF_CHECK(calls.empty());
}

CAF_TEST(take of an unknown id changes nothing) {
  pending_calls<int> calls;
  calls.add(7, std::nullopt, rpc::method::ping);
  CAF_CHECK(!calls.take(42));
  CAF_CHECK(!calls.take(0));
  CAF_CHECK(!calls.take(-1));
  CAF_CHECK_EQUAL(calls.size(), 1u);
}

CAF_TEST(take all empties the table oldest first) {
  pending_calls<std::string> calls;
  calls.add("first", std::nullopt, rpc::method::ping);
  calls.add("second", some_uuid(), rpc::method::use);
  calls.add("third", std::nullopt, rpc::method::version);
  calls.take(2);
  auto all = calls.take_all();
  CAF_REQUIRE_EQUAL(all.size(), 2u);
  CAF_CHECK_EQUAL(all[0].first, 1);
  CAF_CHECK_EQUAL(all[0].second.payload, "first");
  CAF_CHECK_EQUAL(all[1].first, 3);
  CAF_CHECK_EQUAL(all[1].second.payload, "third");
  CAF_CHECK(calls.empty());
  CAF_CHECK(calls.take_all().empty());
  // Ids keep growing after a take_all.
  CAF_CHECK_EQUAL(calls.add("fourth", std::nullopt, rpc::method::ping), 4);
}

CAF_TEST(expire takes the calls whose deadline passed oldest first) {
  using namespace std::chrono_literals;
  pending_calls<std::string> calls;
  pending_calls<std::string>::time_point t0{};
  calls.add("a", std::nullopt, rpc::method::ping, t0 + 1s);
  calls.add("b", std::nullopt, rpc::method::query, t0 + 2s);
  calls.add("c", std::nullopt, rpc::method::info, t0 + 3s);
  CAF_CHECK(calls.next_deadline() == t0 + 1s);
  CAF_CHECK(calls.expire(t0 + 999ms).empty());
  auto due = calls.expire(t0 + 2s);
  CAF_REQUIRE_EQUAL(due.size(), 2u);
  CAF_CHECK_EQUAL(due[0].first, 1);
  CAF_CHECK_EQUAL(due[0].second.payload, "a");
  CAF_CHECK_EQUAL(due[1].first, 2);
  CAF_CHECK(due[1].second.method == rpc::method::query);
  CAF_CHECK_EQUAL(calls.size(), 1u);
  CAF_CHECK(calls.next_deadline() == t0 + 3s);
  // A reply that comes for an expired call finds nothing.
  CAF_CHECK(!calls.take(1));
  CAF_REQUIRE(calls.take(3));
  CAF_CHECK(!calls.next_deadline());
}

CAF_TEST(calls without a deadline never expire) {
  pending_calls<int> calls;
  calls.add(1, std::nullopt, rpc::method::ping);
  CAF_CHECK(!calls.next_deadline());
  CAF_CHECK(calls.expire(pending_calls<int>::time_point::max() - std::chrono::hours{1}).empty());
  CAF_CHECK_EQUAL(calls.size(), 1u);
}

CAF_TEST(expire takes every call due whatever the order of the deadlines) {
  using namespace std::chrono_literals;
  pending_calls<std::string> calls;
  pending_calls<std::string>::time_point t0{};
  calls.add("a", std::nullopt, rpc::method::ping, t0 + 5s);
  calls.add("b", std::nullopt, rpc::method::query, t0 + 1s);
  calls.add("c", std::nullopt, rpc::method::info, t0 + 3s);
  calls.add("d", std::nullopt, rpc::method::ping);
  calls.add("e", std::nullopt, rpc::method::use, t0 + 1s);
  CAF_CHECK(calls.next_deadline() == t0 + 1s);
  CAF_CHECK(calls.expire(t0 + 999ms).empty());
  CAF_CHECK_EQUAL(calls.size(), 5u);
  auto due = calls.expire(t0 + 3s);
  CAF_REQUIRE_EQUAL(due.size(), 3u);
  // Oldest id first, not earliest deadline first.
  CAF_CHECK_EQUAL(due[0].first, 2);
  CAF_CHECK_EQUAL(due[0].second.payload, "b");
  CAF_CHECK_EQUAL(due[1].first, 3);
  CAF_CHECK_EQUAL(due[1].second.payload, "c");
  CAF_CHECK(due[1].second.deadline == t0 + 3s);
  CAF_CHECK_EQUAL(due[2].first, 5);
  CAF_CHECK(due[2].second.method == rpc::method::use);
  CAF_CHECK(calls.next_deadline() == t0 + 5s);
  CAF_CHECK(calls.contains(1));
  CAF_CHECK(calls.contains(4));
  due = calls.expire(t0 + 5s);
  CAF_REQUIRE_EQUAL(due.size(), 1u);
  CAF_CHECK_EQUAL(due[0].first, 1);
  CAF_CHECK(!calls.next_deadline());
  CAF_CHECK_EQUAL(calls.size(), 1u);
}

CAF_TEST(calls sent after a reconnect keep their earlier deadlines) {
  using namespace std::chrono_literals;
  pending_calls<std::string> calls;
  pending_calls<std::string>::time_point t0{};
  // The resume calls go first with fresh deadlines, then the calls that
  // waited, with the deadlines they got before the socket was lost.
  calls.add("attach", std::nullopt, rpc::method::attach, t0 + 40s);
  calls.add("use", std::nullopt, rpc::method::use, t0 + 40s);
  calls.add("waited 1", std::nullopt, rpc::method::query, t0 + 12s);
  calls.add("waited 2", std::nullopt, rpc::method::query, t0 + 15s);
  CAF_CHECK(calls.next_deadline() == t0 + 12s);
  auto due = calls.expire(t0 + 15s);
  CAF_REQUIRE_EQUAL(due.size(), 2u);
  CAF_CHECK_EQUAL(due[0].second.payload, "waited 1");
  CAF_CHECK_EQUAL(due[1].second.payload, "waited 2");
  CAF_CHECK(calls.next_deadline() == t0 + 40s);
  CAF_CHECK_EQUAL(calls.size(), 2u);
}

CAF_TEST(the next deadline is the earliest of any call) {
  using namespace std::chrono_literals;
  pending_calls<int> calls;
  pending_calls<int>::time_point t0{};
  // The oldest call has none; a newer one still sets the next deadline.
  calls.add(1, std::nullopt, rpc::method::ping);
  CAF_CHECK(!calls.next_deadline());
  calls.add(2, std::nullopt, rpc::method::ping, t0 + 9s);
  CAF_CHECK(calls.next_deadline() == t0 + 9s);
  calls.add(3, std::nullopt, rpc::method::ping, t0 + 4s);
  CAF_CHECK(calls.next_deadline() == t0 + 4s);
  calls.add(4, std::nullopt, rpc::method::ping, t0 + 6s);
  CAF_CHECK(calls.next_deadline() == t0 + 4s);
}

CAF_TEST(a deadline equal to now is due and equal deadlines expire together) {
  using namespace std::chrono_literals;
  pending_calls<int> calls;
  pending_calls<int>::time_point t0{};
  for (int i = 0; i < 4; ++i)
    calls.add(i, std::nullopt, rpc::method::ping, t0 + 2s);
  calls.add(9, std::nullopt, rpc::method::ping, t0 + 2s + 1ns);
  CAF_CHECK(calls.expire(t0 + 2s - 1ns).empty());
  auto due = calls.expire(t0 + 2s);
  CAF_REQUIRE_EQUAL(due.size(), 4u);
  for (size_t i = 0; i < due.size(); ++i) {
    CAF_CHECK_EQUAL(due[i].first, static_cast<int64_t>(i + 1));
    CAF_CHECK_EQUAL(due[i].second.payload, static_cast<int>(i));
  }
  CAF_CHECK(calls.next_deadline() == t0 + 2s + 1ns);
}

CAF_TEST(take keeps the deadline index in step) {
  using namespace std::chrono_literals;
  pending_calls<std::string> calls;
  pending_calls<std::string>::time_point t0{};
  auto late = calls.add("late", std::nullopt, rpc::method::ping, t0 + 8s);
  auto early = calls.add("early", std::nullopt, rpc::method::ping, t0 + 2s);
  auto never = calls.add("never", std::nullopt, rpc::method::ping);
  auto twin = calls.add("twin", std::nullopt, rpc::method::ping, t0 + 2s);
  CAF_REQUIRE(calls.take(early));
  // Another call with the same deadline keeps it.
  CAF_CHECK(calls.next_deadline() == t0 + 2s);
  CAF_REQUIRE(calls.take(twin));
  CAF_CHECK(calls.next_deadline() == t0 + 8s);
  CAF_REQUIRE(calls.take(never));
  CAF_CHECK(calls.next_deadline() == t0 + 8s);
  // A taken call never comes back from expire.
  auto due = calls.expire(t0 + 1h);
  CAF_REQUIRE_EQUAL(due.size(), 1u);
  CAF_CHECK_EQUAL(due[0].first, late);
  CAF_CHECK(!calls.next_deadline());
  CAF_CHECK(calls.empty());
}

CAF_TEST(take all clears the deadline index) {
  using namespace std::chrono_literals;
  pending_calls<int> calls;
  pending_calls<int>::time_point t0{};
  calls.add(1, std::nullopt, rpc::method::ping, t0 + 3s);
  calls.add(2, std::nullopt, rpc::method::ping, t0 + 1s);
  CAF_CHECK_EQUAL(calls.take_all().size(), 2u);
  CAF_CHECK(!calls.next_deadline());
  CAF_CHECK(calls.expire(t0 + 1h).empty());
  auto id = calls.add(3, std::nullopt, rpc::method::ping, t0 + 5s);
  CAF_CHECK(calls.next_deadline() == t0 + 5s);
  auto due = calls.expire(t0 + 5s);
  CAF_REQUIRE_EQUAL(due.size(), 1u);
  CAF_CHECK_EQUAL(due[0].first, id);
}

CAF_TEST(random adds takes and expiries match a plain scan) {
  using namespace std::chrono_literals;
  using time_point = pending_calls<int>::time_point;
  pending_calls<int> calls;
  // The model: id → deadline, scanned in full each time.
  std::map<int64_t, time_point> model;
  std::mt19937 rng{20240601};
  time_point now{};
  for (int step = 0; step < 5000; ++step) {
    auto op = rng() % 10;
    if (op < 5) {
      auto deadline = rng() % 5 == 0 ? pending_calls<int>::no_deadline
                                     : now + std::chrono::milliseconds{rng() % 2000};
      auto id = calls.add(step, std::nullopt, rpc::method::ping, deadline);
      model.emplace(id, deadline);
    } else if (op < 7) {
      auto id = static_cast<int64_t>(rng() % (calls.next_id() + 1));
      auto taken = calls.take(id);
      CAF_CHECK_EQUAL(taken.has_value(), model.erase(id) == 1);
    } else {
      now += std::chrono::milliseconds{rng() % 300};
      std::vector<int64_t> expected;
      for (auto i = model.begin(); i != model.end();) {
        if (i->second != pending_calls<int>::no_deadline && i->second <= now) {
          expected.push_back(i->first);
          i = model.erase(i);
        } else {
          ++i;
        }
      }
      std::vector<int64_t> got;
      for (auto& [id, e] : calls.expire(now))
        got.push_back(id);
      CAF_CHECK(got == expected);
    }
    std::optional<time_point> earliest;
    for (auto& [id, deadline] : model)
      if (deadline != pending_calls<int>::no_deadline && (!earliest || deadline < *earliest))
        earliest = deadline;
    CAF_CHECK(calls.next_deadline() == earliest);
    CAF_CHECK_EQUAL(calls.size(), model.size());
  }
}
