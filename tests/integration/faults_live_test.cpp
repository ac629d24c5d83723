// Live queries across a drop: a stream opened before it gets one `resumed`
// notification under the id it was given, then the changes made after the
// resume under that same id, whether it came from `live` on the default
// session or from `LIVE SELECT` on an attached one.
#define CAF_SUITE faults_live

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "fresh_database.hpp"
#include "reconnect_faces.hpp"
#include "root_user.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;
using action = rpc::live_action;

namespace {

/// The next notification; fails the test after 5 s.
rpc::notification next(live_stream& stream) {
  auto x = stream.next(5s);
  if (!x)
    CAF_FAIL("no notification within 5 s");
  return std::move(*x);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_live_tests, test::fault_fixture)

CAF_TEST(a live stream from before a drop resumes under its id and sees later writes) {
  auto conn = test::connect_proxied();
  auto ns = test::run_name("live");
  auto db = test::fresh_database();
  auto main = conn.default_session();
  main.use(ns, db);
  main.query_value("DEFINE TABLE person SCHEMALESS");
  auto other = conn.new_session();
  other.signin(test::root_user());
  other.use(ns, db);
  auto by_rpc = main.live(value{table{"person"}});
  auto by_query = other.live_query("LIVE SELECT * FROM person");
  auto rpc_id = by_rpc.id();
  auto query_id = by_query.id();
  // Each write waits for its notifications: the engine may reorder those of
  // back-to-back transactions.
  other.create(value{record_id{"person", "before"}}, value{{"n", 1}});
  CAF_CHECK(next(by_rpc).action == action::create);
  CAF_CHECK(next(by_query).action == action::create);

  auto events = conn.events();
  proxy.drop();
  test::events_until(events, state::resumed);
  for (auto* stream : {&by_rpc, &by_query}) {
    auto resumed = next(*stream);
    CAF_CHECK(resumed.action == action::resumed);
    CAF_CHECK_EQUAL(resumed.live_id, stream->id());
    CAF_CHECK(resumed.record.is_none());
  }
  CAF_CHECK_EQUAL(by_rpc.id(), rpc_id);
  CAF_CHECK_EQUAL(by_query.id(), query_id);
  main.create(value{record_id{"person", "after"}}, value{{"n", 2}});
  for (auto* stream : {&by_rpc, &by_query}) {
    auto created = next(*stream);
    CAF_CHECK(created.action == action::create);
    CAF_CHECK_EQUAL(created.live_id, stream->id());
    CAF_CHECK(created.record == value{record_id{"person", "after"}});
    CAF_CHECK_EQUAL(created.result["n"], value{2});
  }
  other.query_value("UPDATE person:after SET n = 3");
  for (auto* stream : {&by_rpc, &by_query}) {
    auto updated = next(*stream);
    CAF_CHECK(updated.action == action::update);
    CAF_CHECK_EQUAL(updated.live_id, stream->id());
    CAF_CHECK_EQUAL(updated.result["n"], value{3});
  }
  CAF_CHECK(!by_rpc.next(200ms));
  CAF_CHECK(!by_query.next(0ms));
}

CAF_TEST_FIXTURE_SCOPE_END()
