// testing::record_to around a hand-played transport: what reaches the file
// (secrets replaced, consistently), that the relay passes everything on,
// that nothing is written after the client's close, and that a second
// socket cuts the recording.
#define CAF_SUITE recorder

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/mock_transport.hpp"
#include "surrealcaf/recorder.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace surrealcaf;

namespace {

const std::string jwt = "eyJhbGciOiJIUzUxMiJ9.eyJJRCI6InJvb3QifQ.c2lnbmF0dXJlLXNlY3JldA";

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

// The real transport's stand-in: the test reports through `owner`, which
// the recorder made a relay.
struct fake_socket {
  caf::actor owner;
  std::vector<bytes> sent;
  size_t made = 0;
};

class fake_transport : public transport {
public:
  explicit fake_transport(std::shared_ptr<fake_socket> s) : s_(std::move(s)) {
  }
  void send(std::vector<uint8_t> frame) override {
    s_->sent.push_back(std::move(frame));
  }
  void close() override {
  }

private:
  std::shared_ptr<fake_socket> s_;
};

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

struct fixture : test_coordinator_fixture<config> {
  std::shared_ptr<fake_socket> socket = std::make_shared<fake_socket>();
  std::string path = "/tmp/surrealcaf_recorder_test_" + std::to_string(::getpid()) + ".jsonl";
  connection_actor conn;

  void start(bool reconnect, std::string subprotocol = "cbor") {
    client_options opts;
    opts.transport.subprotocol = subprotocol;
    opts.ping_interval = std::chrono::milliseconds{0};
    opts.request_timeout = std::chrono::milliseconds{0};
    opts.reconnect.enabled = reconnect;
    auto s = socket;
    testing::record_options how;
    how.subprotocol = subprotocol;
    auto factory = testing::record_to(
      path,
      [s](caf::actor owner) -> std::unique_ptr<transport> {
        ++s->made;
        s->owner = std::move(owner);
        return std::make_unique<fake_transport>(s);
      },
      how);
    CAF_REQUIRE(factory);
    conn = spawn_connection(sys, std::move(*factory), opts);
    auto rh = self->request(conn, caf::infinite, connected_atom::value);
    run();
    CAF_REQUIRE(socket->owner);
    self->send(socket->owner, open_atom::value, subprotocol);
    run();
    rh.receive([&](std::string& x) { CAF_CHECK_EQUAL(x, subprotocol); },
               [](caf::error& err) { CAF_FAIL(describe(err)); });
  }

  session_actor default_session() {
    auto rh = self->request(conn, caf::infinite, default_atom::value);
    run();
    session_actor result;
    rh.receive([&](session_actor& s) { result = s; },
               [](caf::error& err) { CAF_FAIL(describe(err)); });
    return result;
  }

  // Answers the last frame the client wrote with `result`, through the relay.
  void answer(value result) {
    auto req = testing::read_request(socket->sent.back());
    CAF_REQUIRE(req);
    self->send(socket->owner, frame_atom::value, testing::result_frame(req->id, result));
    run();
  }

  ~fixture() override {
    self->send(conn, close_atom::value);
    run();
    std::remove(path.c_str());
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(recorder_tests, fixture)

CAF_TEST(the file holds every event with the secrets replaced consistently) {
  start(false);
  auto db = default_session();
  auto signin = self->request(db, caf::infinite, signin_atom::value,
                              credentials{root_credentials{"root", "hunter2"}});
  run();
  answer(jwt);
  // The client itself sees the real token.
  signin.receive([](value& token) { CAF_CHECK(token == value{jwt}); },
                 [](caf::error& err) { CAF_FAIL(describe(err)); });
  auto auth = self->request(db, caf::infinite, auth_atom::value, jwt);
  run();
  answer(value{});
  auth.receive([](value&) {}, [](caf::error& err) { CAF_FAIL(describe(err)); });
  self->send(conn, close_atom::value);
  run();
  auto text = read_file(path);
  CAF_MESSAGE(text);
  CAF_CHECK(text.find("hunter2") == std::string::npos);
  CAF_CHECK(text.find(jwt) == std::string::npos);
  auto rec = testing::parse_recording(text);
  CAF_REQUIRE(rec);
  CAF_REQUIRE_EQUAL(rec->events.size(), 6u);
  using testing::recorded_kind;
  CAF_CHECK(rec->events[0].kind == recorded_kind::open);
  CAF_CHECK(rec->events[1].frame["params"][0]
            == (value{{"user", "<secret 2>"}, {"pass", "<secret 1>"}}));
  CAF_CHECK(rec->events[2].frame["result"] == value{"<token 1>"});
  CAF_CHECK(rec->events[3].frame["params"][0] == value{"<token 1>"});
  CAF_CHECK(rec->events[5].kind == recorded_kind::close);
  // Whatever the transport reports after the client's close is neither
  // written nor passed on.
  self->send(socket->owner, frame_atom::value, testing::result_frame(99, 1));
  run();
  CAF_CHECK_EQUAL(read_file(path), text);
}

CAF_TEST(json frames are recorded as json with the secrets replaced) {
  start(false, "json");
  auto db = default_session();
  auto signin = self->request(db, caf::infinite, signin_atom::value,
                              credentials{root_credentials{"root", "hunter2"}});
  run();
  auto reply = R"({"id":1,"result":")" + jwt + R"("})";
  self->send(socket->owner, frame_atom::value, bytes(reply.begin(), reply.end()));
  run();
  signin.receive([](value& token) { CAF_CHECK(token == value{jwt}); },
                 [](caf::error& err) { CAF_FAIL(describe(err)); });
  self->send(conn, close_atom::value);
  run();
  auto text = read_file(path);
  CAF_MESSAGE(text);
  CAF_CHECK(text.find("hunter2") == std::string::npos);
  CAF_CHECK(text.find(jwt) == std::string::npos);
  CAF_CHECK(text.find(R"("json":{"id":1,"result":"<token 1>"})") != std::string::npos);
  auto rec = testing::parse_recording(text);
  CAF_REQUIRE(rec);
  CAF_CHECK_EQUAL(rec->subprotocol(), "json");
  CAF_CHECK(rec->events.at(1).frame["params"][0]["pass"] == value{"<secret 1>"});
}

CAF_TEST(a second socket cuts the recording) {
  start(true);
  self->send(socket->owner, closed_atom::value,
             make_error(errc::connection_closed, "closed by the server"));
  run(); // the reconnect attempt's timer fires at once
  CAF_CHECK_EQUAL(socket->made, 2u);
  auto rec = testing::load_recording(path);
  CAF_REQUIRE(!rec);
  CAF_MESSAGE(describe(rec.error()));
  CAF_CHECK(is(rec.error(), errc::protocol_error));
  CAF_CHECK(context_text(rec.error().context()).find("second socket") != std::string::npos);
}

CAF_TEST(a file that cannot be written is refused) {
  auto factory = testing::record_to("/nonexistent/dir/x.jsonl", nullptr);
  CAF_REQUIRE(!factory);
  CAF_CHECK(is(factory.error(), errc::invalid_argument));
  conn = spawn_connection(
    sys, [](caf::actor) { return std::unique_ptr<transport>{}; }, client_options{});
}

CAF_TEST_FIXTURE_SCOPE_END()
