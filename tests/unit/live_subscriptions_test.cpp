#define CAF_SUITE live_subscriptions

#include "surrealcaf/detail/live_subscriptions.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

#include "uuid_of.hpp"

using namespace surrealcaf;
using detail::live_subscriptions;

namespace {

uuid make_id(int n) {
  return test::uuid_of("00000000-0000-4000-8000-00000000000" + std::to_string(n));
}

rpc::notification note(int live, rpc::live_action action, int n = 0) {
  return rpc::notification{make_id(live), action, record_id{"t", n}, value{{"n", n}}, std::nullopt};
}

// Subscribers are plain strings here; the session actor uses live_subscriber.
using subs = live_subscriptions<std::string>;

} // namespace

CAF_TEST(a registered live query routes to its subscriber until KILLED) {
  subs s;
  s.call_started();
  CAF_CHECK(s.add(make_id(1), "a").notifications.empty());
  s.call_ended();
  auto create = note(1, rpc::live_action::create);
  auto to = s.route(create);
  CAF_REQUIRE(to);
  CAF_CHECK_EQUAL(to->subscriber, "a");
  CAF_CHECK(!to->last);
  auto killed = note(1, rpc::live_action::killed);
  to = s.route(killed);
  CAF_REQUIRE(to);
  CAF_CHECK(to->last);
  CAF_CHECK(!s.contains(make_id(1)));
  // After the end nothing routes.
  auto late = note(1, rpc::live_action::update);
  CAF_CHECK(!s.route(late));
  CAF_CHECK_EQUAL(s.dropped(), 1u);
}

CAF_TEST(notifications before the live reply are kept and handed back in order) {
  subs s;
  s.call_started();
  s.call_started();
  auto a = note(1, rpc::live_action::create, 1);
  auto b = note(2, rpc::live_action::create, 2);
  auto c = note(1, rpc::live_action::update, 3);
  CAF_CHECK(!s.route(a));
  CAF_CHECK(!s.route(b));
  CAF_CHECK(!s.route(c));
  CAF_CHECK_EQUAL(s.buffered(), 3u);
  auto backlog = s.add(make_id(1), "a");
  CAF_CHECK(!backlog.ended);
  CAF_REQUIRE_EQUAL(backlog.notifications.size(), 2u);
  CAF_CHECK(backlog.notifications[0].record == value{record_id{"t", 1}});
  CAF_CHECK(backlog.notifications[1].record == value{record_id{"t", 3}});
  s.call_ended();
  // The other call is still in flight: its notification waits.
  CAF_CHECK_EQUAL(s.buffered(), 1u);
  s.call_ended();
  CAF_CHECK_EQUAL(s.buffered(), 0u);
  CAF_CHECK_EQUAL(s.dropped(), 1u);
}

CAF_TEST(a KILLED before the reply ends the stream before it is registered) {
  subs s;
  s.call_started();
  auto a = note(1, rpc::live_action::create);
  auto k = note(1, rpc::live_action::killed);
  auto after = note(1, rpc::live_action::update);
  s.route(a);
  s.route(k);
  s.route(after);
  auto backlog = s.add(make_id(1), "a");
  CAF_CHECK(backlog.ended);
  CAF_REQUIRE_EQUAL(backlog.notifications.size(), 2u);
  CAF_CHECK(backlog.notifications[1].action == rpc::live_action::killed);
  CAF_CHECK(!s.contains(make_id(1)));
  CAF_CHECK_EQUAL(s.dropped(), 1u);
}

CAF_TEST(without a live call in flight unknown ids are dropped and the buffer is bounded) {
  subs s;
  auto x = note(9, rpc::live_action::create);
  CAF_CHECK(!s.route(x));
  CAF_CHECK_EQUAL(s.buffered(), 0u);
  CAF_CHECK_EQUAL(s.dropped(), 1u);
  s.call_started();
  for (size_t i = 0; i < subs::max_buffered + 5; ++i) {
    auto y = note(9, rpc::live_action::create);
    s.route(y);
  }
  CAF_CHECK_EQUAL(s.buffered(), subs::max_buffered);
  CAF_CHECK_EQUAL(s.dropped(), 6u);
}

CAF_TEST(ending streams by id by subscriber and all at once) {
  subs s;
  s.add(make_id(1), "a");
  s.add(make_id(2), "a");
  s.add(make_id(3), "b");
  CAF_CHECK_EQUAL(s.count_of(std::string{"a"}), 2u);
  CAF_CHECK(s.end(make_id(1)) == std::optional<std::string>{"a"});
  CAF_CHECK(!s.end(make_id(1)));
  CAF_CHECK_EQUAL(s.count_of(std::string{"a"}), 1u);
  auto gone = s.end_subscriber(std::string{"a"});
  CAF_REQUIRE_EQUAL(gone.size(), 1u);
  CAF_CHECK(gone[0].first == make_id(2));
  CAF_CHECK(gone[0].second == make_id(2));
  auto rest = s.end_all();
  CAF_REQUIRE_EQUAL(rest.size(), 1u);
  CAF_CHECK(rest[0].first == make_id(3));
  CAF_CHECK_EQUAL(rest[0].second, "b");
  CAF_CHECK_EQUAL(s.size(), 0u);
}
