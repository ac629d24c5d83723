// Replies the decoders refuse: a reply whose body does not decode still ends
// the call its top-level id names, at once and with errc::decode_error,
// instead of leaving it to the request timeout. Frames nested far past the
// depth limit (10^6 levels) must not crash the reader.
#define CAF_SUITE call_multiplexer_undecodable

#include "surrealcaf/detail/call_multiplexer.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <variant>
#include <vector>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/json.hpp"
#include "surrealcaf/mock_transport.hpp"

using namespace surrealcaf;

namespace {

constexpr size_t million = 1000000;

using bytes_t = std::vector<uint8_t>;

bytes_t operator+(bytes_t a, const bytes_t& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

bytes_t text_bytes(const std::string& x) {
  return {x.begin(), x.end()};
}

// CBOR pieces written by hand: the bodies are what the encoder never makes.
bytes_t cbor_key(const std::string& key) {
  return bytes_t{static_cast<uint8_t>(0x60 + key.size())} + text_bytes(key);
}

bytes_t cbor_id(int64_t id) {
  return cbor_key("id") + cbor::encode(value{id});
}

// `{id, result: body}`, or `{result: body, id}` when `id_last`.
bytes_t cbor_reply(int64_t id, const bytes_t& body, bool id_last = false) {
  auto result = cbor_key("result") + body;
  return bytes_t{0xa2} + (id_last ? result + cbor_id(id) : cbor_id(id) + result);
}

bytes_t nested_cbor(size_t levels) {
  return bytes_t(levels, 0x81) + bytes_t{0x00};
}

std::string nested_json(size_t levels) {
  return std::string(levels, '[') + "1" + std::string(levels, ']');
}

struct fixture {
  using mux_type = detail::call_multiplexer<std::string>;
  mux_type mux;

  /// Sends a call and returns its id (ids count up from 1, see
  /// pending_calls).
  int64_t send(std::string waiter) {
    mux.send(rpc::request{0, rpc::method::query, {}, std::nullopt, std::nullopt},
             std::move(waiter));
    return ++sent;
  }

  /// The call `frame` ends must be `waiter`'s, failed with a decode_error
  /// whose text names `reason`.
  void fails_with_decode_error(const bytes_t& frame, const std::string& waiter,
                               const std::string& reason) {
    auto ev = mux.receive(frame);
    auto done = std::get_if<mux_type::completion>(&ev);
    if (done == nullptr)
      CAF_FAIL("the frame completed no call");
    CAF_CHECK_EQUAL(done->payload, waiter);
    CAF_REQUIRE(!done->result);
    CAF_CHECK(is(done->result.error(), errc::decode_error));
    auto text = describe(done->result.error());
    if (text.find(reason) == std::string::npos)
      CAF_ERROR(text << " does not name " << reason);
  }

  /// `frame` ends no call and counts as undecodable.
  void dropped_as_undecodable(const bytes_t& frame) {
    auto before = mux.counters().undecodable;
    auto in_flight = mux.in_flight();
    auto ev = mux.receive(frame);
    CAF_CHECK(std::holds_alternative<std::monostate>(ev));
    CAF_CHECK_EQUAL(mux.counters().undecodable, before + 1);
    CAF_CHECK_EQUAL(mux.in_flight(), in_flight);
  }

  int64_t sent = 0;
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(call_multiplexer_undecodable_tests, fixture)

CAF_TEST(each undecodable cbor body fails its own call with decode_error) {
  struct bad_body {
    std::string reason;
    bytes_t body;
    // Whether the items after the body can still be found: a body that
    // breaks the structure itself hides whatever follows it.
    bool well_formed;
  };
  std::vector<bad_body> bodies{
    {"invalid_utf8", {0x62, 0xc3, 0x28}, true},
    {"unknown_tag", {0xd9, 0xff, 0xff, 0x00}, true},
    // Tag 37 with 15 bytes.
    {"invalid_tag_payload", bytes_t{0xd8, 0x25, 0x4f} + bytes_t(15, 0xab), true},
    {"too_deep", nested_cbor(cbor::default_max_depth + 1), true},
    // An indefinite text string whose break never comes.
    {"truncated", {0x7f, 0x61, 0x61}, false},
    // A byte string and an array claiming 2^64 - 1 items.
    {"length_exceeds_input", {0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, false},
    {"length_exceeds_input", {0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00}, false},
  };
  for (const auto& bad : bodies) {
    CAF_MESSAGE("body: " << bad.reason);
    auto other = send("other");
    auto victim = send("victim");
    fails_with_decode_error(cbor_reply(victim, bad.body), "victim", bad.reason);
    // The id may come after the body, too (as in an error reply, whose
    // keys the server writes in the order error, id).
    if (bad.well_formed) {
      auto late = send("late");
      fails_with_decode_error(cbor_reply(late, bad.body, true), "late", bad.reason);
    }
    // The other call is untouched and still completes normally.
    CAF_CHECK_EQUAL(mux.in_flight(), 1u);
    auto ev = mux.receive(testing::result_frame(other, "fine"));
    auto done = std::get_if<mux_type::completion>(&ev);
    CAF_REQUIRE(done != nullptr);
    CAF_CHECK_EQUAL(done->payload, "other");
    CAF_CHECK(done->result && *done->result == value{"fine"});
  }
  CAF_CHECK_EQUAL(mux.counters().undecodable, 0u);
}

CAF_TEST(the decode error carries the byte offset) {
  auto id = send("waiter");
  // {id: 1, result: "\xc3("}: a2, "id", 01, "result" and the string head
  // take 13 bytes; the bad sequence starts right after them.
  fails_with_decode_error(cbor_reply(id, {0x62, 0xc3, 0x28}), "waiter", "invalid_utf8 at byte 13");
}

CAF_TEST(undecodable cbor frames naming no call in flight are counted) {
  auto id = send("waiter");
  dropped_as_undecodable(cbor_reply(id + 7, {0x62, 0xc3, 0x28}));         // id not pending
  dropped_as_undecodable(bytes_t{0xa1} + cbor_key("result") + bytes_t{0xd9, 0xff, 0xff, 0x00});
  dropped_as_undecodable(bytes_t{0xa1} + cbor_key("id") + bytes_t{0x62, 0xc3, 0x28});  // text id
  dropped_as_undecodable({0x82, 0x01});                                    // not even a map
  CAF_CHECK_EQUAL(mux.counters().undecodable, 4u);
  CAF_CHECK_EQUAL(mux.in_flight(), 1u);
}

CAF_TEST(a cbor reply nested a million levels deep fails its call) {
  auto first = send("first");
  fails_with_decode_error(cbor_reply(first, nested_cbor(million)), "first", "too_deep");
  // Indefinite arrays, with the id after them: the scan skips them without
  // recursion.
  auto second = send("second");
  auto indefinite = bytes_t(million, 0x9f) + bytes_t{0x00} + bytes_t(million, 0xff);
  fails_with_decode_error(cbor_reply(second, indefinite, true), "second", "too_deep");
  auto third = send("third");
  fails_with_decode_error(cbor_reply(third, nested_cbor(million), true), "third", "too_deep");
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
}

CAF_TEST(an unsolicited cbor frame a million levels deep is only counted) {
  auto id = send("waiter");
  dropped_as_undecodable(bytes_t{0xa1} + cbor_key("result") + nested_cbor(million));
  dropped_as_undecodable(nested_cbor(million));
  dropped_as_undecodable(cbor_reply(id + 1, nested_cbor(million), true));
  CAF_CHECK(std::holds_alternative<mux_type::completion>(
    mux.receive(testing::result_frame(id, none))));
}

CAF_TEST(undecodable json bodies fail their own call with decode_error) {
  mux.use(detail::wire_format::json);
  auto other = send("other");
  auto id = send("victim");
  fails_with_decode_error(text_bytes("{\"id\":" + std::to_string(id) + ",\"result\":\"\xc3\x28\"}"),
                          "victim", "invalid JSON at byte");
  id = send("deep");
  fails_with_decode_error(
    text_bytes("{\"id\":" + std::to_string(id) + ",\"result\":" + nested_json(json_max_depth + 1)
               + "}"),
    "deep", "too_deep");
  // The id after the deep value: the SAX pass reads on to find it.
  id = send("deep, id last");
  fails_with_decode_error(
    text_bytes("{\"result\":" + nested_json(json_max_depth + 1) + ",\"id\":" + std::to_string(id)
               + "}"),
    "deep, id last", "too_deep");
  CAF_CHECK_EQUAL(mux.in_flight(), 1u);
  auto ev = mux.receive(text_bytes("{\"id\":" + std::to_string(other) + ",\"result\":1}"));
  auto done = std::get_if<mux_type::completion>(&ev);
  CAF_REQUIRE(done != nullptr);
  CAF_CHECK(done->result && *done->result == value{1});
}

CAF_TEST(a json reply nested a million levels deep fails its call) {
  mux.use(detail::wire_format::json);
  auto first = send("first");
  fails_with_decode_error(
    text_bytes("{\"id\":" + std::to_string(first) + ",\"result\":" + nested_json(million) + "}"),
    "first", "too_deep");
  auto second = send("second");
  auto objects = std::string{};
  for (size_t i = 0; i < million; ++i)
    objects += "{\"id\":";
  objects += "1" + std::string(million, '}');
  fails_with_decode_error(
    text_bytes("{\"result\":" + objects + ",\"id\":" + std::to_string(second) + "}"), "second",
    "too_deep");
  CAF_CHECK_EQUAL(mux.in_flight(), 0u);
}

CAF_TEST(an unsolicited json frame a million levels deep is only counted) {
  mux.use(detail::wire_format::json);
  auto id = send("waiter");
  dropped_as_undecodable(text_bytes("{\"result\":" + nested_json(million) + "}"));
  dropped_as_undecodable(text_bytes(nested_json(million)));
  dropped_as_undecodable(
    text_bytes("{\"id\":" + std::to_string(id + 1) + ",\"result\":" + nested_json(million) + "}"));
  dropped_as_undecodable(text_bytes("{\"id\":\"text\",\"result\":\"\xc3\x28\"}"));
  CAF_CHECK_EQUAL(mux.in_flight(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()
