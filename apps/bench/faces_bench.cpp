// surrealcaf_faces_bench: the cost of one call through the blocking and async
// faces, next to a scoped_actor doing the same request, against a mock
// session actor that answers at once (no socket: this is the faces' own cost).
//
// Usage: surrealcaf_faces_bench [calls] [threads]
// `calls` (default 100000) round trips per figure; the scoped_actor-per-call
// figures use a tenth of them (they are slow). `threads` (default 2) is the
// actor system's worker count, the faces' default for their private system.
// Every figure is measured twice: on an actor system with CAF's default
// scheduler settings, and on one configured as the faces configure their
// private system (runtime::configure). Each figure is the best of 3 runs.
// Build in Release for meaningful figures:
//   cmake -B build-rel -DCMAKE_BUILD_TYPE=Release
//   cmake --build build-rel --target surrealcaf_faces_bench
#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/faces_from_actor.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

using clock_type = std::chrono::steady_clock;

// A session that answers everything at once with an empty result.
detail::session_internal::behavior_type instant_session(detail::session_internal::pointer self) {
  return {
    [](use_atom, const value&, const value&) { return value{}; },
    [](signin_atom, const credentials&) { return value{}; },
    [](signup_atom, const record_credentials&) { return value{}; },
    [](auth_atom, const std::string&) { return value{}; },
    [](invalidate_atom) { return value{}; },
    [](info_atom) { return value{}; },
    [](let_atom, const std::string&, const value&) { return value{}; },
    [](unset_atom, const std::string&) { return value{}; },
    [](query_atom, const std::string&, const value::object&) { return query_results{}; },
    [](version_atom) { return std::string{"surrealdb-bench"}; },
    [](ping_atom) { return value{}; },
    [](rpc_atom, rpc::method, const value::array&) { return value{}; },
    [](close_atom) { return value{}; },
    [](query_atom, const std::string&, const value::object&, const uuid&) {
      return query_results{};
    },
    [](crud_atom, const crud::statement&, const std::optional<uuid>&) { return value{}; },
    [](begin_atom) { return uuid{}; },
    [](commit_atom, const uuid&) { return value{}; },
    [](cancel_atom, const uuid&) { return value{}; },
    [](live_atom, const value&, bool, const live_subscriber&) { return uuid{}; },
    [](live_atom, const std::string&, const value::object&, const live_subscriber&) {
      return uuid{};
    },
    [](kill_atom, const uuid&) { return value{}; },
    [](refresh_atom) { return value{}; },
    [](revoke_atom) { return value{}; },
    [](fork_atom) -> caf::result<forked_session> {
      return make_error(errc::invalid_argument, "the bench session does not fork");
    },
    [](const rpc::notification&) {},
    [](shutdown_atom, const caf::error&) {},
    [](lost_atom, const caf::error&) {},
    [](resume_atom, uint64_t) {},
    [](token_atom, uint64_t) {},
    [](moving_atom) {},
    [](rehome_atom, const caf::actor&, uint64_t) {},
    [self](timeout_atom, std::chrono::milliseconds, caf::message& call) {
      return self->delegate(caf::actor_cast<caf::actor>(self), std::move(call));
    },
  };
}

// A connection whose only session is `dflt`.
detail::connection_internal::behavior_type
instant_connection(detail::connection_internal::pointer self, session_actor dflt) {
  return {
    [=](session_atom) { return dflt; },
    [=](default_atom) { return dflt; },
    [](connected_atom) { return std::string{"cbor"}; },
    [](call_atom, const rpc::request&) { return value{}; },
    [](call_atom, const rpc::request&, std::chrono::milliseconds) { return value{}; },
    [=](close_atom) {
      self->quit();
      return true;
    },
    [](open_atom, const std::string&) {},
    [](frame_atom, const std::vector<uint8_t>&) {},
    [](closed_atom, const caf::error&) {},
    [](ping_atom) {},
    [](deadline_atom) {},
    [](observe_atom, const connection_observer&) { return connection_state::connected; },
    [](counters_atom) { return connection_counters{}; },
    [](sessions_atom) { return std::vector<uuid>{}; },
    [](resume_atom, uint64_t, const rpc::request&) { return value{}; },
    [](resumed_atom, const std::optional<uuid>&, bool, uint64_t) {},
    [](reconnect_atom, uint64_t) {},
    [](token_atom, uint64_t, int64_t) {},
    [](token_atom, const caf::actor_addr&, uint64_t) {},
    [](pool_atom, const detail::pool_internal&) {},
    [](adopt_atom, const uuid&, const detail::session_internal&) { return false; },
  };
}

// Best of three runs of `n` calls of `body(n)`; returns microseconds per call.
double best_us_per_call(size_t n, const std::function<void(size_t)>& body) {
  double best = 1e300;
  for (int run = 0; run < 3; ++run) {
    auto start = clock_type::now();
    body(n);
    std::chrono::duration<double, std::micro> took = clock_type::now() - start;
    best = std::min(best, took.count() / static_cast<double>(n));
  }
  return best;
}

void report(const char* what, double us) {
  std::printf("%-58s %8.2f us/call %10.0f calls/s\n", what, us, 1e6 / us);
}

// Every figure on one actor system.
void run_all(caf::actor_system& sys, size_t calls) {
  auto session = sys.spawn(instant_session);
  auto conn = sys.spawn(instant_connection, session);
  auto scoped_ping = [&] {
    caf::scoped_actor self{sys};
    self->request(session, 30s, ping_atom::value).receive([](value&) {}, [](caf::error&) {});
  };
  // `n` calls of `call` spread over 4 threads.
  auto four_threads = [](size_t n, const std::function<void()>& call) {
    std::vector<std::thread> workers;
    for (int t = 0; t < 4; ++t)
      workers.emplace_back([&] {
        for (size_t i = 0; i < n / 4; ++i)
          call();
      });
    for (auto& w : workers)
      w.join();
  };
  auto few = std::max<size_t>(calls / 10, 4);
  report("scoped_actor per call (request + receive)", best_us_per_call(few, [&](size_t n) {
           for (size_t i = 0; i < n; ++i)
             scoped_ping();
         }));
  report("scoped_actor per call, 4 threads (aggregate)",
         best_us_per_call(few, [&](size_t n) { four_threads(n, scoped_ping); }));
  {
    caf::scoped_actor self{sys};
    report("one scoped_actor reused (one thread only)", best_us_per_call(calls, [&](size_t n) {
             for (size_t i = 0; i < n; ++i)
               self->request(session, 30s, ping_atom::value)
                 .receive([](value&) {}, [](caf::error&) {});
           }));
  }
  auto faces = make_blocking_connection(sys, conn);
  auto db = faces.default_session();
  report("blocking face: db.ping()", best_us_per_call(calls, [&](size_t n) {
           for (size_t i = 0; i < n; ++i)
             db.ping();
         }));
  report("blocking face: db.ping(), 4 threads (aggregate)",
         best_us_per_call(calls, [&](size_t n) { four_threads(n, [&] { db.ping(); }); }));
  auto adb = db.async();
  report("async face: ping() with 100 futures in flight", best_us_per_call(calls, [&](size_t n) {
           std::deque<surrealcaf::future<void>> window;
           for (size_t i = 0; i < n; ++i) {
             if (window.size() == 100) {
               window.front().get();
               window.pop_front();
             }
             window.push_back(adb.ping());
           }
           for (auto& f : window)
             f.get();
         }));
  faces.close();
  caf::anon_send_exit(session, caf::exit_reason::user_shutdown);
}

} // namespace

int main(int argc, char** argv) {
  size_t calls = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  size_t threads = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 2;
  std::printf("ping round trips against a mock session, %zu worker threads\n", threads);
  {
    std::printf("-- CAF's default scheduler settings\n");
    caf::actor_system_config cfg;
    register_types(cfg);
    cfg.set("scheduler.max-threads", static_cast<caf::config_value::integer>(threads));
    caf::actor_system sys{cfg};
    run_all(sys, calls);
  }
  {
    std::printf("-- the faces' private system settings\n");
    client_options opts;
    opts.worker_threads = threads;
    caf::actor_system_config cfg;
    detail::runtime::configure(cfg, opts);
    caf::actor_system sys{cfg};
    run_all(sys, calls);
  }
}
