#define CAF_SUITE endpoint

#include <string_view>
#include "surrealcaf/endpoint.hpp"

#include "surrealcaf/errc.hpp"

#include "caf/test/unit_test.hpp"

using surrealcaf::endpoint;
using surrealcaf::errc;
using surrealcaf::parse_endpoint;

namespace {

endpoint parsed(std::string_view url) {
  auto result = parse_endpoint(url);
  CAF_REQUIRE(result);
  return *result;
}

// Expects `url` to be rejected as invalid_url without echoing it back.
void rejected(std::string_view url) {
  auto result = parse_endpoint(url);
  CAF_REQUIRE(!result);
  CAF_CHECK_EQUAL(result.error().category(), surrealcaf::errc_category);
  CAF_CHECK_EQUAL(result.error().code(), static_cast<uint8_t>(errc::invalid_url));
  auto text = surrealcaf::describe(result.error());
  CAF_CHECK(!text.empty());
  CAF_CHECK(text.find(std::string{url.data(), url.size()}) == std::string::npos);
}

} // namespace

CAF_TEST(ws urls get defaults for port and path) {
  auto ep = parsed("ws://localhost");
  CAF_CHECK(!ep.tls);
  CAF_CHECK_EQUAL(ep.host, "localhost");
  CAF_CHECK_EQUAL(ep.port, "80");
  CAF_CHECK_EQUAL(ep.target, "/rpc");
  CAF_CHECK_EQUAL(ep.host_header(), "localhost:80");
}

CAF_TEST(wss urls default to port 443) {
  auto ep = parsed("WSS://db.example.com/rpc");
  CAF_CHECK(ep.tls);
  CAF_CHECK_EQUAL(ep.port, "443");
  CAF_CHECK_EQUAL(ep.target, "/rpc");
}

CAF_TEST(explicit port path and query are kept) {
  auto ep = parsed("ws://127.0.0.1:8000/custom/rpc?x=1");
  CAF_CHECK_EQUAL(ep.host, "127.0.0.1");
  CAF_CHECK_EQUAL(ep.port, "8000");
  CAF_CHECK_EQUAL(ep.target, "/custom/rpc?x=1");
  CAF_CHECK_EQUAL(parsed("ws://h:1?x=1").target, "/rpc?x=1");
}

CAF_TEST(ipv6 hosts are bracketed) {
  auto ep = parsed("ws://[::1]:9000/rpc");
  CAF_CHECK_EQUAL(ep.host, "::1");
  CAF_CHECK_EQUAL(ep.port, "9000");
  CAF_CHECK_EQUAL(ep.host_header(), "[::1]:9000");
  CAF_CHECK_EQUAL(parsed("ws://[::1]").port, "80");
}

CAF_TEST(malformed urls are invalid_url errors that do not echo the url) {
  rejected("http://localhost:8000");
  rejected("localhost:8000");
  rejected("ws://");
  rejected("ws://:8000/rpc");
  rejected("ws://host:/rpc");
  rejected("ws://host:0");
  rejected("ws://host:65536");
  rejected("ws://host:80a");
  rejected("ws://[::1");
  rejected("ws://[::1]x");
  rejected("ws://root:secret@host:8000");
  auto err = parse_endpoint("ws://root:secret@host:8000").error();
  CAF_CHECK(surrealcaf::describe(err).find("secret") == std::string::npos);
  rejected("ws://host/rpc#frag");
}

CAF_TEST(control characters and spaces in the path cannot inject headers) {
  // Each of these would otherwise end up verbatim in the request line of
  // the HTTP upgrade, e.g. "GET /rpc\r\nX-Evil: 1 HTTP/1.1".
  rejected("ws://host:8000/rpc\r\nX-Injected: 1");
  rejected("ws://host:8000/rpc\nX-Injected: 1");
  rejected("ws://host:8000/rpc\rX");
  rejected("ws://host:8000/rpc HTTP/1.0");
  rejected("ws://host:8000/rpc\tx");
  rejected("ws://host:8000/rpc\x7f");
  rejected("ws://host:8000/r\x80pc");
  rejected(std::string_view{"ws://host:8000/rpc\0x", 20});
  rejected("ws://host:8000?a=1\r\nX-Injected: 1");
  // Percent-encoded, the same characters are plain text and stay as written.
  CAF_CHECK_EQUAL(parsed("ws://host:8000/rpc%0D%0Ax").target, "/rpc%0D%0Ax");
}

CAF_TEST(hosts and ports with control characters or spaces are rejected) {
  rejected("ws://ho\r\nst:8000/rpc");
  rejected("ws://ho st:8000/rpc");
  rejected(std::string_view{"ws://ho\0st:8000/rpc", 19});
  rejected("ws://host\t:8000/rpc");
  rejected("ws://host:80\r\n/rpc");
  rejected("ws://host: 80/rpc");
  rejected("ws://[::1\r\n]:8000/rpc");
  rejected("ws://[::1 ]:8000/rpc");
  rejected("ws://[::1]:8000\n/rpc");
  CAF_CHECK_EQUAL(parsed("ws://db-1.example_2.com:8000").host, "db-1.example_2.com");
  CAF_CHECK_EQUAL(parsed("ws://[fe80::1%25eth0]:8000").host, "fe80::1%25eth0");
}

CAF_TEST(errors about a bad character do not echo the url or its user info) {
  auto err = parse_endpoint("ws://root:s3cr3t@host:8000/rpc\r\nX: 1").error();
  auto text = surrealcaf::describe(err);
  CAF_CHECK(text.find("s3cr3t") == std::string::npos);
  CAF_CHECK(text.find("root") == std::string::npos);
  err = parse_endpoint("ws://host:8000/rpc?token=s3cr3t\r\nX: 1").error();
  text = surrealcaf::describe(err);
  CAF_CHECK(text.find("s3cr3t") == std::string::npos);
  CAF_CHECK(text.find('\r') == std::string::npos);
  CAF_CHECK(text.find('\n') == std::string::npos);
}
