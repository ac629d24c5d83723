// sessions_atom on the connection actor over a mock transport: the request
// it writes, how the reply becomes UUIDs, and the errors of a reply that is
// no list of UUIDs, of a server error and of a closed connection.
#define CAF_SUITE connection_sessions

#include "connection_fixture.hpp"

#include <string>
#include <vector>

#include <boost/uuid/random_generator.hpp>
#include <boost/uuid/uuid_io.hpp>

#include "server_error_objects.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using fixture = connection_fixture;

} // namespace

CAF_TEST_FIXTURE_SCOPE(connection_sessions_tests, fixture)

CAF_TEST(sessions sends the method without params or session and decodes the uuids) {
  auto a = new_session();
  auto b = new_session();
  CAF_REQUIRE(a != nullptr && b != nullptr);
  auto a_id = *request_at(0).session;
  auto b_id = *request_at(1).session;
  auto rh = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  auto req = last_request();
  CAF_CHECK_EQUAL(name(req.method), "sessions");
  CAF_CHECK(req.params.empty());
  CAF_CHECK(!req.session);
  CAF_CHECK(!req.txn);
  reply(req, value::array{b_id, a_id});
  auto ids = result_of<std::vector<uuid>>(rh);
  // In the server's order.
  CAF_CHECK(ids == (std::vector<uuid>{b_id, a_id}));
}

CAF_TEST(sessions reads uuids sent as text and an empty list) {
  auto id = boost::uuids::random_generator{}();
  auto rh = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  // Over JSON a UUID arrives as its text.
  reply(last_request(), value::array{boost::uuids::to_string(id)});
  CAF_CHECK(result_of<std::vector<uuid>>(rh) == std::vector<uuid>{id});
  auto empty = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  reply(last_request(), value::array{});
  CAF_CHECK(result_of<std::vector<uuid>>(empty).empty());
}

CAF_TEST(a reply that is no list of uuids is a protocol error) {
  auto id = boost::uuids::random_generator{}();
  for (auto bad : {value{"not a list"}, value{}, value{value::array{id, 7}},
                   value{value::array{"no uuid"}}, value{value::object{{"id", id}}}}) {
    auto rh = self->request(conn, caf::infinite, sessions_atom::value);
    run();
    reply(last_request(), bad);
    auto err = error_of<std::vector<uuid>>(rh);
    CAF_MESSAGE(to_string(bad) << ": " << describe(err));
    CAF_CHECK(is(err, errc::protocol_error));
  }
  // The connection goes on working.
  auto rh = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  reply(last_request(), value::array{id});
  CAF_CHECK(result_of<std::vector<uuid>>(rh) == std::vector<uuid>{id});
}

CAF_TEST(a server error reaches the caller as server_error) {
  auto rh = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  reply_error(last_request(),
              error_object(-32601, "Method not found", "NotFound", detail_node("Method")));
  auto server = server_error_in(error_of<std::vector<uuid>>(rh), errc::server_error);
  CAF_CHECK_EQUAL(server.message, "Method not found");
}

CAF_TEST(closing fails a pending sessions call and a closed connection answers no more) {
  auto pending = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  CAF_CHECK_EQUAL(name(last_request().method), "sessions");
  auto closing = self->request(conn, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(result_of<bool>(closing));
  CAF_CHECK(is(error_of<std::vector<uuid>>(pending), errc::connection_closed));
  // The connection actor is gone: CAF bounces the request.
  auto frames = wire->sent.size();
  auto later = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  CAF_CHECK(error_of<std::vector<uuid>>(later) == caf::sec::request_receiver_down);
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(the transport closing fails a pending sessions call with connection_closed) {
  auto rh = self->request(conn, caf::infinite, sessions_atom::value);
  run();
  self->send(io, closed_atom::value, make_error(errc::connection_closed, "socket gone"));
  run();
  CAF_CHECK(is(error_of<std::vector<uuid>>(rh), errc::connection_closed));
}

CAF_TEST_FIXTURE_SCOPE_END()
