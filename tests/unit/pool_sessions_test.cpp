// new_session on a pool of mock connections: where the sessions go by each
// placement, the limits (another connection, pool_full, waiting), lazy
// connections opened on first use, and departures.
#define CAF_SUITE pool_sessions

#include "pool_fixture.hpp"

#include <chrono>
#include <string>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using fixture = pool_fixture;

pool_options four_connections() {
  auto opts = two_node_options();
  opts.connections_per_endpoint = 2;
  return opts;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_sessions_tests, fixture)

CAF_TEST(least sessions spreads 1000 concurrent sessions evenly over 4 connections) {
  start_open(four_connections());
  CAF_REQUIRE_EQUAL(sockets->size(), 4u);
  std::vector<decltype(self->request(pool, caf::infinite, session_atom::value))> calls;
  for (int i = 0; i < 1000; ++i)
    calls.push_back(self->request(pool, caf::infinite, session_atom::value));
  run();
  for (size_t k = 0; k < 4; ++k)
    CAF_CHECK_EQUAL(attaches(k), 250u);
  answer_everything();
  for (auto& rh : calls)
    CAF_CHECK(result_of<session_actor>(rh) != nullptr);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{250, 250, 250, 250}));
  // The members in the order of the endpoints, each endpoint's in a row.
  auto ms = members();
  CAF_CHECK_EQUAL(ms[0].endpoint, "ws://node-a:8000");
  CAF_CHECK_EQUAL(ms[1].endpoint, "ws://node-a:8000");
  CAF_CHECK_EQUAL(ms[2].endpoint, "ws://node-b:8000");
  CAF_CHECK(ms[3].opened);
  CAF_CHECK_EQUAL(to_string(ms[3].state), std::string{"connected"});
}

CAF_TEST(round robin places the sessions on the connections in turn) {
  auto opts = four_connections();
  opts.placement = placement::round_robin;
  start_open(std::move(opts));
  std::vector<size_t> order;
  for (int i = 0; i < 6; ++i)
    order.push_back(new_session().second);
  CAF_CHECK_EQUAL(order, (std::vector<size_t>{0, 1, 2, 3, 0, 1}));
}

CAF_TEST(the users choose places each session and sees the members) {
  auto opts = four_connections();
  auto seen = std::make_shared<std::vector<size_t>>();
  opts.choose = [seen](const std::vector<pool_member>& ms) {
    seen->push_back(ms.size());
    return size_t{2};
  };
  start_open(std::move(opts));
  CAF_CHECK_EQUAL(new_session().second, 2u);
  CAF_CHECK_EQUAL(new_session().second, 2u);
  CAF_CHECK_EQUAL(*seen, (std::vector<size_t>{4, 4}));
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{0, 0, 2, 0}));
}

CAF_TEST(a choose out of range fails with invalid_argument and sends nothing) {
  auto opts = two_node_options();
  opts.choose = [](const std::vector<pool_member>&) { return size_t{9}; };
  start_open(std::move(opts));
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(rh), errc::invalid_argument));
  CAF_CHECK_EQUAL(attaches(0) + attaches(1), 0u);
}

CAF_TEST(full connections make the pool open another up to max_connections) {
  auto opts = two_node_options();
  opts.max_sessions_per_connection = 1;
  opts.max_connections = 3;
  start_open(std::move(opts));
  new_session();
  new_session();
  CAF_CHECK_EQUAL(sockets->size(), 2u);
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  // A third connection, to the first endpoint; the attach waits for its
  // handshake.
  CAF_REQUIRE_EQUAL(sockets->size(), 3u);
  CAF_CHECK_EQUAL(socket(2).endpoint, "ws://node-a:8000");
  open(2);
  answer_all(2);
  CAF_CHECK(result_of<session_actor>(rh) != nullptr);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 1, 1}));
  // And then the pool is full.
  auto full = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(full), errc::pool_full));
}

CAF_TEST(a full pool that fails sends nothing) {
  auto opts = two_node_options();
  opts.max_sessions_per_connection = 1;
  start_open(std::move(opts));
  new_session();
  new_session();
  auto sent = frames_sent();
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(rh), errc::pool_full));
  CAF_CHECK_EQUAL(frames_sent(), sent);
  CAF_CHECK_EQUAL(sockets->size(), 2u);
}

CAF_TEST(a connection with max_in_flight_per_connection calls in flight takes no new session) {
  auto opts = two_node_options();
  opts.max_in_flight_per_connection = 1;
  start_open(std::move(opts));
  auto first = new_session();
  auto second = new_session();
  CAF_REQUIRE_EQUAL(first.second, 0u);
  CAF_REQUIRE_EQUAL(second.second, 1u);
  // A call in flight on connection 0: least sessions would choose it (the
  // first of equals), but it is full.
  auto ping0 = self->request(first.first, caf::infinite, ping_atom::value);
  run();
  CAF_CHECK_EQUAL(new_session().second, 1u);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 2}));
  // Both full: the pool fails the session and sends nothing.
  auto ping1 = self->request(second.first, caf::infinite, ping_atom::value);
  run();
  auto sent = frames_sent();
  auto full = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(full), errc::pool_full));
  CAF_CHECK_EQUAL(frames_sent(), sent);
  // The answer frees connection 0 again.
  answer_all(0);
  CAF_CHECK(result_of<value>(ping0) == value{});
  CAF_CHECK_EQUAL(new_session().second, 0u);
  answer_all(1);
  CAF_CHECK(result_of<value>(ping1) == value{});
}

CAF_TEST(a full pool that waits serves the session once another departs) {
  auto opts = two_node_options();
  opts.max_sessions_per_connection = 1;
  opts.when_full = when_full::wait;
  start_open(std::move(opts));
  new_session();
  auto second = new_session();
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(self->mailbox().empty());
  CAF_CHECK_EQUAL(attaches(0) + attaches(1), 2u);
  // The connection tells its pool the session left it.
  self->send(internal(), departed_atom::value, second.first.address());
  run();
  auto k = pending_attach();
  CAF_CHECK_EQUAL(k, second.second);
  answer_all(k);
  CAF_CHECK(result_of<session_actor>(rh) != nullptr);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 1}));
}

CAF_TEST(a full pool that waits fails with timeout after request_timeout) {
  auto opts = two_node_options();
  opts.max_sessions_per_connection = 1;
  opts.when_full = when_full::wait;
  start_open(std::move(opts));
  new_session();
  new_session();
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  wait(9s);
  CAF_CHECK(self->mailbox().empty());
  wait(1s);
  CAF_CHECK(is(error_of<session_actor>(rh), errc::timeout));
  CAF_CHECK_EQUAL(attaches(0) + attaches(1), 2u);
}

CAF_TEST(departed lowers the count of the connection that held the session) {
  start_open(two_node_options());
  auto a = new_session();
  auto b = new_session();
  auto c = new_session();
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{2, 1}));
  self->send(internal(), departed_atom::value, a.first.address());
  run();
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 1}));
  // A session the pool does not know changes nothing.
  self->send(internal(), departed_atom::value, a.first.address());
  run();
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 1}));
  CAF_CHECK_EQUAL(b.second, 1u);
  CAF_CHECK_EQUAL(c.second, 0u);
}

CAF_TEST(a lazy pool opens a connection when a session is first placed on it) {
  auto opts = two_node_options();
  opts.eager = false;
  opts.placement = placement::round_robin;
  start(std::move(opts));
  CAF_CHECK(sockets->empty());
  auto ms = members();
  CAF_REQUIRE_EQUAL(ms.size(), 2u);
  CAF_CHECK(!ms[0].opened && !ms[1].opened);
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_REQUIRE_EQUAL(sockets->size(), 1u);
  CAF_CHECK_EQUAL(socket(0).endpoint, "ws://node-a:8000");
  open(0);
  answer_all(0);
  CAF_CHECK(result_of<session_actor>(rh) != nullptr);
  ms = members();
  CAF_CHECK(ms[0].opened && !ms[1].opened);
  // The next in turn is the other one, opened now.
  auto next = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_REQUIRE_EQUAL(sockets->size(), 2u);
  CAF_CHECK_EQUAL(socket(1).endpoint, "ws://node-b:8000");
  open(1);
  answer_all(1);
  CAF_CHECK(result_of<session_actor>(next) != nullptr);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 1}));
}

CAF_TEST(sessions avoid a connection that closed) {
  start_open(two_node_options());
  drop(0);
  CAF_CHECK_EQUAL(to_string(members()[0].state), std::string{"closed"});
  CAF_CHECK_EQUAL(new_session().second, 1u);
  CAF_CHECK_EQUAL(new_session().second, 1u);
  drop(1);
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  CAF_CHECK(is(error_of<session_actor>(rh), errc::connection_closed));
}

CAF_TEST(a failed attach is the callers error and frees its place) {
  start_open(two_node_options());
  auto rh = self->request(pool, caf::infinite, session_atom::value);
  run();
  auto k = pending_attach();
  auto attach = requests(k).back();
  socket(k).answered.insert(attach.id);
  self->send(socket(k).io, frame_atom::value,
             testing::error_frame(attach.id,
                                  value{{"code", -32000}, {"message", "no"}, {"kind", "Internal"}},
                                  attach.session));
  run();
  CAF_CHECK(error_of<session_actor>(rh) != caf::none);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{0, 0}));
}

CAF_TEST_FIXTURE_SCOPE_END()
