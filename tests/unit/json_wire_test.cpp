#define CAF_SUITE json_wire

// The JSON wire format, used only when the user asks for the `json`
// subprotocol: requests are text, UUIDs travel as hyphenated strings, and
// replies are classified like CBOR ones.

#include "surrealcaf/detail/rpc_framing.hpp"

#include "caf/test/dsl.hpp"

#include <nlohmann/json.hpp>

#include "connection_fixture.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using nlohmann::json;

namespace {

const uuid session_id = test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");

std::vector<uint8_t> bytes_of(const std::string& text) {
  return {text.begin(), text.end()};
}

json text_of(const std::vector<uint8_t>& frame) {
  return json::parse(frame.begin(), frame.end());
}

// A connection that asked for `json`, not yet open.
struct fixture : test::connection_fixture {
  fixture() : connection_fixture(std::chrono::milliseconds{0}, false, "json") {
    // nop
  }
};

} // namespace

CAF_TEST(subprotocol names map to wire formats) {
  CAF_CHECK(detail::wire_format_of("cbor") == detail::wire_format::cbor);
  CAF_CHECK(detail::wire_format_of("json") == detail::wire_format::json);
  CAF_CHECK(!detail::wire_format_of("flatbuffers"));
}

CAF_TEST(requests are json text with uuids as strings) {
  rpc::request call{7, rpc::method::query, {"RETURN $x", value::object{{"x", 1}}}, session_id,
                    std::nullopt};
  auto frame = detail::encode_request(call, detail::wire_format::json);
  CAF_REQUIRE(frame);
  auto doc = text_of(*frame);
  CAF_CHECK_EQUAL(doc["id"], 7);
  CAF_CHECK_EQUAL(doc["method"], "query");
  CAF_CHECK_EQUAL(doc["params"][0], "RETURN $x");
  CAF_CHECK_EQUAL(doc["params"][1]["x"], 1);
  CAF_CHECK_EQUAL(doc["session"], "0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
  CAF_CHECK(!doc.contains("txn"));
}

CAF_TEST(json replies classify like cbor ones) {
  auto pending = [](int64_t id) { return id == 7; };
  auto frame = detail::read_frame(
    bytes_of(R"({"id":7,"result":"surrealdb-3.0.2","session":"0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"})"),
    pending, detail::wire_format::json);
  auto classified = std::get_if<rpc::classified_frame>(&frame);
  CAF_REQUIRE(classified != nullptr);
  auto res = std::get_if<rpc::response>(classified);
  CAF_REQUIRE(res != nullptr);
  CAF_CHECK_EQUAL(res->id, 7);
  CAF_CHECK(res->result == value{"surrealdb-3.0.2"});
  CAF_CHECK(res->session == session_id);
}

CAF_TEST(malformed json is a decode error) {
  auto frame = detail::read_frame(bytes_of("{not json"), [](int64_t) { return true; },
                                  detail::wire_format::json);
  auto bad = std::get_if<detail::undecodable_frame>(&frame);
  CAF_REQUIRE(bad != nullptr);
  CAF_CHECK_EQUAL(bad->error.code(), static_cast<uint8_t>(errc::decode_error));
  CAF_CHECK(!bad->id);
}

CAF_TEST_FIXTURE_SCOPE(json_connection_tests, fixture)

CAF_TEST(a json connection writes json frames and reads json replies) {
  self->send(io, open_atom::value, std::string{"json"});
  sched.run();
  auto rh = self->request(internal(), caf::infinite, call_atom::value,
                          rpc::request{0, rpc::method::version, {}, std::nullopt, std::nullopt});
  sched.run();
  CAF_REQUIRE_EQUAL(wire->sent.size(), 1u);
  auto doc = text_of(wire->sent[0]);
  CAF_CHECK_EQUAL(doc["method"], "version");
  auto id = doc["id"].get<int64_t>();
  self->send(io, frame_atom::value,
             bytes_of(R"({"id":)" + std::to_string(id) + R"(,"result":"surrealdb-3.0.2"})"));
  sched.run();
  bool answered = false;
  rh.receive(
    [&](value& x) {
      answered = true;
      CAF_CHECK(x == value{"surrealdb-3.0.2"});
    },
    [](caf::error& err) { CAF_FAIL("unexpected error: " << describe(err)); });
  CAF_CHECK(answered);
}

CAF_TEST(a server that answers cbor when json was asked for is refused) {
  auto rh = self->request(conn, caf::infinite, connected_atom::value);
  sched.run();
  self->send(io, open_atom::value, std::string{"cbor"});
  sched.run();
  bool failed = false;
  rh.receive([](std::string&) { CAF_FAIL("expected connect_failed"); },
             [&](caf::error& err) {
               failed = true;
               CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(errc::connect_failed));
             });
  CAF_CHECK(failed);
}

CAF_TEST_FIXTURE_SCOPE_END()
