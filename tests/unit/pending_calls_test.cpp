#define CAF_SUITE pending_calls

#include "surrealcaf/detail/pending_calls.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

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
