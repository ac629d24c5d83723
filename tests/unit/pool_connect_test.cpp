// Opening a pool on the blocking and async faces through a mock spawner:
// the pool actor stands where a connection actor would, so connect waits for
// it, bounds the wait, passes the spawner's errors on and cleans up a failed
// attempt as it does for one connection.
#define CAF_SUITE pool_connect

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connect_pool.hpp"

#include "caf/test/unit_test.hpp"

#include "pool_faces_fixture.hpp"
#include "pool_mocks.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

surreal_error blocking_error(pool_options opts, const std::shared_ptr<pool_log>& log) {
  return error_of([&] { detail::connect_pool_blocking(std::move(opts), mock_pool_spawner(log)); });
}

surreal_error async_error(pool_options opts, const std::shared_ptr<pool_log>& log) {
  auto f = detail::connect_pool_async(std::move(opts), mock_pool_spawner(log));
  return error_of([&] { f.get(); });
}

} // namespace

CAF_TEST(blocking connect opens the pool and serves calls) {
  auto log = std::make_shared<pool_log>();
  {
    auto pool = detail::connect_pool_blocking(two_endpoints(), mock_pool_spawner(log));
    CAF_CHECK(static_cast<bool>(pool));
    CAF_CHECK_EQUAL(log->spawned.load(), 1);
    CAF_CHECK_EQUAL(pool.members().size(), 2u);
    CAF_CHECK(!log->closed.load());
  }
  // The last handle went on this thread: the pool was closed and its private
  // system shut down before the scope ended.
  CAF_CHECK(log->closed.load());
  CAF_CHECK(log->exited.load());
}

CAF_TEST(async connect opens the pool) {
  auto log = std::make_shared<pool_log>();
  auto pool = detail::connect_pool_async(two_endpoints(), mock_pool_spawner(log)).get();
  CAF_CHECK(static_cast<bool>(pool));
  CAF_CHECK_EQUAL(pool.members().get().size(), 2u);
  CAF_CHECK_EQUAL(pool.new_session().get().version().get(), "surrealdb-mock");
}

CAF_TEST(connect passes the spawner s errors on) {
  auto log = std::make_shared<pool_log>();
  auto opts = two_endpoints();
  opts.endpoints.clear();
  CAF_CHECK_EQUAL(blocking_error(opts, log).code(), errc::invalid_argument);
  CAF_CHECK_EQUAL(async_error(opts, log).code(), errc::invalid_argument);
  opts.endpoints = {"ws://a", "bad"};
  CAF_CHECK_EQUAL(blocking_error(opts, log).code(), errc::invalid_url);
  CAF_CHECK_EQUAL(async_error(opts, log).code(), errc::invalid_url);
  CAF_CHECK_EQUAL(log->spawned.load(), 0);
}

CAF_TEST(connect refuses bad connection options before spawning) {
  auto log = std::make_shared<pool_log>();
  auto opts = two_endpoints();
  opts.connection.request_timeout = 0ms;
  CAF_CHECK_EQUAL(blocking_error(opts, log).code(), errc::invalid_argument);
  CAF_CHECK_EQUAL(async_error(opts, log).code(), errc::invalid_argument);
  opts = two_endpoints();
  opts.connection.live_queue_limit = 0;
  auto err = blocking_error(opts, log);
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK(std::string{err.what()}.find("live_queue_limit") != std::string::npos);
  CAF_CHECK_EQUAL(log->spawned.load(), 0);
}

CAF_TEST(a pool whose connections all failed fails connect and is stopped) {
  auto log = std::make_shared<pool_log>(mock_log::handshake::fail);
  CAF_CHECK_EQUAL(blocking_error(two_endpoints(), log).code(), errc::connect_failed);
  // Its private system was shut down before the exception left.
  CAF_CHECK(log->exited.load());
  auto async_log = std::make_shared<pool_log>(mock_log::handshake::fail);
  CAF_CHECK_EQUAL(async_error(two_endpoints(), async_log).code(), errc::connect_failed);
  CAF_CHECK(wait_until([&] { return async_log->exited.load(); }));
}

CAF_TEST(a pool that never connects fails within the connect timeout) {
  auto log = std::make_shared<pool_log>(mock_log::handshake::never);
  auto start = std::chrono::steady_clock::now();
  CAF_CHECK_EQUAL(blocking_error(two_endpoints(), log).code(), errc::connect_failed);
  auto elapsed = std::chrono::steady_clock::now() - start;
  // connect_timeout (100 ms) plus the 1 s margin connect leaves.
  CAF_CHECK(elapsed >= 1100ms);
  CAF_CHECK(elapsed < 3s);
  CAF_CHECK(log->exited.load());
}

CAF_TEST(dropping an unfinished async connect cleans the attempt up) {
  auto log = std::make_shared<pool_log>(mock_log::handshake::never);
  {
    auto f = detail::connect_pool_async(two_endpoints(), mock_pool_spawner(log));
    CAF_CHECK(!f.is_ready());
  }
  CAF_CHECK(wait_until([&] { return log->exited.load(); }));
}
