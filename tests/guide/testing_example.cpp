// The example of docs/testing.md: counter_service tested twice, with the
// mock transport (the test writes the server's frames) and by replaying a
// recording of the real server (testing_example_record.cpp made it).
#define CAF_SUITE counter_service

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/mock_transport.hpp"
#include "surrealcaf/replay_transport.hpp"

#include "counter_service.hpp"

using namespace surrealcaf;

namespace {

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

struct fixture : test_coordinator_fixture<config> {
  connection_actor conn;

  // Nothing runs until the test says so: request, run(), read the reply.
  template <class T, class Handle, class... Ts>
  T call(const Handle& dest, Ts&&... xs) {
    auto rh = self->request(dest, caf::infinite, std::forward<Ts>(xs)...);
    run();
    T result{};
    rh.receive([&](T& x) { result = std::move(x); },
               [](caf::error& err) { CAF_FAIL(describe(err)); });
    return result;
  }

  ~fixture() override {
    self->send(conn, close_atom::value); // a connection runs until closed
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(counter_service_tests, fixture)

CAF_TEST(with the mock transport the test plays the server) {
  auto wire = std::make_shared<testing::mock_wire>();
  client_options opts;
  opts.ping_interval = std::chrono::milliseconds{0}; // run() would fire timers at once
  opts.request_timeout = std::chrono::milliseconds{0};
  auto mock = testing::spawn_mock_connection(sys, wire, opts);
  conn = mock.connection;
  self->send(mock.transport, open_atom::value, std::string{"cbor"});
  auto counter = sys.spawn(counter_service, call<session_actor>(conn, default_atom::value));
  auto rh = self->request(counter, caf::infinite, bump_atom::value, std::string{"visits"});
  run();
  // One query went out; answer it as the server would.
  CAF_REQUIRE_EQUAL(wire->sent.size(), 1u);
  auto req = testing::read_request(wire->sent[0]);
  CAF_REQUIRE(req);
  CAF_CHECK(req->params[1]["id"] == value{record_id{"counter", "visits"}});
  value::array statements{value{{"status", "OK"}, {"time", "1ms"}, {"result", value::array{1}}}};
  self->send(mock.transport, frame_atom::value, testing::result_frame(req->id, statements));
  run();
  rh.receive([](int64_t n) { CAF_CHECK_EQUAL(n, 1); },
             [](caf::error& err) { CAF_FAIL(describe(err)); });
}

CAF_TEST(a replay plays the recorded server back) {
  auto rec = testing::load_recording(SURREALCAF_RECORDINGS_DIR "/counter_service.rec.jsonl");
  CAF_REQUIRE(rec);
  auto replayed = testing::spawn_replay_connection(sys, *rec);
  conn = replayed.connection;
  // The calls the recording program made, in its order: a session, root's
  // sign-in (any password: the file has a placeholder), the recorded
  // namespace, two bumps.
  auto db = call<session_actor>(conn, session_atom::value);
  call<value>(db, signin_atom::value, credentials{root_credentials{"root", "root"}});
  call<value>(db, use_atom::value, value{rec->notes.at("ns")}, value{"main"});
  auto counter = sys.spawn(counter_service, db);
  CAF_CHECK_EQUAL(call<int64_t>(counter, bump_atom::value, std::string{"visits"}), 1);
  CAF_CHECK_EQUAL(call<int64_t>(counter, bump_atom::value, std::string{"visits"}), 2);
  self->send(conn, close_atom::value);
  run();
  // Every recorded frame was played, and the client wrote what was recorded.
  if (auto problem = replayed.replay->outcome())
    CAF_FAIL(describe(problem));
}

CAF_TEST_FIXTURE_SCOPE_END()
