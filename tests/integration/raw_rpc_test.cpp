// The first end-to-end proof: CBOR RPC frames over a plain WebSocket to the
// real engine. It checks the wire itself, so it builds frames with nlohmann
// rather than with surrealcaf's own codec.
#define CAF_SUITE raw_rpc

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "raw_rpc_channel.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <vector>

using nlohmann::json;
using surrealcaf::test::raw_rpc_channel;

namespace {

struct fixture {
  raw_rpc_channel channel{surrealcaf::test::engine_endpoint()};

  // Sends one CBOR request; returns the raw CBOR bytes of the reply.
  std::vector<uint8_t> call(const json& request) {
    return channel.call(json::to_cbor(request));
  }
};

// nlohmann's CBOR reader cannot represent SurrealDB's tags (NONE is tag 6);
// read them as their payload and look at the raw bytes where tags matter.
json decode(const std::vector<uint8_t>& bytes) {
  return json::from_cbor(bytes, true, true, json::cbor_tag_handler_t::ignore);
}

bool contains(const std::vector<uint8_t>& haystack, const std::vector<uint8_t>& needle) {
  return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end())
         != haystack.end();
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(raw_rpc_tests, fixture)

CAF_TEST(the server accepts the cbor subprotocol) {
  CAF_CHECK_EQUAL(channel.negotiated(), "cbor");
}

CAF_TEST(version answers the engine version) {
  auto reply = decode(call({{"id", 1}, {"method", "version"}, {"params", json::array()}}));
  CAF_CHECK_EQUAL(reply.value("id", -1), 1);
  CAF_CHECK(!reply.contains("error"));
  CAF_CHECK_EQUAL(reply.value("result", std::string{}), "surrealdb-3.0.2");
  CAF_CHECK(!reply.contains("session"));
}

CAF_TEST(ping answers NONE) {
  auto bytes = call({{"id", 2}, {"method", "ping"}});
  // NONE is tag 6 around null (c6 f6): the text key "result" (66 'result')
  // must be followed by exactly those bytes.
  CAF_CHECK(contains(bytes, {0x66, 'r', 'e', 's', 'u', 'l', 't', 0xc6, 0xf6}));
  auto reply = decode(bytes);
  CAF_CHECK_EQUAL(reply.value("id", -1), 2);
  CAF_CHECK(reply.contains("result") && reply["result"].is_null());
}

CAF_TEST(an unknown method answers an error with the request id) {
  auto reply = decode(call({{"id", 3}, {"method", "no_such_method"}}));
  CAF_CHECK_EQUAL(reply.value("id", -1), 3);
  CAF_REQUIRE(reply.contains("error"));
  CAF_CHECK_EQUAL(reply["error"].value("code", 0), -32601);
  CAF_CHECK(!reply["error"].value("message", std::string{}).empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
