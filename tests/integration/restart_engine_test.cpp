// The engine behind the fault proxy restarts with its data
// (tests/server/with-fault-proxy.mjs --engine: an engine process on a
// surrealkv datastore): a record written before kill_engine() is read by a
// new connection after start_engine(), which must come back within 5 s.
#define CAF_SUITE restart_engine

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"
#include "fault_proxy.hpp"
#include "fresh_database.hpp"
#include "required_fault_proxy.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;

CAF_TEST(a record written before the engine is killed is read after it restarts) {
  auto proxy = test::required_fault_proxy();
  auto ns = test::run_name("restart");
  auto db = test::fresh_database("restart");
  {
    // Closed before the kill: what a live connection does then is reconnect's business.
    test::actor_fixture writer;
    auto s = writer.session_in(ns, db);
    writer.run_all(s, "CREATE kept:one SET n = 1");
  }
  proxy.kill_engine();
  auto took = proxy.start_engine();
  CAF_MESSAGE("the engine restarted in " << took.count() << " ms");
  CAF_CHECK_LESS(took, std::chrono::milliseconds{5000});

  test::actor_fixture reader;
  auto s = reader.session_in(ns, db);
  CAF_CHECK(reader.single(s, "SELECT VALUE n FROM kept:one") == value{value::array{1}});
}
