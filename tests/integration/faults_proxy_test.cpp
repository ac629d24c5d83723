// The fault proxy's plumbing as C++ sees it (tests/server/fault-proxy.mjs,
// started by with-fault-proxy.mjs): requests reach the engine through it, its
// log shows each with its method, session and id, and drop() ends the
// client's socket. Reconnecting is not tested here: no client option is set.
#define CAF_SUITE faults_proxy

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "fault_proxy.hpp"
#include "raw_rpc_channel.hpp"
#include "required_fault_proxy.hpp"
#include "thrown.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

using nlohmann::json;
using surrealcaf::test::fault_proxy;
using surrealcaf::test::raw_rpc_channel;

namespace {

struct fixture {
  fault_proxy proxy = surrealcaf::test::required_fault_proxy();
  raw_rpc_channel channel{surrealcaf::test::engine_endpoint()};

  fixture() {
    proxy.clear_log();
  }

  // One CBOR request; the reply decoded (tags read as their payload).
  json call(const json& request) {
    auto reply = channel.call(json::to_cbor(request));
    return json::from_cbor(reply, true, true, json::cbor_tag_handler_t::ignore);
  }
};

// A random version 4 UUID in the lower-case text form the proxy logs.
std::string random_uuid() {
  std::random_device rd;
  std::mt19937_64 gen{rd()};
  uint64_t hi = gen();
  uint64_t lo = gen();
  hi = (hi & ~uint64_t{0xf000}) | 0x4000;
  lo = (lo & ~(uint64_t{0xc} << 60)) | (uint64_t{0x8} << 60);
  char text[37];
  std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return text;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_proxy_tests, fixture)

CAF_TEST(requests pass through and the log shows their method session and id) {
  auto session = random_uuid();
  auto signin = call({{"id", 1}, {"method", "signin"},
                      {"params", json::array({{{"user", "root"}, {"pass", "root"}}})}});
  CAF_CHECK(signin.contains("result"));
  auto attach = call({{"id", 2}, {"method", "attach"}, {"session", session}});
  CAF_CHECK(!attach.contains("error"));
  auto version = call({{"id", 3}, {"method", "version"}, {"session", session}});
  CAF_CHECK(version.value("result", std::string{}).rfind("surrealdb-", 0) == 0);

  auto log = proxy.log();
  CAF_REQUIRE_EQUAL(log.size(), 3u);
  CAF_CHECK_EQUAL(log[0].method, "signin");
  CAF_CHECK(!log[0].session);
  CAF_CHECK(log[0].id == int64_t{1});
  CAF_CHECK_EQUAL(log[1].method, "attach");
  CAF_CHECK(log[1].session == session);
  CAF_CHECK(log[1].id == int64_t{2});
  CAF_CHECK_EQUAL(log[2].method, "version");
  CAF_CHECK(log[2].session == session);
  CAF_CHECK(log[2].id == int64_t{3});
  CAF_CHECK(log[0].conn >= 1);
  CAF_CHECK(log[1].conn == log[0].conn && log[2].conn == log[0].conn);
}

CAF_TEST(drop ends the socket under the client) {
  CAF_CHECK(call({{"id", 1}, {"method", "ping"}}).contains("result"));
  CAF_CHECK(proxy.stats().open >= 1);
  CAF_CHECK(proxy.drop() >= 1);
  CAF_CHECK_EQUAL(proxy.stats().open, 0);
  // Beast's boost::system::system_error, a std::runtime_error.
  auto err = surrealcaf::test::thrown<std::runtime_error>([&] { call({{"id", 2}, {"method", "ping"}}); });
  CAF_MESSAGE("after drop: " << err.what());
  // The proxy had cut the socket before it answered: the second ping never reached it.
  CAF_CHECK_EQUAL(proxy.log().size(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()
