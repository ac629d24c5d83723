// The Beast WebSocket transport against the real engine: the handshake,
// frames both ways, queueing before the handshake, a requested close, every
// kind of connect failure, and destruction at awkward moments.
#define CAF_SUITE websocket_transport

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/rpc/classify.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/transport.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_query.hpp"
#include "engine_url.hpp"
#include "fresh_database.hpp"
#include "transport_probe.hpp"
#include "wait_until.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <set>
#include <string>
#include <thread>

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::contains;
using surrealcaf::test::transport_event;

namespace {

/// A TCP socket bound to 127.0.0.1 on a free port; listening if asked.
/// Without accept(), a listener completes TCP handshakes and then never
/// says a word: a server that hangs in the WebSocket handshake.
class local_socket {
public:
  explicit local_socket(bool listening) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    CAF_REQUIRE(fd_ >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    CAF_REQUIRE_EQUAL(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    socklen_t len = sizeof(addr);
    CAF_REQUIRE_EQUAL(::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len), 0);
    port_ = ntohs(addr.sin_port);
    if (listening)
      CAF_REQUIRE_EQUAL(::listen(fd_, 8), 0);
  }

  ~local_socket() { ::close(fd_); }

  local_socket(const local_socket&) = delete;
  local_socket& operator=(const local_socket&) = delete;

  std::string port() const { return std::to_string(port_); }

  int fd() const { return fd_; }

private:
  int fd_;
  uint16_t port_ = 0;
};

/// A WebSocket "server" that completes the handshake (subprotocol cbor) for
/// one client, then reads and drops everything: it never answers a ping, as
/// a peer whose process hangs would not.
class mute_server {
public:
  mute_server() : listener_(true), thread_([this] { serve(); }) {}

  ~mute_server() { thread_.join(); }

  std::string port() const { return listener_.port(); }

private:
  void serve() {
    int fd = ::accept(listener_.fd(), nullptr, nullptr);
    if (fd < 0)
      return;
    std::string request;
    char buf[4096];
    while (request.find("\r\n\r\n") == std::string::npos) {
      auto n = ::recv(fd, buf, sizeof(buf), 0);
      if (n <= 0) {
        ::close(fd);
        return;
      }
      request.append(buf, static_cast<size_t>(n));
    }
    auto response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Connection: Upgrade\r\nSec-WebSocket-Protocol: cbor\r\n"
                    "Sec-WebSocket-Accept: "
                    + accept_key(request) + "\r\n\r\n";
    ::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
    while (::recv(fd, buf, sizeof(buf), 0) > 0) {
      // nop: frames and pings are read and dropped
    }
    ::close(fd);
  }

  // RFC 6455: base64(SHA-1(key + magic GUID)).
  static std::string accept_key(const std::string& request) {
    const std::string field = "Sec-WebSocket-Key: ";
    auto at = request.find(field);
    CAF_REQUIRE(at != std::string::npos);
    auto start = at + field.size();
    auto key = request.substr(start, request.find("\r\n", start) - start)
               + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    unsigned char digest[SHA_DIGEST_LENGTH];
    CAF_REQUIRE(EVP_Digest(key.data(), key.size(), digest, nullptr, EVP_sha1(), nullptr) == 1);
    unsigned char encoded[4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1];
    auto len = EVP_EncodeBlock(encoded, digest, SHA_DIGEST_LENGTH);
    return std::string(reinterpret_cast<char*>(encoded), static_cast<size_t>(len));
  }

  local_socket listener_;
  std::thread thread_;
};

endpoint local_endpoint(const std::string& port) {
  return endpoint{false, "127.0.0.1", port, "/rpc"};
}

std::vector<uint8_t> request_frame(int64_t id, rpc::method m, value::array params = {}) {
  return cbor::encode(
    rpc::to_value(rpc::request{id, m, std::move(params), std::nullopt, std::nullopt}));
}

std::vector<uint8_t> query_frame(int64_t id, const std::string& sql) {
  return request_frame(id, rpc::method::query, {sql});
}

/// The reply in `bytes`, which must answer a call with an id in `pending`.
rpc::response decode_reply(const std::vector<uint8_t>& bytes, const std::set<int64_t>& pending) {
  auto decoded = cbor::decode(bytes);
  if (!decoded)
    CAF_FAIL("undecodable frame: " << describe(decoded.error()));
  auto frame = rpc::classify(std::move(*decoded),
                             [&](int64_t id) { return pending.count(id) > 0; });
  auto res = std::get_if<rpc::response>(&frame);
  if (res == nullptr)
    CAF_FAIL("the frame is not a response to a pending call");
  return std::move(*res);
}

struct fixture : test::transport_probe {
  endpoint engine = test::engine_endpoint();
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(websocket_transport_tests, fixture)

CAF_TEST(open arrives with the cbor subprotocol) {
  auto ws = connect(engine);
  CAF_CHECK_EQUAL(expect_open(), "cbor");
  ws->close();
  CAF_CHECK(!expect_closed());
}

CAF_TEST(a version request is answered with the engine version) {
  auto ws = connect(engine);
  expect_open();
  ws->send(request_frame(1, rpc::method::version));
  auto res = decode_reply(expect_frame(), {1});
  CAF_CHECK_EQUAL(res.id, 1);
  CAF_REQUIRE(res.ok());
  auto version = res.result.get_if<std::string>();
  CAF_REQUIRE(version != nullptr);
  CAF_CHECK_EQUAL(*version, "surrealdb-3.0.2");
}

CAF_TEST(frames sent before open are written after the handshake) {
  auto ws = connect(engine);
  std::set<int64_t> pending;
  for (int64_t id = 1; id <= 50; ++id) {
    ws->send(request_frame(id, id % 2 == 0 ? rpc::method::ping : rpc::method::version));
    pending.insert(id);
  }
  CAF_CHECK_EQUAL(expect_open(), "cbor");
  while (!pending.empty()) {
    auto res = decode_reply(expect_frame(), pending);
    CAF_CHECK(res.ok());
    pending.erase(res.id);
  }
  CAF_CHECK_EQUAL(next(200ms).kind, transport_event::nothing);
}

CAF_TEST(close reports closed without an error and then nothing) {
  auto ws = connect(engine);
  expect_open();
  ws->close();
  ws->close(); // idempotent
  auto reason = expect_closed();
  CAF_CHECK(!reason);
  ws->send(request_frame(1, rpc::method::ping)); // goes nowhere
  ws->close();
  CAF_CHECK_EQUAL(next(500ms).kind, transport_event::nothing);
}

CAF_TEST(close writes the frames queued before it) {
  auto ws = connect(engine);
  expect_open();
  // Sign in first and wait: the server runs the requests of one socket
  // concurrently, so a query sent along with the signin could still be
  // anonymous.
  ws->send(request_frame(1, rpc::method::signin, {test::root_signin_params()}));
  auto signed_in = next();
  CAF_REQUIRE(signed_in.kind == transport_event::frame);
  CAF_REQUIRE(decode_reply(signed_in.bytes, {1}).ok());
  const auto use = "USE NS " + test::run_name("flush") + " DB flush; ";
  // With authentication on, USE defines the namespace and database, and a
  // CREATE defines its table: ten queries defining them at once conflict, so
  // define them first.
  ws->send(query_frame(2, use + "DEFINE TABLE flushed SCHEMALESS"));
  auto defined = next();
  CAF_REQUIRE(defined.kind == transport_event::frame);
  CAF_REQUIRE(decode_reply(defined.bytes, {2}).ok());
  for (int64_t id = 3; id <= 12; ++id)
    ws->send(query_frame(id, use + "CREATE flushed:" + std::to_string(id)));
  ws->close();
  // The server answers the close frame at once and drops replies still
  // being computed, so the proof is in the database, not in the replies.
  auto ev = next();
  while (ev.kind == transport_event::frame)
    ev = next();
  CAF_CHECK_EQUAL(ev.kind, transport_event::closed);
  CAF_CHECK(!ev.reason);
  test::engine_client db;
  int64_t created = 0;
  // The server may still be running them.
  CAF_CHECK(test::wait_until([&] {
    auto results = db.query(use + "RETURN count(SELECT * FROM flushed)");
    CAF_REQUIRE_EQUAL(results.size(), 2u);
    if (auto n = results[1].result.get_if<int64_t>())
      created = *n;
    return created >= 10;
  }));
  CAF_CHECK_EQUAL(created, 10);
}

CAF_TEST(close while connecting reports closed without an error) {
  auto ws = connect(engine);
  ws->close();
  auto ev = next();
  CAF_CHECK_EQUAL(ev.kind, transport_event::closed);
  CAF_CHECK(!ev.reason);
  CAF_CHECK_EQUAL(next(300ms).kind, transport_event::nothing);
}

CAF_TEST(a refused port fails the connect and names the stage) {
  std::string port;
  {
    local_socket unused{false};
    port = unused.port();
  }
  auto ws = connect(local_endpoint(port));
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "connect 127.0.0.1:" + port + ": Connection refused"));
  CAF_MESSAGE(text);
  CAF_CHECK_EQUAL(next(300ms).kind, transport_event::nothing);
}

CAF_TEST(an unresolvable host fails the connect) {
  auto where = parse_endpoint("ws://nonexistent.invalid:1/rpc");
  CAF_REQUIRE(where);
  auto ws = connect(*where);
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "resolve nonexistent.invalid:1: "));
  CAF_MESSAGE(text);
}

CAF_TEST(a server refusing the subprotocol fails the connect) {
  transport_options opts;
  opts.subprotocol = "json";
  auto ws = connect(engine, opts);
  auto text = expect_failure(errc::connect_failed);
  CAF_CHECK(contains(text, "websocket handshake " + engine.host_header() + ": declined with HTTP 400"));
  CAF_MESSAGE(text);
}

CAF_TEST(a server silent in the handshake runs into the connect timeout) {
  local_socket silent{true};
  transport_options opts;
  opts.connect_timeout = 300ms;
  auto ws = connect(local_endpoint(silent.port()), opts);
  auto started = std::chrono::steady_clock::now();
  auto text = expect_failure(errc::connect_failed);
  auto took = std::chrono::steady_clock::now() - started;
  CAF_CHECK(contains(text, "websocket handshake 127.0.0.1:" + silent.port()
                             + ": timed out after 300 ms"));
  CAF_CHECK(took >= 250ms && took < 5s);
  CAF_MESSAGE(text);
}

CAF_TEST(a peer that stops answering pings is detected after idle_timeout) {
  mute_server mute;
  transport_options opts;
  opts.idle_timeout = 600ms;
  auto ws = connect(local_endpoint(mute.port()), opts);
  CAF_CHECK_EQUAL(expect_open(), "cbor");
  auto started = std::chrono::steady_clock::now();
  auto text = expect_failure(errc::connection_closed);
  auto took = std::chrono::steady_clock::now() - started;
  CAF_CHECK(took >= 500ms && took < 5s);
  CAF_MESSAGE(text);
}

CAF_TEST(a message above max_message_size closes the connection) {
  transport_options opts;
  opts.max_message_size = 8; // any reply is longer
  auto ws = connect(engine, opts);
  expect_open();
  ws->send(request_frame(1, rpc::method::version));
  auto text = expect_failure(errc::connection_closed);
  CAF_CHECK(contains(text, "read: "));
  CAF_MESSAGE(text);
  CAF_CHECK_EQUAL(next(300ms).kind, transport_event::nothing);
}

CAF_TEST(destroying the transport with requests in flight is safe and final) {
  auto ws = connect(engine);
  expect_open();
  for (int64_t id = 1; id <= 20; ++id)
    ws->send(request_frame(id, rpc::method::version));
  ws.reset();
  // Whatever arrived before the destructor returned is in the mailbox;
  // nothing may follow.
  drain();
  CAF_CHECK_EQUAL(next(500ms).kind, transport_event::nothing);
}

CAF_TEST(destroying the transport while it connects is safe) {
  for (int i = 0; i < 20; ++i) {
    auto ws = connect(engine);
    if (i % 2 == 1)
      std::this_thread::sleep_for(std::chrono::milliseconds{i});
  }
  drain();
  CAF_CHECK_EQUAL(next(300ms).kind, transport_event::nothing);
}

CAF_TEST(the transport does not keep its owner alive) {
  std::unique_ptr<transport> ws;
  caf::weak_actor_ptr gone;
  {
    caf::scoped_actor owner{system()};
    auto hdl = caf::actor_cast<caf::actor>(owner);
    gone = caf::actor_cast<caf::weak_actor_ptr>(hdl);
    ws = make_websocket_transport(engine, {}, hdl);
    owner->receive([](open_atom, const std::string&) {},
                   caf::after(10s) >> [] { CAF_FAIL("no open"); });
    for (int64_t id = 1; id <= 10; ++id)
      ws->send(request_frame(id, rpc::method::version));
  }
  // The replies now go to an owner that is gone; the transport may hold a
  // strong reference only for the instant of a send.
  CAF_CHECK(test::wait_until([&] { return gone.lock() == nullptr; }));
  ws->close();
  std::this_thread::sleep_for(100ms);
  ws.reset();
}

CAF_TEST_FIXTURE_SCOPE_END()
