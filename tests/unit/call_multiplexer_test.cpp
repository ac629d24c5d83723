#define CAF_SUITE call_multiplexer

#include "surrealcaf/detail/call_multiplexer.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <variant>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/mock_transport.hpp"
#include "surrealcaf/errc.hpp"

#include "contains.hpp"
#include "server_error_objects.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;

namespace {

const uuid session_a = test::uuid_of("00000000-0000-4000-8000-00000000000a");
const uuid session_b = test::uuid_of("00000000-0000-4000-8000-00000000000b");

struct fixture {
  using mux_type = detail::call_multiplexer<std::string>;
  mux_type mux;

  /// Sends a call and returns its id as written in the frame.
  int64_t send(rpc::method m, std::optional<uuid> session, std::string waiter) {
    auto frame = mux.send(rpc::request{0, m, {}, session, std::nullopt}, std::move(waiter));
    CAF_REQUIRE(frame);
    auto req = testing::read_request(*frame);
    CAF_REQUIRE(req);
    return req->id;
  }

  mux_type::completion completed(const std::vector<uint8_t>& frame) {
    auto ev = mux.receive(frame);
    auto done = std::get_if<mux_type::completion>(&ev);
    if (done == nullptr)
      CAF_FAIL("the frame completed no call");
    return std::move(*done);
  }

  void dropped(const std::vector<uint8_t>& frame) {
    auto ev = mux.receive(frame);
    CAF_CHECK(std::holds_alternative<std::monostate>(ev));
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(call_multiplexer_tests, fixture)

CAF_TEST(send frames the call under a fresh id) {
  auto txn = test::uuid_of("0199c6c4-6000-7000-8000-000000000001");
  auto frame = mux.send(
    rpc::request{0, rpc::method::query, {"RETURN 1", value::object{}}, session_a, txn}, "waiter");
  CAF_REQUIRE(frame);
  auto decoded = cbor::decode(*frame);
  CAF_REQUIRE(decoded);
  CAF_CHECK(*decoded == (value{{"id", 1},
                               {"method", "query"},
                               {"params", value::array{"RETURN 1", value::object{}}},
                               {"session", session_a},
                               {"txn", txn}}));
  CAF_CHECK_EQUAL(mux.in_flight(), 1u);
  CAF_CHECK_EQUAL(send(rpc::method::ping, std::nullopt, "next"), 2);
}

CAF_TEST(replies complete their own calls in any order) {
  auto first = send(rpc::method::ping, session_a, "first");
  auto second = send(rpc::method::version, session_b, "second");
  auto done = completed(testing::result_frame(second, "surrealdb-3.0.0", session_b));
  CAF_CHECK_EQUAL(done.payload, "second");
  CAF_REQUIRE(done.result);
  CAF_CHECK(*done.result == value{"surrealdb-3.0.0"});
  CAF_CHECK(done.method == rpc::method::version);
  CAF_CHECK(done.session == session_b);
  done = completed(testing::result_frame(first, none, session_a));
  CAF_CHECK_EQUAL(done.payload, "first");
  CAF_CHECK(done.result && done.result->is_none());
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
}

CAF_TEST(an error reply becomes a server error) {
  auto id = send(rpc::method::signin, std::nullopt, "waiter");
  auto done = completed(
    testing::error_frame(id, test::error_object(-32002, "No way", "NotAllowed")));
  CAF_REQUIRE(!done.result);
  CAF_REQUIRE(is(done.result.error(), errc::server_error));
  auto server = server_error_of(done.result.error());
  CAF_REQUIRE(server != nullptr);
  CAF_CHECK_EQUAL(server->message, "No way");
  CAF_CHECK(server->kind == rpc::error_kind::not_allowed);
}

CAF_TEST(a reply naming another session is a protocol error) {
  auto id = send(rpc::method::ping, session_a, "waiter");
  auto done = completed(testing::result_frame(id, none, session_b));
  CAF_REQUIRE(!done.result);
  CAF_CHECK(is(done.result.error(), errc::protocol_error));
}

CAF_TEST(a reply without session is accepted for any call) {
  auto id = send(rpc::method::ping, session_a, "waiter");
  auto done = completed(testing::result_frame(id, none));
  CAF_CHECK(done.result);
}

CAF_TEST(an invalid frame naming a call fails it with protocol_error) {
  auto id = send(rpc::method::ping, std::nullopt, "waiter");
  auto done = completed(cbor::encode(value{{"id", id}}));
  CAF_CHECK_EQUAL(done.payload, "waiter");
  CAF_REQUIRE(!done.result);
  CAF_CHECK(is(done.result.error(), errc::protocol_error));
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
}

CAF_TEST(frames that answer nothing are counted and dropped) {
  auto id = send(rpc::method::ping, std::nullopt, "waiter");
  dropped({0x82, 0x01});                                    // truncated CBOR
  dropped(testing::result_frame(id + 1, "stray"));          // no such call
  dropped(testing::error_frame(id + 1, "no such call"));    // no such call
  dropped(cbor::encode(value{{"error", "no id at all"}}));  // uncorrelated
  dropped(cbor::encode(value::array{}));                    // not a map
  auto& n = mux.counters();
  CAF_CHECK_EQUAL(n.undecodable, 1u);
  CAF_CHECK_EQUAL(n.stray_replies, 1u);
  CAF_CHECK_EQUAL(n.uncorrelated_errors, 2u);
  CAF_CHECK_EQUAL(n.invalid, 1u);
  // The call in flight is untouched.
  CAF_CHECK_EQUAL(mux.in_flight(), 1u);
  CAF_CHECK(completed(testing::result_frame(id, none)).result);
}

CAF_TEST(a notification is handed back for routing) {
  rpc::notification n;
  n.live_id = test::uuid_of("0199c6c4-6000-7000-8000-000000000002");
  n.action = rpc::live_action::create;
  n.record = record_id{"person", 1};
  n.result = value{{"name", "Tobie"}};
  n.session = session_a;
  auto ev = mux.receive(testing::notification_frame(n));
  auto got = std::get_if<rpc::notification>(&ev);
  CAF_REQUIRE(got != nullptr);
  CAF_CHECK(got->live_id == n.live_id);
  CAF_CHECK(got->action == rpc::live_action::create);
  CAF_CHECK(got->record == n.record);
  CAF_CHECK(got->session == session_a);
}

CAF_TEST(fail all ends every call oldest first and late replies are strays) {
  auto first = send(rpc::method::ping, std::nullopt, "first");
  send(rpc::method::info, session_a, "second");
  auto reason = make_error(errc::connection_closed, "gone");
  auto all = mux.fail_all(reason);
  CAF_REQUIRE_EQUAL(all.size(), 2u);
  CAF_CHECK_EQUAL(all[0].payload, "first");
  CAF_CHECK_EQUAL(all[1].payload, "second");
  CAF_CHECK(all[1].session == session_a);
  for (auto& done : all)
    CAF_CHECK(!done.result && done.result.error() == reason);
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
  dropped(testing::result_frame(first, none));
  CAF_CHECK_EQUAL(mux.counters().stray_replies, 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(call_multiplexer_late_tests, fixture)

CAF_TEST(a late success to an expired call that opens something is a late result) {
  using namespace std::chrono_literals;
  mux_type::time_point t0{};
  auto begin = mux.send(rpc::request{0, rpc::method::begin, {}, session_a, std::nullopt}, "begin",
                        t0 + 1s);
  auto query = mux.send(rpc::request{0, rpc::method::query, {}, session_a, std::nullopt}, "query",
                        t0 + 1s);
  CAF_REQUIRE(begin && query);
  auto expired = mux.expire(t0 + 1s, 1000ms);
  CAF_REQUIRE_EQUAL(expired.size(), 2u);
  CAF_CHECK(is(expired[0].result.error(), errc::timeout));
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
  auto txn = test::uuid_of("0199c6c4-6000-7000-8000-000000000002");
  auto ev = mux.receive(testing::result_frame(1, txn, session_a));
  auto late = std::get_if<mux_type::late_result>(&ev);
  CAF_REQUIRE(late != nullptr);
  CAF_CHECK(late->method == rpc::method::begin);
  CAF_CHECK(late->session == session_a);
  CAF_CHECK(late->result == value{txn});
  // Once: a second reply is a stray one. A late query result undoes nothing.
  dropped(testing::result_frame(1, txn, session_a));
  dropped(testing::result_frame(2, value::array{}, session_a));
  CAF_CHECK_EQUAL(mux.counters().stray_replies, 2u);
}

CAF_TEST(a call with its own deadline expires at it and says how long it allowed) {
  using namespace std::chrono_literals;
  mux_type::time_point t0{};
  // Made first, due last: the connection's 1000 ms.
  auto slow = mux.send(rpc::request{0, rpc::method::query, {}, session_a, std::nullopt}, "slow",
                       t0 + 1s);
  auto fast = mux.send(rpc::request{0, rpc::method::ping, {}, session_a, std::nullopt}, "fast",
                       t0 + 200ms, 200ms);
  CAF_REQUIRE(slow && fast);
  CAF_CHECK(*mux.next_deadline() == t0 + 200ms);
  auto expired = mux.expire(t0 + 200ms, 1000ms);
  CAF_REQUIRE_EQUAL(expired.size(), 1u);
  CAF_CHECK_EQUAL(expired[0].payload, "fast");
  CAF_CHECK(test::contains(describe(expired[0].result.error()), "ping: no reply within 200 ms"));
  expired = mux.expire(t0 + 1s, 1000ms);
  CAF_REQUIRE_EQUAL(expired.size(), 1u);
  CAF_CHECK_EQUAL(expired[0].payload, "slow");
  CAF_CHECK(test::contains(describe(expired[0].result.error()), "query: no reply within 1000 ms"));
}

CAF_TEST(only the newest expired calls are remembered) {
  using namespace std::chrono_literals;
  mux_type::time_point t0{};
  auto n = mux_type::max_remembered + 5;
  for (size_t i = 0; i < n; ++i)
    CAF_REQUIRE(
      mux.send(rpc::request{0, rpc::method::live, {}, std::nullopt, std::nullopt}, "live", t0));
  CAF_CHECK_EQUAL(mux.expire(t0, 0ms).size(), n);
  // The oldest five were forgotten: their late replies are strays.
  dropped(testing::result_frame(1, none));
  auto ev = mux.receive(testing::result_frame(6, none));
  CAF_CHECK(std::holds_alternative<mux_type::late_result>(ev));
}

CAF_TEST(a call json cannot carry fails alone and names no byte of it) {
  mux.use(detail::wire_format::json);
  std::string waiter = "signin";
  auto frame = mux.send(
    rpc::request{0, rpc::method::signin, {value{{"pass", "s3cr\xe9t"}}}, std::nullopt, std::nullopt},
    std::move(waiter));
  CAF_REQUIRE(!frame);
  CAF_CHECK(is(frame.error(), errc::invalid_argument));
  auto text = describe(frame.error());
  CAF_MESSAGE(text);
  CAF_CHECK(text.find("not valid UTF-8") != std::string::npos);
  CAF_CHECK(text.find("s3cr") == std::string::npos);
  CAF_CHECK(text.find("0xE9") == std::string::npos);
  // Nothing was registered, and the waiter is still the caller's.
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
  CAF_CHECK_EQUAL(waiter, "signin");
}

CAF_TEST_FIXTURE_SCOPE_END()
