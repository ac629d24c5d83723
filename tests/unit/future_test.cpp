// surrealcaf::future: waiting, continuations (inline and on an executor,
// before and after the result is in), errors, and the std::future option;
// then the async face's calls completing through continuations.
#define CAF_SUITE future

#include "surrealcaf/future.hpp"

#include "caf/test/unit_test.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "surrealcaf/async.hpp"
#include "surrealcaf/typed.hpp"

#include "faces_fixture.hpp"
#include "surreal_error_of.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

// An executor that only queues, so a test sees when tasks run.
struct queue_executor {
  std::shared_ptr<std::deque<std::function<void()>>> tasks =
    std::make_shared<std::deque<std::function<void()>>>();

  void operator()(std::function<void()> task) const {
    tasks->push_back(std::move(task));
  }

  size_t run_all() const {
    size_t n = 0;
    while (!tasks->empty()) {
      auto t = std::move(tasks->front());
      tasks->pop_front();
      t();
      ++n;
    }
    return n;
  }
};

} // namespace

CAF_TEST(get returns the value set from another thread) {
  detail::promise<std::string> p;
  auto f = p.get_future();
  CAF_CHECK(f.valid());
  CAF_CHECK(!f.is_ready());
  CAF_CHECK(f.wait_for(1ms) == std::future_status::timeout);
  std::thread t{[p] { p.set_value("done"); }};
  CAF_CHECK_EQUAL(f.get(), "done");
  CAF_CHECK(!f.valid());
  t.join();
}

CAF_TEST(only the first completion counts) {
  detail::promise<int> p;
  auto f = p.get_future();
  p.set_value(1);
  p.set_value(2);
  p.set_exception(std::make_exception_ptr(std::runtime_error{"late"}));
  CAF_CHECK_EQUAL(f.get(), 1);
}

CAF_TEST(get rethrows the error) {
  detail::promise<void> p;
  auto f = p.get_future();
  p.set_exception(std::make_exception_ptr(surreal_error{errc::timeout, "slow"}));
  CAF_CHECK(f.is_ready());
  try {
    f.get();
    CAF_FAIL("no exception");
  } catch (const surreal_error& e) {
    CAF_CHECK_EQUAL(e.code(), errc::timeout);
  }
}

CAF_TEST(a continuation set before the result runs on the completing thread) {
  detail::promise<int> p;
  auto f = p.get_future();
  std::thread::id ran_on;
  int got = 0;
  f.then([&](future<int> x) {
    ran_on = std::this_thread::get_id();
    got = x.get();
  });
  CAF_CHECK(!f.valid());
  std::thread t{[p] { p.set_value(7); }};
  auto completer = t.get_id();
  t.join();
  CAF_CHECK_EQUAL(got, 7);
  CAF_CHECK(ran_on == completer);
}

CAF_TEST(a continuation set after the result runs at once) {
  detail::promise<int> p;
  auto f = p.get_future();
  p.set_value(3);
  int got = 0;
  f.then([&](future<int> x) { got = x.get(); });
  CAF_CHECK_EQUAL(got, 3);
}

CAF_TEST(a continuation may be move only and sees the error) {
  detail::promise<int> p;
  auto f = p.get_future();
  auto token = std::make_unique<int>(5);
  errc seen = errc::invalid_argument;
  f.then([token = std::move(token), &seen](future<int> x) {
    try {
      x.get();
    } catch (const surreal_error& e) {
      seen = e.code();
    }
  });
  p.set_exception(std::make_exception_ptr(surreal_error{errc::connection_lost, "gone"}));
  CAF_CHECK_EQUAL(seen, errc::connection_lost);
}

CAF_TEST(an executor gets the task and runs the continuation) {
  queue_executor ex;
  detail::promise<int> p;
  auto f = p.get_future();
  int got = 0;
  f.then(ex, [&](future<int> x) { got = x.get(); });
  p.set_value(9);
  CAF_CHECK_EQUAL(got, 0); // queued, not run
  CAF_CHECK_EQUAL(ex.run_all(), 1u);
  CAF_CHECK_EQUAL(got, 9);
}

CAF_TEST(a throwing continuation is swallowed) {
  detail::promise<int> p;
  auto f = p.get_future();
  f.then([](future<int>) { throw std::runtime_error{"user bug"}; });
  p.set_value(1); // does not throw
  CAF_CHECK(true);
}

CAF_TEST(a future converts to a std future) {
  detail::promise<std::string> p;
  std::future<std::string> f = p.get_future();
  p.set_value("std");
  CAF_CHECK_EQUAL(f.get(), "std");
  detail::promise<void> q;
  std::future<void> g = q.get_future();
  q.set_exception(std::make_exception_ptr(surreal_error{errc::timeout, "t"}));
  CAF_CHECK_EQUAL(test::error_of([&] { g.get(); }).code(), errc::timeout);
}

CAF_TEST_FIXTURE_SCOPE(future_faces_tests, test::faces_fixture)

// A window of calls kept full by continuations alone: each reply starts the
// next call; no thread waits on any one future.
CAF_TEST(async calls complete through continuations) {
  constexpr int total = 200;
  constexpr int window = 16;
  // Shared with the continuations, which may still be returning when the
  // test has seen the last one count.
  struct pump_state {
    async_session db;
    std::mutex mtx;
    std::condition_variable cv;
    int done = 0;
    int failed = 0;
    std::atomic<int> started{0};
  };
  auto st = std::make_shared<pump_state>();
  st->db = db.async();
  struct pump {
    static void start(const std::shared_ptr<pump_state>& st) {
      if (st->started.fetch_add(1) >= total)
        return;
      st->db.version().then([st](future<std::string> v) {
        bool ok = false;
        try {
          ok = v.get() == "surrealdb-mock";
        } catch (...) {
        }
        {
          std::lock_guard<std::mutex> guard{st->mtx};
          ++st->done;
          if (!ok)
            ++st->failed;
        }
        st->cv.notify_all();
        start(st);
      });
    }
  };
  for (int i = 0; i < window; ++i)
    pump::start(st);
  std::unique_lock<std::mutex> guard{st->mtx};
  CAF_REQUIRE(st->cv.wait_for(guard, 10s, [&] { return st->done == total; }));
  CAF_CHECK_EQUAL(st->failed, 0);
}

CAF_TEST(typed calls convert before anyone waits) {
  auto adb = db.async();
  // The mock answers a query with its text.
  auto f = query_as<std::string>(adb, "typed");
  CAF_REQUIRE(f.wait_for(5s) == std::future_status::ready);
  CAF_CHECK_EQUAL(f.get(), "typed");
  auto bad = query_as<int>(adb, "text");
  auto err = test::thrown<conversion_error>([&] { bad.get(); });
  CAF_CHECK_EQUAL(err.reason(), "expected int, got string");
}

CAF_TEST_FIXTURE_SCOPE_END()
