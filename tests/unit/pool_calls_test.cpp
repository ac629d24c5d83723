// The connection messages a pool answers for its connections together:
// members, counters added up, sessions concatenated, the default session,
// connected, the pool's state for observers, and close.
#define CAF_SUITE pool_calls

#include "pool_fixture.hpp"

#include <string>
#include <vector>

#include <boost/uuid/random_generator.hpp>

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using fixture = pool_fixture;

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_calls_tests, fixture)

CAF_TEST(members lists every connection with its state) {
  start(two_node_options());
  auto ms = members();
  CAF_REQUIRE_EQUAL(ms.size(), 2u);
  CAF_CHECK_EQUAL(ms[0].endpoint, "ws://node-a:8000");
  CAF_CHECK_EQUAL(ms[1].endpoint, "ws://node-b:8000");
  CAF_CHECK(ms[0].opened && ms[1].opened);
  CAF_CHECK_EQUAL(to_string(ms[0].state), std::string{"connecting"});
  open(1);
  ms = members();
  CAF_CHECK_EQUAL(to_string(ms[0].state), std::string{"connecting"});
  CAF_CHECK_EQUAL(to_string(ms[1].state), std::string{"connected"});
}

CAF_TEST(counters adds up every connections counters) {
  start_open(two_node_options());
  new_session();
  new_session();
  new_session();
  auto rh = self->request(pool, caf::infinite, counters_atom::value);
  run();
  auto sum = result_of<connection_counters>(rh);
  CAF_CHECK_EQUAL(sum.sent, 3u);
  CAF_CHECK_EQUAL(sum.answered, 3u);
  CAF_CHECK_EQUAL(sum.in_flight, 0u);
  // A call in flight on one of them.
  auto pending = self->request(pool, caf::infinite, session_atom::value);
  run();
  rh = self->request(pool, caf::infinite, counters_atom::value);
  run();
  sum = result_of<connection_counters>(rh);
  CAF_CHECK_EQUAL(sum.sent, 4u);
  CAF_CHECK_EQUAL(sum.in_flight, 1u);
  answer_everything();
  CAF_CHECK(result_of<session_actor>(pending) != nullptr);
}

CAF_TEST(sessions concatenates the connections lists in their order) {
  start_open(two_node_options());
  boost::uuids::random_generator gen;
  auto a = gen();
  auto b = gen();
  auto c = gen();
  auto rh = self->request(pool, caf::infinite, sessions_atom::value);
  run();
  // Answered in the other order; the result keeps the members' order.
  auto second = requests(1).back();
  CAF_CHECK_EQUAL(name(second.method), "sessions");
  self->send(socket(1).io, frame_atom::value, testing::result_frame(second.id, value::array{c}));
  run();
  CAF_CHECK(self->mailbox().empty());
  auto first = requests(0).back();
  self->send(socket(0).io, frame_atom::value, testing::result_frame(first.id, value::array{a, b}));
  run();
  CAF_CHECK(result_of<std::vector<uuid>>(rh) == (std::vector<uuid>{a, b, c}));
}

CAF_TEST(sessions skips a connection that closed) {
  start_open(two_node_options());
  drop(0);
  auto id = boost::uuids::random_generator{}();
  auto rh = self->request(pool, caf::infinite, sessions_atom::value);
  run();
  auto req = requests(1).back();
  self->send(socket(1).io, frame_atom::value, testing::result_frame(req.id, value::array{id}));
  run();
  CAF_CHECK(result_of<std::vector<uuid>>(rh) == std::vector<uuid>{id});
}

CAF_TEST(default is the default session of the first open connection) {
  start(two_node_options());
  open(1);
  auto rh = self->request(pool, caf::infinite, default_atom::value);
  run();
  auto dflt = result_of<session_actor>(rh);
  auto direct = self->request(caf::actor_cast<connection_actor>(socket(1).io), caf::infinite,
                              default_atom::value);
  run();
  CAF_CHECK(dflt == result_of<session_actor>(direct));
}

CAF_TEST(default before any connection is open is the first connections) {
  start(two_node_options());
  auto rh = self->request(pool, caf::infinite, default_atom::value);
  run();
  auto dflt = result_of<session_actor>(rh);
  auto direct = self->request(caf::actor_cast<connection_actor>(socket(0).io), caf::infinite,
                              default_atom::value);
  run();
  CAF_CHECK(dflt == result_of<session_actor>(direct));
}

CAF_TEST(connected replies the subprotocol once one connection is open) {
  start(two_node_options());
  auto rh = self->request(pool, caf::infinite, connected_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  drop(0, errc::connect_failed);
  CAF_CHECK(self->mailbox().empty());
  open(1);
  CAF_CHECK_EQUAL(result_of<std::string>(rh), "cbor");
  auto again = self->request(pool, caf::infinite, connected_atom::value);
  run();
  CAF_CHECK_EQUAL(result_of<std::string>(again), "cbor");
}

CAF_TEST(connected fails with connect_failed when every connection failed) {
  start(two_node_options());
  auto rh = self->request(pool, caf::infinite, connected_atom::value);
  run();
  drop(0, errc::connect_failed);
  drop(1, errc::connect_failed);
  CAF_CHECK(is(error_of<std::string>(rh), errc::connect_failed));
}

CAF_TEST(a lazy pool opens its first connection to learn connected) {
  auto opts = two_node_options();
  opts.eager = false;
  start(std::move(opts));
  CAF_CHECK(sockets->empty());
  auto rh = self->request(pool, caf::infinite, connected_atom::value);
  run();
  CAF_REQUIRE_EQUAL(sockets->size(), 1u);
  open(0);
  CAF_CHECK_EQUAL(result_of<std::string>(rh), "cbor");
}

CAF_TEST(observers see connected while one connection is healthy) {
  start(two_node_options());
  CAF_CHECK_EQUAL(to_string(observe()), std::string{"connecting"});
  open(0);
  open(1);
  drop(0);
  CAF_CHECK_EQUAL(event_states(), (std::vector<std::string>{"connected"}));
  drop(1);
  CAF_CHECK_EQUAL(event_states(), (std::vector<std::string>{"connected", "disconnected"}));
  CAF_CHECK(events->back().code.has_value());
  self->send(pool, close_atom::value);
  run();
  CAF_CHECK_EQUAL(event_states(),
                  (std::vector<std::string>{"connected", "disconnected", "closed"}));
  pool = nullptr;
}

CAF_TEST(close closes every connection and fails what waits) {
  auto opts = two_node_options();
  opts.max_sessions_per_connection = 1;
  opts.when_full = when_full::wait;
  start_open(std::move(opts));
  new_session();
  new_session();
  auto waiting = self->request(pool, caf::infinite, session_atom::value);
  run();
  auto rh = self->request(pool, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(waiting), errc::connection_closed));
  CAF_CHECK_EQUAL(result_of<bool>(rh), true);
  CAF_CHECK(socket(0).wire->closed);
  CAF_CHECK(socket(1).wire->closed);
  // The pool is gone.
  auto after = self->request(pool, caf::infinite, members_atom::value);
  run();
  CAF_CHECK(error_of<std::vector<pool_member>>(after) == caf::sec::request_receiver_down);
  pool = nullptr;
}

CAF_TEST_FIXTURE_SCOPE_END()
