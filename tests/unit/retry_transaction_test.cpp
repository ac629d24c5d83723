// retry_transaction on the blocking and async faces, over a mock session:
// the function under retry plays the transaction and says when it lost a
// write conflict; what is checked is how often it runs, what comes out, and
// that the waits follow the options without blocking the async caller.
#define CAF_SUITE retry_transaction

#include "surrealcaf/retry_transaction.hpp"

#include "caf/test/unit_test.hpp"

#include <atomic>
#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"

#include "contains.hpp"
#include "faces_fixture.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

// A write conflict as a commit reports it, numbered by the run that lost it.
surreal_error conflict(int run) {
  rpc::server_error x;
  x.message = "Transaction conflict: Write conflict, retry the transaction (run "
              + std::to_string(run) + ")";
  x.kind = rpc::error_kind::internal;
  x.code = -32000;
  return surreal_error{errc::transaction_conflict, std::move(x)};
}

// Quick waits without jitter: 5, 10, 20, ... ms.
retry_options quick(uint32_t max_attempts = 5) {
  retry_options opts;
  opts.max_attempts = max_attempts;
  opts.initial_delay = 5ms;
  opts.max_delay = 100ms;
  opts.jitter = 0;
  return opts;
}

// A future that holds `outcome()` (or its exception) once a ping on `s`
// came back: a real call, so the async retry's continuation runs on the
// actor system's thread as it does for real transactions.
surrealcaf::future<int> after_ping(async_session& s, std::function<int()> outcome) {
  detail::promise<int> p;
  auto result = p.get_future();
  s.ping().then([p, outcome](surrealcaf::future<void> x) mutable {
    try {
      x.get();
      p.set_value(outcome());
    } catch (...) {
      p.set_exception(std::current_exception());
    }
  });
  return result;
}

struct fixture : faces_fixture {
  async_session adb = db.async();
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(retry_transaction_tests, fixture)

// -- the blocking face ----------------------------------------------------------

CAF_TEST(two conflicts then a commit run the transaction three times) {
  int runs = 0;
  auto result = retry_transaction(db, [&](blocking_session& s) {
    ++runs;
    auto txn = s.begin_transaction();
    txn.query("UPDATE counter:1 SET n += 1");
    if (runs < 3)
      throw conflict(runs); // as the commit would; the handle cancels the transaction
    txn.commit();
    return runs * 10;
  });
  CAF_CHECK_EQUAL(runs, 3);
  CAF_CHECK_EQUAL(result, 30);
  // Each run had a transaction of its own; the ones that lost were cancelled.
  CAF_CHECK_EQUAL(dflt()->begins.load(), 3);
  CAF_CHECK_EQUAL(dflt()->commits.load(), 1);
  // The cancels leave without waiting for their replies.
  CAF_CHECK(wait_until([&] { return dflt()->cancels.load() == 2; }));
}

CAF_TEST(any other error ends it at once) {
  int runs = 0;
  auto err = error_of([&] {
    retry_transaction(db, [&](blocking_session& s) {
      ++runs;
      s.query_value("fail"); // the mock fails its second statement: a server error
    });
  });
  CAF_CHECK_EQUAL(runs, 1);
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  // Not only surreal_error: anything else is not a conflict either.
  runs = 0;
  CAF_CHECK_EQUAL(thrown_text<std::runtime_error>([&] {
                    retry_transaction(db, [&](blocking_session&) -> int {
                      ++runs;
                      throw std::runtime_error{"not a conflict"};
                    });
                  }),
                  "not a conflict");
  CAF_CHECK_EQUAL(runs, 1);
}

CAF_TEST(after max attempts the last conflict is rethrown) {
  int runs = 0;
  auto err = error_of([&] {
    retry_transaction(
      db, [&](blocking_session&) { throw conflict(++runs); }, quick(4));
  });
  CAF_CHECK_EQUAL(runs, 4);
  CAF_CHECK_EQUAL(err.code(), errc::transaction_conflict);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(contains(err.server()->message, "(run 4)"));
}

CAF_TEST(the waits follow the backoff) {
  retry_options opts;
  opts.max_attempts = 3;
  opts.initial_delay = 60ms;
  opts.multiplier = 2;
  opts.max_delay = 1s;
  opts.jitter = 0;
  int runs = 0;
  auto start = clock_type::now();
  retry_transaction(
    db,
    [&](blocking_session&) {
      if (++runs < 3)
        throw conflict(runs);
    },
    opts);
  // 60 ms after the first conflict, 120 ms after the second.
  CAF_CHECK_GREATER_OR_EQUAL(clock_type::now() - start, 180ms);
  CAF_CHECK_EQUAL(runs, 3);
  CAF_CHECK_EQUAL(detail::retry_delay(opts, 1).count(), 60);
  CAF_CHECK_EQUAL(detail::retry_delay(opts, 2).count(), 120);
  CAF_CHECK_EQUAL(detail::retry_delay(opts, 5).count(), 960);
  CAF_CHECK_EQUAL(detail::retry_delay(opts, 6).count(), 1000);
}

CAF_TEST(invalid options and an empty handle run nothing) {
  int runs = 0;
  auto count = [&](blocking_session&) { ++runs; };
  auto bad = quick();
  bad.max_attempts = 0;
  auto err = error_of([&] { retry_transaction(db, count, bad); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK(contains(err.what(), "max_attempts"));
  bad = quick();
  bad.initial_delay = 0ms;
  bad.jitter = 2;
  err = error_of([&] { retry_transaction(db, count, bad); });
  CAF_CHECK(contains(err.what(), "initial_delay"));
  CAF_CHECK(contains(err.what(), "jitter"));
  err = error_of([&] { retry_transaction(blocking_session{}, count); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK_EQUAL(runs, 0);
}

// -- the async face -------------------------------------------------------------

CAF_TEST(async two conflicts then success run three times without blocking the caller) {
  std::atomic<int> runs{0};
  std::atomic<int> off_caller{0};
  auto caller = std::this_thread::get_id();
  auto opts = quick();
  opts.initial_delay = 100ms;
  opts.max_delay = 1s;
  auto start = clock_type::now();
  auto f = retry_transaction(
    adb,
    [&](async_session& s) {
      auto n = ++runs;
      if (std::this_thread::get_id() != caller)
        ++off_caller;
      return after_ping(s, [n]() -> int {
        if (n < 3)
          throw conflict(n);
        return n * 10;
      });
    },
    opts);
  // The first run's ping is in flight and the waits are ahead: the caller
  // got its future at once.
  CAF_CHECK_LESS(clock_type::now() - start, 100ms);
  CAF_CHECK_EQUAL(f.get(), 30);
  CAF_CHECK_EQUAL(runs.load(), 3);
  // The later runs started on the actor system's timer, not on the caller.
  CAF_CHECK_EQUAL(off_caller.load(), 2);
  CAF_CHECK_GREATER_OR_EQUAL(clock_type::now() - start, 300ms); // 100 + 200 ms
}

CAF_TEST(async any other error ends it at once) {
  std::atomic<int> runs{0};
  auto f = retry_transaction(adb, [&](async_session& s) {
    ++runs;
    return after_ping(s, []() -> int { throw surreal_error{errc::server_error, "refused"}; });
  });
  CAF_CHECK_EQUAL(error_of([&] { f.get(); }).code(), errc::server_error);
  CAF_CHECK_EQUAL(runs.load(), 1);
  // An exception from the function itself is its future's error.
  runs = 0;
  auto g = retry_transaction(adb, [&](async_session&) -> surrealcaf::future<void> {
    ++runs;
    throw std::logic_error{"broken"};
  });
  CAF_CHECK_EQUAL(thrown_text<std::logic_error>([&] { g.get(); }), "broken");
  CAF_CHECK_EQUAL(runs.load(), 1);
}

CAF_TEST(async after max attempts the last conflict is its error) {
  std::atomic<int> runs{0};
  auto f = retry_transaction(
    adb,
    [&](async_session& s) {
      auto n = ++runs;
      return after_ping(s, [n]() -> int { throw conflict(n); });
    },
    quick(3));
  auto err = error_of([&] { f.get(); });
  CAF_CHECK_EQUAL(runs.load(), 3);
  CAF_CHECK_EQUAL(err.code(), errc::transaction_conflict);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(contains(err.server()->message, "(run 3)"));
}

CAF_TEST(async real transactions on the mock are begun anew each run) {
  std::atomic<int> runs{0};
  auto f = retry_transaction(
    adb,
    [&](async_session& s) {
      auto n = ++runs;
      detail::promise<void> p;
      auto result = p.get_future();
      s.begin_transaction().then([p, n](surrealcaf::future<async_transaction> t) mutable {
        try {
          auto txn = t.get();
          if (n < 2)
            throw conflict(n); // dropping `txn` cancels it
          txn.commit().then([p](surrealcaf::future<void> c) mutable {
            try {
              c.get();
              p.set_value();
            } catch (...) {
              p.set_exception(std::current_exception());
            }
          });
        } catch (...) {
          p.set_exception(std::current_exception());
        }
      });
      return result;
    },
    quick());
  f.get();
  CAF_CHECK_EQUAL(runs.load(), 2);
  CAF_CHECK_EQUAL(dflt()->begins.load(), 2);
  CAF_CHECK_EQUAL(dflt()->commits.load(), 1);
  CAF_CHECK(wait_until([&] { return dflt()->cancels.load() == 1; }));
}

CAF_TEST(async invalid options and an empty handle fail the future at once) {
  std::atomic<int> runs{0};
  auto count = [&](async_session& s) {
    ++runs;
    return s.ping();
  };
  auto bad = quick();
  bad.max_delay = 1ms;
  auto f = retry_transaction(adb, count, bad);
  CAF_CHECK(f.is_ready());
  CAF_CHECK(contains(error_of([&] { f.get(); }).what(), "max_delay"));
  auto g = retry_transaction(async_session{}, count);
  CAF_CHECK_EQUAL(error_of([&] { g.get(); }).code(), errc::invalid_argument);
  CAF_CHECK_EQUAL(runs.load(), 0);
}

CAF_TEST_FIXTURE_SCOPE_END()
