// retry_transaction against the real engine: two clients increment one
// counter in read-then-write transactions at the same time. Their first
// transactions are made to overlap (both read before either writes), so at
// least one commit loses a write conflict; retried, no increment is lost.
#define CAF_SUITE retry_transaction

#include "surrealcaf/blocking.hpp"
#include "surrealcaf/retry_transaction.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_faces.hpp"
#include "fresh_database.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::error_of;
using surrealcaf::test::run_name;
using namespace std::chrono_literals;

namespace {

constexpr int clients = 2;
constexpr int increments = 8;

struct fixture {
  std::string ns = run_name("retry_transaction");
  std::string db = test::fresh_database();

  // One connection per client, as two processes would have.
  blocking_session client() {
    auto conn = connect_engine();
    auto s = conn.default_session();
    s.use(ns, db);
    return s;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(retry_transaction_tests, fixture)

CAF_TEST(two clients incrementing one counter lose no increment) {
  auto setup = client();
  setup.query_value("CREATE counter:1 SET n = 0");
  std::vector<blocking_session> sessions;
  for (int i = 0; i < clients; ++i)
    sessions.push_back(client());
  std::atomic<int> runs{0};
  std::atomic<int> conflicts{0};
  // The clients' first transactions wait here after their read, so both
  // read the same value before either writes.
  std::atomic<int> read_first{0};
  std::atomic<int> failures{0};
  std::mutex mtx;
  std::string failure;
  retry_options opts;
  opts.max_attempts = 50;
  opts.initial_delay = 5ms;
  opts.max_delay = 100ms;
  std::vector<std::thread> threads;
  for (int i = 0; i < clients; ++i) {
    threads.emplace_back([&, s = sessions[i]] {
      for (int k = 0; k < increments; ++k) {
        bool first = k == 0;
        try {
          retry_transaction(
            s,
            [&](blocking_session& session) {
              ++runs;
              try {
                auto txn = session.begin_transaction();
                auto n = txn.query_value("SELECT VALUE n FROM ONLY counter:1").get<int64_t>();
                if (first) {
                  first = false;
                  ++read_first;
                  test::wait_until([&] { return read_first.load() == clients; }, 5s);
                }
                txn.query_value("UPDATE counter:1 SET n = $n", {{"n", n + 1}});
                txn.commit();
              } catch (const surreal_error& err) {
                if (err.code() == errc::transaction_conflict)
                  ++conflicts;
                throw;
              }
            },
            opts);
        } catch (const std::exception& err) {
          ++failures;
          std::lock_guard<std::mutex> guard{mtx};
          failure = err.what();
        }
      }
    });
  }
  for (auto& t : threads)
    t.join();
  // CAF's checks are not for other threads: their failures are looked at here.
  CAF_CHECK_EQUAL(failures.load(), 0);
  if (failures > 0)
    CAF_MESSAGE("an increment failed: " << failure);
  CAF_CHECK_EQUAL(setup.query_value("SELECT VALUE n FROM ONLY counter:1"),
                  value{clients * increments});
  // At least the overlapping first transactions conflicted and ran again.
  CAF_MESSAGE(runs.load() << " runs for " << clients * increments << " increments, "
                          << conflicts.load() << " conflicting commits");
  CAF_CHECK_GREATER(runs.load(), clients * increments);
  CAF_CHECK_GREATER_OR_EQUAL(conflicts.load(), 1);
  CAF_CHECK_EQUAL(runs.load(), clients * increments + conflicts.load());
}

CAF_TEST(a conflict past the last attempt reaches the caller) {
  auto a = client();
  auto b = client();
  a.query_value("CREATE counter:2 SET n = 0");
  retry_options opts;
  opts.max_attempts = 2;
  opts.initial_delay = 5ms;
  int runs = 0;
  auto err = error_of([&] {
    retry_transaction(
      a,
      [&](blocking_session& session) {
        ++runs;
        // Every run loses: another client commits between its read and its
        // write.
        auto txn = session.begin_transaction();
        auto n = txn.query_value("SELECT VALUE n FROM ONLY counter:2").get<int64_t>();
        b.query_value("UPDATE counter:2 SET n += 100");
        txn.query_value("UPDATE counter:2 SET n = $n", {{"n", n + 1}});
        txn.commit();
      },
      opts);
  });
  CAF_CHECK_EQUAL(runs, 2);
  CAF_CHECK_EQUAL(err.code(), errc::transaction_conflict);
  CAF_CHECK(err.server() != nullptr);
  CAF_CHECK_EQUAL(a.query_value("SELECT VALUE n FROM ONLY counter:2"), value{200});
}

CAF_TEST_FIXTURE_SCOPE_END()
