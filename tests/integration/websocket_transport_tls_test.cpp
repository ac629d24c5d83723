// The transport over wss://: against a TLS WebSocket echo server
// (tests/server/tls-echo.mjs) with a throwaway self-signed certificate for
// CN=localhost, made by the openssl tool when the suite starts. It proves
// that verification is on by default, that a trusted CA file or turning
// verification off lets frames through, and that the host name is checked.
#define CAF_SUITE websocket_transport_tls

#include "surrealcaf/transport.hpp"

#include "caf/test/unit_test.hpp"

#include "transport_probe.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>

extern char** environ;

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::contains;

namespace {

/// The echo server as a child process, with its certificate in a temporary
/// directory. The child's stdin is a pipe we hold: if this process dies, the
/// server sees EOF and exits too.
class tls_echo_server {
public:
  tls_echo_server() {
    char dir_template[] = "/tmp/surrealcaf-tls-XXXXXX";
    CAF_REQUIRE(::mkdtemp(dir_template) != nullptr);
    dir_ = dir_template;
    auto make_cert = "openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1"
                     " -keyout " + key_file() + " -out " + cert_file() + " 2>/dev/null";
    CAF_REQUIRE_EQUAL(std::system(make_cert.c_str()), 0);
    int to_child[2];
    int from_child[2];
    CAF_REQUIRE_EQUAL(::pipe2(to_child, O_CLOEXEC), 0);
    CAF_REQUIRE_EQUAL(::pipe2(from_child, O_CLOEXEC), 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], STDOUT_FILENO);
    std::string node = SURREALCAF_NODE;
    std::string script = SURREALCAF_TLS_ECHO;
    auto cert = cert_file();
    auto key = key_file();
    char* argv[] = {node.data(), script.data(), cert.data(), key.data(), nullptr};
    auto spawned = posix_spawn(&pid_, node.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(to_child[0]);
    ::close(from_child[1]);
    stdin_ = to_child[1];
    CAF_REQUIRE_EQUAL(spawned, 0);
    auto out = ::fdopen(from_child[0], "r");
    CAF_REQUIRE(out != nullptr);
    char line[64] = {};
    auto got = std::fgets(line, sizeof(line), out);
    std::fclose(out);
    CAF_REQUIRE(got != nullptr);
    CAF_REQUIRE_EQUAL(std::sscanf(line, "listening %u", &port_), 1);
  }

  ~tls_echo_server() {
    ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    std::remove(cert_file().c_str());
    std::remove(key_file().c_str());
    ::rmdir(dir_.c_str());
  }

  tls_echo_server(const tls_echo_server&) = delete;
  tls_echo_server& operator=(const tls_echo_server&) = delete;

  std::string cert_file() const { return dir_ + "/cert.pem"; }

  std::string key_file() const { return dir_ + "/key.pem"; }

  /// `wss://<host>:<port>/rpc` as an endpoint.
  endpoint at(const std::string& host) const {
    return endpoint{true, host, std::to_string(port_), "/rpc"};
  }

private:
  std::string dir_;
  pid_t pid_ = -1;
  int stdin_ = -1;
  unsigned port_ = 0;
};

/// One server for the whole suite: making an RSA key is the slow part.
tls_echo_server& echo_server() {
  static tls_echo_server server;
  return server;
}

std::vector<uint8_t> bytes_of(const std::string& text) {
  return {text.begin(), text.end()};
}

struct fixture : test::transport_probe {
  tls_echo_server& server = echo_server();

  transport_options trusting_the_certificate() {
    transport_options opts;
    opts.ca_file = server.cert_file();
    return opts;
  }

  transport_options not_verifying() {
    transport_options opts;
    opts.verify_tls = false;
    return opts;
  }

  /// Sends `frame` and checks that the echo comes back unchanged.
  void check_echo(transport& ws, std::vector<uint8_t> frame) {
    auto expected = frame;
    ws.send(std::move(frame));
    CAF_CHECK(expect_frame() == expected);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(websocket_transport_tls_tests, fixture)

CAF_TEST(the certificate is verified by default) {
  auto ws = connect(server.at("localhost"));
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "tls handshake localhost:"));
  CAF_CHECK(contains(text, "certificate verify failed"));
  CAF_MESSAGE(text);
}

CAF_TEST(a CA file that trusts the certificate lets frames through) {
  auto ws = connect(server.at("localhost"), trusting_the_certificate());
  CAF_CHECK_EQUAL(expect_open(), "cbor");
  check_echo(*ws, {1, 2, 3});
  ws->close();
  CAF_CHECK(!expect_closed());
}

CAF_TEST(verification can be turned off) {
  auto ws = connect(server.at("127.0.0.1"), not_verifying());
  CAF_CHECK_EQUAL(expect_open(), "cbor");
  check_echo(*ws, {0xa0});
  ws->close();
  CAF_CHECK(!expect_closed());
}

CAF_TEST(a host name the certificate does not name fails verification) {
  // The certificate names localhost only, not the address 127.0.0.1.
  auto ws = connect(server.at("127.0.0.1"), trusting_the_certificate());
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "tls handshake 127.0.0.1:"));
  CAF_CHECK(contains(text, "certificate verify failed"));
  CAF_MESSAGE(text);
}

CAF_TEST(the host name goes out as SNI and an address does not) {
  auto by_name = connect(server.at("localhost"), trusting_the_certificate());
  expect_open();
  by_name->send(bytes_of("sni"));
  CAF_CHECK(expect_frame() == bytes_of("sni:localhost"));
  auto by_address = connect(server.at("127.0.0.1"), not_verifying());
  expect_open();
  by_address->send(bytes_of("sni"));
  CAF_CHECK(expect_frame() == bytes_of("sni:none"));
}

CAF_TEST(an unreadable CA file fails the connect) {
  transport_options opts;
  opts.ca_file = server.cert_file() + ".missing";
  auto ws = connect(server.at("localhost"), opts);
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "tls setup localhost:"));
  CAF_CHECK(contains(text, "cannot load trusted CAs"));
  CAF_MESSAGE(text);
}

CAF_TEST(many frames and a large one arrive intact and in order) {
  auto ws = connect(server.at("localhost"), trusting_the_certificate());
  expect_open();
  for (uint8_t i = 0; i < 100; ++i)
    ws->send({i, i, i});
  for (uint8_t i = 0; i < 100; ++i)
    CAF_CHECK(expect_frame() == std::vector<uint8_t>({i, i, i}));
  std::vector<uint8_t> large(3 * 1024 * 1024);
  std::mt19937 gen{42};
  for (auto& x : large)
    x = static_cast<uint8_t>(gen());
  check_echo(*ws, large);
}

CAF_TEST(the json subprotocol sends text frames) {
  auto opts = not_verifying();
  opts.subprotocol = "json";
  auto ws = connect(server.at("localhost"), opts);
  CAF_CHECK_EQUAL(expect_open(), "json");
  ws->send(bytes_of("{}"));
  CAF_CHECK(expect_frame() == bytes_of("text:{}"));
}

CAF_TEST(a server that ignores the subprotocol is refused) {
  auto opts = not_verifying();
  opts.subprotocol = "bogus";
  auto ws = connect(server.at("localhost"), opts);
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "server did not accept subprotocol bogus"));
}

CAF_TEST(a close from the server reports connection_closed) {
  auto ws = connect(server.at("localhost"), not_verifying());
  expect_open();
  ws->send(bytes_of("close"));
  auto text = expect_failure(errc::connection_closed);
  CAF_CHECK(contains(text, "closed by the server (code 1000: bye)"));
  CAF_MESSAGE(text);
  ws->close(); // too late: nothing more arrives
  CAF_CHECK_EQUAL(next(300ms).kind, test::transport_event::nothing);
}

CAF_TEST(destroying a wss transport mid-stream is safe) {
  for (int i = 0; i < 10; ++i) {
    auto ws = connect(server.at("localhost"), trusting_the_certificate());
    for (uint8_t j = 0; j < 20; ++j)
      ws->send(std::vector<uint8_t>(1000, j));
    // Die at a different point each time: connecting, handshaking, echoing.
    std::this_thread::sleep_for(std::chrono::milliseconds{5 * i});
  }
  drain();
  CAF_CHECK_EQUAL(next(300ms).kind, test::transport_event::nothing);
}

CAF_TEST_FIXTURE_SCOPE_END()
