// spawn_pool's checks of its options (pool.hpp): what it refuses, on both
// overloads, before anything is spawned.
#define CAF_SUITE pool_spawn

#include "pool_fixture.hpp"

#include <string>

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

struct fixture : pool_fixture {
  /// The error of both overloads for `opts`, which must be the same.
  caf::error refusal(const pool_options& opts) {
    auto mocked = spawn_pool(sys, maker(), opts);
    auto websockets = spawn_pool(sys, opts);
    CAF_REQUIRE(!mocked);
    CAF_REQUIRE(!websockets);
    CAF_CHECK_EQUAL(mocked.error(), websockets.error());
    CAF_MESSAGE(describe(mocked.error()));
    CAF_CHECK(sockets->empty());
    return mocked.error();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_spawn_tests, fixture)

CAF_TEST(a pool needs an endpoint) {
  auto opts = two_node_options();
  opts.endpoints.clear();
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
}

CAF_TEST(a pool needs a connection per endpoint) {
  auto opts = two_node_options();
  opts.connections_per_endpoint = 0;
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
}

CAF_TEST(max_connections may not be below the initial connections) {
  auto opts = two_node_options();
  opts.connections_per_endpoint = 2;
  opts.max_connections = 3;
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
  opts.max_connections = 4;
  auto spawned = spawn_pool(sys, maker(), opts);
  CAF_REQUIRE(spawned);
  pool = std::move(*spawned);
  run();
  CAF_CHECK_EQUAL(sockets->size(), 4u);
}

CAF_TEST(the connections options are checked as connect checks them) {
  auto opts = two_node_options();
  opts.connection.transport.subprotocol = "xml";
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
  opts = two_node_options();
  opts.connection.transport.max_message_size = 0;
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
  opts = two_node_options();
  opts.connection.request_timeout = std::chrono::milliseconds{-1};
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
  opts = two_node_options();
  opts.connection.reconnect.multiplier = 0.5;
  CAF_CHECK(is(refusal(opts), errc::invalid_argument));
}

CAF_TEST(every endpoint must be a websocket url) {
  auto opts = two_node_options();
  opts.endpoints.push_back("http://node-c:8000");
  CAF_CHECK(is(refusal(opts), errc::invalid_url));
}

CAF_TEST(an empty transport maker is refused) {
  auto spawned = spawn_pool(sys, pool_transport_maker{}, two_node_options());
  CAF_REQUIRE(!spawned);
  CAF_CHECK(is(spawned.error(), errc::invalid_argument));
}

CAF_TEST_FIXTURE_SCOPE_END()
