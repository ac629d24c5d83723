// The bounded queue behind a live_stream: at most `limit` unread
// notifications, the final `killed` always fits, and one more either ends the
// stream or pushes the oldest out.
#define CAF_SUITE live_queue

#include "surrealcaf/detail/live_queue.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>
#include <cstdint>

#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;
using detail::live_queue;

namespace {

const uuid live_id = test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");

rpc::notification created(int64_t n) {
  return rpc::notification{live_id, rpc::live_action::create, record_id{"item", n},
                           value{{"n", n}}, std::nullopt};
}

rpc::notification killed() {
  return rpc::notification{live_id, rpc::live_action::killed, none, none, std::nullopt};
}

rpc::notification resumed() {
  return rpc::notification{live_id, rpc::live_action::resumed, none, none, std::nullopt};
}

} // namespace

CAF_TEST(under the limit everything is kept in order) {
  live_queue q{3, live_overflow::end_stream};
  CAF_CHECK(q.push(created(1)));
  CAF_CHECK(q.push(created(2)));
  CAF_CHECK(q.push(created(3)));
  CAF_CHECK_EQUAL(q.state().waiting, 3u);
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 1}});
  CAF_CHECK(q.push(created(4)));
  CAF_CHECK_EQUAL(q.state().waiting, 3u);
  CAF_CHECK(!q.state().overflowed);
  CAF_CHECK_EQUAL(q.state().dropped, 0u);
}

CAF_TEST(the final killed fits in a full queue and nothing follows it) {
  live_queue q{2, live_overflow::end_stream};
  q.push(created(1));
  q.push(created(2));
  CAF_CHECK(!q.push(killed()));
  CAF_CHECK(!q.state().overflowed);
  CAF_CHECK(!q.push(created(3)));
  CAF_CHECK_EQUAL(q.state().waiting, 3u);
  q.pop(0ms);
  q.pop(0ms);
  CAF_CHECK(q.pop(0ms)->action == rpc::live_action::killed);
  CAF_CHECK(q.state().ended);
  CAF_CHECK(!q.pop(0ms));
}

CAF_TEST(resumed is an ordinary notification and does not end the stream) {
  live_queue q{3, live_overflow::end_stream};
  CAF_CHECK(q.push(created(1)));
  CAF_CHECK(q.push(resumed()));
  CAF_CHECK(q.push(created(2)));
  CAF_CHECK(q.pop(0ms)->action == rpc::live_action::create);
  CAF_CHECK(q.pop(0ms)->action == rpc::live_action::resumed);
  CAF_CHECK(!q.state().ended);
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 2}});
  CAF_CHECK(!q.push(killed()));
  CAF_CHECK(q.pop(0ms)->action == rpc::live_action::killed);
  CAF_CHECK(q.state().ended);
}

CAF_TEST(end_stream closes a full queue with a killed of its own) {
  live_queue q{2, live_overflow::end_stream};
  CAF_CHECK(q.push(created(1)));
  CAF_CHECK(q.push(created(2)));
  // One more: the stream ends; what was unread stays, then `killed`.
  CAF_CHECK(!q.push(created(3)));
  CAF_CHECK(q.state().overflowed);
  CAF_CHECK(!q.push(created(4)));
  CAF_CHECK(!q.push(killed()));
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 1}});
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 2}});
  auto end = q.pop(0ms);
  CAF_REQUIRE(end);
  CAF_CHECK(end->action == rpc::live_action::killed);
  CAF_CHECK_EQUAL(end->live_id, live_id);
  CAF_CHECK(end->record.is_none());
  CAF_CHECK(q.state().ended);
  CAF_CHECK_EQUAL(q.state().dropped, 0u);
}

CAF_TEST(drop_oldest keeps the newest and counts the rest) {
  live_queue q{2, live_overflow::drop_oldest};
  for (int64_t n = 1; n <= 5; ++n)
    CAF_CHECK(q.push(created(n)));
  CAF_CHECK_EQUAL(q.state().waiting, 2u);
  CAF_CHECK_EQUAL(q.state().dropped, 3u);
  CAF_CHECK(!q.state().overflowed);
  CAF_CHECK(!q.push(killed()));
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 4}});
  CAF_CHECK(q.pop(0ms)->record == value{record_id{"item", 5}});
  CAF_CHECK(q.pop(0ms)->action == rpc::live_action::killed);
}

CAF_TEST(memory stays bounded however many notifications come unread) {
  live_queue q{100, live_overflow::drop_oldest};
  for (int64_t n = 1; n <= 200'000; ++n)
    q.push(created(n));
  CAF_CHECK_EQUAL(q.state().waiting, 100u);
  CAF_CHECK_EQUAL(q.state().dropped, 199'900u);
}
