// The async face: a window of futures. Each round waits for the oldest call,
// collects every call after it that is ready too, and refills the window.
// Replies that come back out of order are collected when the calls before
// them are, which can only overstate their latency. (When the async face
// grows a completion callback, `run_window` is the one place to change.)
#include "face_sessions.hpp"
#include "load_client.hpp"

#include <deque>

namespace surrealcaf::bench {

namespace {

template <class T, class Issue>
phase_result run_window(const phase_limits& limits, size_t window, Issue issue) {
  struct call {
    std::future<T> result;
    clock_type::time_point started;
  };
  phase_result out;
  phase_gate gate{limits};
  std::deque<call> pending;
  uint64_t n = 0;
  auto start = clock_type::now();
  for (;;) {
    while (pending.size() < window && gate.take()) {
      // The clock starts before the call is made: making it is part of its cost.
      auto started = clock_type::now();
      pending.push_back({issue(n++), started});
    }
    if (pending.empty())
      break;
    pending.front().result.wait();
    auto now = clock_type::now();
    do {
      try {
        pending.front().result.get();
        out.ok(pending.front().started, now);
      } catch (const std::exception& e) {
        out.failed(pending.front().started, now, e.what());
      }
      pending.pop_front();
    } while (!pending.empty()
             && pending.front().result.wait_for(std::chrono::seconds{0})
                  == std::future_status::ready);
  }
  out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
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
