// The example of docs/actors.md ("Testing your own code"): a user's actor
// tested against a connection on a mock transport. Keep the two in step.
#define CAF_SUITE mock_transport_example

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/mock_transport.hpp"

using namespace surrealcaf;

namespace {

// The code under test: counts the people in the database.
using count_atom = caf::atom_constant<caf::atom("count")>;

caf::behavior people_counter(caf::event_based_actor* self, session_actor db) {
  return {
    [=](count_atom) {
      auto rp = self->make_response_promise<int64_t>();
      self
        ->request(db, caf::infinite, query_atom::value,
                  std::string{"RETURN count(SELECT * FROM person)"}, value::object{})
        .then(
          [rp](query_results& res) mutable {
            if (res.size() == 1 && res[0].ok() && res[0].result.is<int64_t>())
              rp.deliver(res[0].result.get<int64_t>());
            else
              rp.deliver(make_error(errc::protocol_error, "not a count"));
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      return rp;
    },
  };
}

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

struct fixture : test_coordinator_fixture<config> {
  std::shared_ptr<testing::mock_wire> wire = std::make_shared<testing::mock_wire>();
  testing::mock_connection mock;
  connection_actor conn;

  fixture() {
    client_options opts;
    // No timers: CAF's run() fires every timer at once, so a keep-alive
    // tick or a call's deadline would come before the "server" answers.
    opts.ping_interval = std::chrono::milliseconds{0};
    opts.request_timeout = std::chrono::milliseconds{0};
    mock = testing::spawn_mock_connection(sys, wire, opts);
    conn = mock.connection;
    // The connection_actor handle takes only users' messages; the test plays
    // the socket through mock.transport.
    self->send(mock.transport, open_atom::value, std::string{"cbor"}); // the "handshake"
    run();
  }

  // With the deterministic scheduler nothing runs until the test says so:
  // request, run(), then read the reply from the handle.
  session_actor default_session() {
    auto rh = self->request(conn, caf::infinite, default_atom::value);
    run();
    session_actor result;
    rh.receive([&](session_actor& s) { result = s; },
               [](caf::error& err) { CAF_FAIL(describe(err)); });
    return result;
  }

  ~fixture() override {
    self->send(conn, close_atom::value); // a connection runs until closed
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(mock_transport_example_tests, fixture)

CAF_TEST(the counter asks the database once and replies the number) {
  auto db = default_session();
  auto counter = sys.spawn(people_counter, db);
  auto rh = self->request(counter, caf::infinite, count_atom::value);
  run();
  // One frame went out: read it as the server would...
  CAF_REQUIRE_EQUAL(wire->sent.size(), 1u);
  auto req = testing::read_request(wire->sent[0]);
  CAF_REQUIRE(req);
  CAF_CHECK_EQUAL(rpc::to_string(req->method), std::string{"query"});
  CAF_CHECK(req->params[0] == value{"RETURN count(SELECT * FROM person)"});
  // ...and answer it.
  value::array statements{value{{"status", "OK"}, {"time", "1ms"}, {"result", 3}}};
  self->send(mock.transport, frame_atom::value,
             testing::result_frame(req->id, statements));
  run();
  rh.receive([](int64_t n) { CAF_CHECK_EQUAL(n, 3); },
             [](caf::error& err) { CAF_FAIL(describe(err)); });
}

CAF_TEST(the counter passes server errors on) {
  auto db = default_session();
  auto counter = sys.spawn(people_counter, db);
  auto rh = self->request(counter, caf::infinite, count_atom::value);
  run();
  auto req = testing::read_request(wire->sent.at(0));
  CAF_REQUIRE(req);
  self->send(mock.transport, frame_atom::value,
             testing::error_frame(req->id, value{{"code", -32000},
                                                 {"message", "The namespace is not set"},
                                                 {"kind", "Validation"}}));
  run();
  rh.receive([](int64_t) { CAF_FAIL("expected an error"); },
             [](caf::error& err) {
               auto server = server_error_of(err);
               CAF_REQUIRE(server != nullptr);
               CAF_CHECK_EQUAL(server->message, "The namespace is not set");
             });
}

CAF_TEST_FIXTURE_SCOPE_END()
