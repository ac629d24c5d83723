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

// After a reconnect a live query runs under a new server id; its subscriber
// keeps the id it was given.

CAF_TEST(rename routes the new server id under the id the subscriber holds) {
  subs s;
  s.add(make_id(1), "a");
  s.forget_server_ids();
  CAF_CHECK(s.rename(make_id(1), make_id(5)).notifications.empty());
  CAF_CHECK(s.server_id(make_id(1)) == make_id(5));
  auto x = note(5, rpc::live_action::update);
  auto to = s.route(x);
  CAF_REQUIRE(to);
  CAF_CHECK_EQUAL(to->subscriber, "a");
  CAF_CHECK(!to->last);
  CAF_CHECK(x.live_id == make_id(1));
  // The server's KILLED for the new id ends the stream and the alias.
  auto killed = note(5, rpc::live_action::killed);
  to = s.route(killed);
  CAF_REQUIRE(to);
  CAF_CHECK(to->last);
  CAF_CHECK(killed.live_id == make_id(1));
  CAF_CHECK(!s.contains(make_id(1)));
  CAF_CHECK(s.server_id(make_id(1)) == make_id(1));
  auto late = note(5, rpc::live_action::update);
  CAF_CHECK(!s.route(late));
}

CAF_TEST(rename hands back what came for the new id before under the old id) {
  subs s;
  s.add(make_id(1), "a");
  s.add(make_id(2), "b");
  s.forget_server_ids();
  s.call_started();
  auto a = note(5, rpc::live_action::create, 1);
  auto other = note(6, rpc::live_action::create, 2);
  auto b = note(5, rpc::live_action::update, 3);
  CAF_CHECK(!s.route(a));
  CAF_CHECK(!s.route(other));
  CAF_CHECK(!s.route(b));
  auto backlog = s.rename(make_id(1), make_id(5));
  CAF_CHECK(!backlog.ended);
  CAF_REQUIRE_EQUAL(backlog.notifications.size(), 2u);
  CAF_CHECK(backlog.notifications[0].action == rpc::live_action::create);
  CAF_CHECK(backlog.notifications[1].action == rpc::live_action::update);
  for (auto& x : backlog.notifications)
    CAF_CHECK(x.live_id == make_id(1));
  // The other one's early notification still waits for its own rename.
  CAF_CHECK_EQUAL(s.buffered(), 1u);
  auto rest = s.rename(make_id(2), make_id(6));
  CAF_REQUIRE_EQUAL(rest.notifications.size(), 1u);
  CAF_CHECK(rest.notifications[0].live_id == make_id(2));
  s.call_ended();
  CAF_CHECK_EQUAL(s.dropped(), 0u);
}

CAF_TEST(a KILLED before the rename ends the stream there) {
  subs s;
  s.add(make_id(1), "a");
  s.forget_server_ids();
  s.call_started();
  auto a = note(5, rpc::live_action::create);
  auto killed = note(5, rpc::live_action::killed);
  auto after = note(5, rpc::live_action::update);
  s.route(a);
  s.route(killed);
  s.route(after);
  auto backlog = s.rename(make_id(1), make_id(5));
  CAF_CHECK(backlog.ended);
  CAF_REQUIRE_EQUAL(backlog.notifications.size(), 2u);
  CAF_CHECK(backlog.notifications[1].action == rpc::live_action::killed);
  CAF_CHECK(backlog.notifications[1].live_id == make_id(1));
  CAF_CHECK(!s.contains(make_id(1)));
  CAF_CHECK_EQUAL(s.dropped(), 1u);
  auto late = note(5, rpc::live_action::update);
  CAF_CHECK(!s.route(late));
}

CAF_TEST(ending a renamed stream forgets its server id) {
  subs s;
  s.add(make_id(1), "a");
  s.add(make_id(2), "a");
  s.add(make_id(3), "b");
  s.forget_server_ids();
  s.rename(make_id(1), make_id(5));
  s.rename(make_id(2), make_id(6));
  s.rename(make_id(3), make_id(7));
  CAF_CHECK(s.end(make_id(1)) == std::optional<std::string>{"a"});
  auto x = note(5, rpc::live_action::update);
  CAF_CHECK(!s.route(x));
  // A dead subscriber's queries are named by both ids: the server's to kill.
  auto gone = s.end_subscriber(std::string{"a"});
  CAF_REQUIRE_EQUAL(gone.size(), 1u);
  CAF_CHECK(gone[0].first == make_id(2));
  CAF_CHECK(gone[0].second == make_id(6));
  auto y = note(6, rpc::live_action::update);
  CAF_CHECK(!s.route(y));
  s.end_all();
  CAF_CHECK(s.server_id(make_id(3)) == make_id(3));
  auto z = note(7, rpc::live_action::update);
  CAF_CHECK(!s.route(z));
}

CAF_TEST(a lost socket forgets the server ids until the next rename) {
  subs s;
  s.add(make_id(1), "a");
  s.forget_server_ids();
  s.rename(make_id(1), make_id(5));
  s.forget_server_ids();
  CAF_CHECK(s.server_id(make_id(1)) == make_id(1));
  auto stale = note(5, rpc::live_action::update);
  CAF_CHECK(!s.route(stale));
  s.rename(make_id(1), make_id(6));
  CAF_CHECK(s.server_id(make_id(1)) == make_id(6));
  auto x = note(6, rpc::live_action::update);
  auto to = s.route(x);
  CAF_REQUIRE(to);
  CAF_CHECK(x.live_id == make_id(1));
  // The same id again needs no alias.
  s.forget_server_ids();
  s.rename(make_id(1), make_id(1));
  CAF_CHECK(s.server_id(make_id(1)) == make_id(1));
  auto y = note(1, rpc::live_action::update);
  CAF_CHECK(s.route(y));
}
