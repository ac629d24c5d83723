// The async face: a window of calls kept full by continuations. Each call's
// continuation (`future::then`, run on the thread that completed it) records
// its latency and starts the next call, so no thread waits on any one call
// and replies that come back out of order are counted when they arrive.
#include "face_sessions.hpp"
#include "load_client.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>

namespace surrealcaf::bench {

namespace {

template <class T, class Issue>
phase_result run_window(const phase_limits& limits, size_t window, Issue issue) {
  struct shared {
    shared(const phase_limits& limits, Issue issue) : gate(limits), issue(std::move(issue)) {}
    phase_gate gate;
    Issue issue;
    std::mutex mtx;
    std::condition_variable cv;
    phase_result out;
    std::atomic<uint64_t> next{0};
    size_t running = 0;
  };
  auto st = std::make_shared<shared>(limits, std::move(issue));
  // Starts one call if the gate allows; its continuation starts the next.
  struct starter {
    static void start(const std::shared_ptr<shared>& st) {
      if (!st->gate.take()) {
        std::lock_guard<std::mutex> guard{st->mtx};
        if (--st->running == 0)
          st->cv.notify_all();
        return;
      }
      // The clock starts before the call is made: making it is part of its cost.
      auto started = clock_type::now();
      st->issue(st->next.fetch_add(1)).then([st, started](future<T> f) {
        auto now = clock_type::now();
        try {
          f.get();
          std::lock_guard<std::mutex> guard{st->mtx};
          st->out.ok(started, now);
        } catch (const std::exception& e) {
          std::lock_guard<std::mutex> guard{st->mtx};
          st->out.failed(started, now, e.what());
        }
        start(st);
      });
    }
  };
  auto begin = clock_type::now();
  {
    std::lock_guard<std::mutex> guard{st->mtx};
    st->running = window;
  }
  for (size_t i = 0; i < window; ++i)
    starter::start(st);
  std::unique_lock<std::mutex> guard{st->mtx};
  st->cv.wait(guard, [&] { return st->running == 0; });
  auto out = std::move(st->out);
  out.seconds = std::chrono::duration<double>(clock_type::now() - begin).count();
  return out;
}

class async_client : public load_client {
public:
  explicit async_client(const options& opts) : opts_(opts), faces_(open_face_sessions(opts)) {}

  ~async_client() override { faces_.conn.close().wait(); }

  phase_result run(const phase_limits& limits) override {
    auto& ss = faces_.sessions;
    auto window = opts_.window();
    switch (opts_.load) {
      case workload::ping:
        return run_window<void>(limits, window, [&](uint64_t n) {
          return ss[n % ss.size()].ping();
        });
      case workload::query:
        return run_window<query_results>(limits, window, [&](uint64_t n) {
          return ss[n % ss.size()].query("RETURN 1");
        });
      case workload::select:
        return run_window<value>(limits, window, [&](uint64_t n) {
          return ss[n % ss.size()].select(record_id{"bench", "one"});
        });
      case workload::create:
        return run_window<value>(limits, window, [&](uint64_t n) {
          return ss[n % ss.size()].create(table{"bench"}, value::object{{"v", 1}});
        });
    }
    return {};
  }

private:
  options opts_;
  face_sessions faces_;
};

} // namespace

std::unique_ptr<load_client> make_async_client(const options& opts) {
  return std::make_unique<async_client>(opts);
}

} // namespace surrealcaf::bench
