// A handle's own deadline (`with_request_timeout`) against the real engine:
// a `SLEEP 1s` through a handle with 200 ms fails with errc::timeout long
// before the second is up, while the same session without the override, or
// with a longer one, waits for the result.
#define CAF_SUITE request_timeout

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "contains.hpp"
#include "engine_faces.hpp"
#include "fresh_database.hpp"
#include "surreal_error_of.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::contains;
using surrealcaf::test::error_of;
using surrealcaf::test::run_name;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

std::chrono::milliseconds since(clock_type::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

const std::string sleep_1s = "SLEEP 1s; RETURN 'awake'";

struct fixture {
  blocking_connection conn = connect_engine();
  blocking_session db = conn.default_session();

  fixture() {
    db.use(run_name("request_timeout"), test::fresh_database());
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(request_timeout_tests, fixture)

CAF_TEST(a sleep through a 200 ms handle times out well before its second) {
  auto fast = db.with_request_timeout(200ms);
  auto start = clock_type::now();
  auto err = error_of([&] { fast.query_value(sleep_1s); });
  auto took = since(start);
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(err.server() == nullptr);
  CAF_CHECK(contains(err.what(), "query: no reply within 200 ms"));
  CAF_CHECK_GREATER_OR_EQUAL(took.count(), 200);
  CAF_CHECK_LESS(took.count(), 700);
  // The same session through the original handle (the connection's 30 s)
  // and through one with a longer deadline waits for the sleep.
  CAF_CHECK_EQUAL(db.request_timeout().count(), 30'000);
  start = clock_type::now();
  CAF_CHECK_EQUAL(db.query_value(sleep_1s), value{"awake"});
  CAF_CHECK_GREATER_OR_EQUAL(since(start).count(), 1000);
  CAF_CHECK_EQUAL(db.with_request_timeout(5s).query_value(sleep_1s), value{"awake"});
  // The handle that timed out is still usable for what fits its deadline.
  CAF_CHECK_EQUAL(fast.query_value("RETURN 1"), value{1});
}

CAF_TEST(async calls through both handles end each at its own deadline) {
  auto adb = db.async();
  auto fast = adb.with_request_timeout(200ms);
  auto start = clock_type::now();
  auto slow_result = adb.query_value(sleep_1s);
  auto fast_result = fast.query_value(sleep_1s);
  auto err = error_of([&] { fast_result.get(); });
  auto took = since(start);
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK_LESS(took.count(), 700);
  CAF_CHECK(!slow_result.is_ready());
  CAF_CHECK_EQUAL(slow_result.get(), value{"awake"});
}

CAF_TEST(a transaction begun through a short handle has its deadline) {
  auto txn = db.with_request_timeout(200ms).begin_transaction();
  auto start = clock_type::now();
  auto err = error_of([&] { txn.query_value(sleep_1s); });
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK_LESS(since(start).count(), 700);
  // Dropped open: its destructor cancels it without waiting (the engine may
  // still be sleeping in it).
}

CAF_TEST_FIXTURE_SCOPE_END()
