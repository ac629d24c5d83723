// A session handed to the pool by a connection that gave up (adopt_atom):
// the pool asks its healthy connections to take it over and shuts it down
// when none can. Here the test hands over a stand-in session: a connected
// member takes it (and tells it so with rehome_atom); members still making
// their first handshake cannot.
#define CAF_SUITE pool_adopt

#include "pool_fixture.hpp"

#include <chrono>
#include <memory>
#include <optional>

#include "caf/actor_cast.hpp"

#include <boost/uuid/random_generator.hpp>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using shutdown_log = std::shared_ptr<std::optional<caf::error>>;
using rehome_log = std::shared_ptr<size_t>;

// Stands in for a session: records the reason it was shut down with, and
// how often a connection took it over.
caf::behavior stand_in_session(caf::event_based_actor*, shutdown_log log, rehome_log rehomed) {
  return {
    [log](shutdown_atom, caf::error& reason) { *log = std::move(reason); },
    [rehomed](rehome_atom, const caf::actor&, uint64_t) { ++*rehomed; },
  };
}

struct fixture : pool_fixture {
  shutdown_log shut = std::make_shared<std::optional<caf::error>>();
  rehome_log rehomed = std::make_shared<size_t>(0);
  caf::actor session = sys.spawn(stand_in_session, shut, rehomed);

  void hand_over() {
    self->send(internal(), adopt_atom::value, boost::uuids::random_generator{}(),
               caf::actor_cast<detail::session_internal>(session));
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_adopt_tests, fixture)

CAF_TEST(a session nobody takes is shut down after request_timeout) {
  // Neither member finished its handshake: neither can take it.
  start(two_node_options());
  hand_over();
  CAF_CHECK(!shut->has_value());
  wait(9s);
  CAF_CHECK(!shut->has_value());
  wait(1s);
  CAF_REQUIRE(shut->has_value());
  CAF_CHECK(is(**shut, errc::connection_closed));
}

CAF_TEST(a session is shut down at once when every connection is closed) {
  start_open(two_node_options());
  drop(0);
  drop(1);
  hand_over();
  CAF_REQUIRE(shut->has_value());
  CAF_CHECK(is(**shut, errc::connection_closed));
}

CAF_TEST(a session waits while no connection is healthy and is shut down when the last closes) {
  start(two_node_options());
  hand_over();
  CAF_CHECK(!shut->has_value());
  drop(0, errc::connect_failed);
  CAF_CHECK(!shut->has_value());
  drop(1, errc::connect_failed);
  CAF_REQUIRE(shut->has_value());
}

CAF_TEST(close shuts down a session in transit) {
  start(two_node_options());
  hand_over();
  self->send(pool, close_atom::value);
  run();
  CAF_REQUIRE(shut->has_value());
  CAF_CHECK(is(**shut, errc::connection_closed));
  pool = nullptr;
}

CAF_TEST(a connected member takes the session and counts it) {
  start_open(two_node_options());
  hand_over();
  CAF_CHECK_EQUAL(*rehomed, 1u);
  CAF_CHECK_EQUAL(session_counts(), (std::vector<size_t>{1, 0}));
  wait(10s);
  CAF_CHECK(!shut->has_value());
}

CAF_TEST_FIXTURE_SCOPE_END()
