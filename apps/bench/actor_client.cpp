// The actor face: a user's event-based actor that keeps the window full,
// each call a request(...).then(...) to a session actor. The actor system is
// the program's own, configured as the faces configure their private one
// (2 workers, no polling phase; see actors/src/runtime.cpp).
#include "load_client.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/session_actor.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/stateful_actor.hpp"

#include <future>
#include <stdexcept>

namespace surrealcaf::bench {

namespace {

constexpr auto call_timeout = std::chrono::seconds{60};

// The calls themselves take no CAF timeout: the connection ends each one at
// its request_timeout (docs/faces.md, "Actor face"), and a CAF timeout would
// keep a timer entry per call until it fires.
constexpr auto no_timeout = caf::infinite;

struct driver_state {
  std::vector<session_actor> sessions;
  workload load = workload::ping;
  size_t window = 1;
  std::unique_ptr<phase_gate> gate;
  phase_result result;
  size_t in_flight = 0;
  uint64_t issued = 0;
  clock_type::time_point start;
  std::shared_ptr<std::promise<phase_result>> done;
};

using driver_actor = caf::stateful_actor<driver_state>;

void issue(driver_actor* self);

void complete(driver_actor* self, clock_type::time_point started, const caf::error& err) {
  auto& st = self->state;
  if (err)
    st.result.failed(started, clock_type::now(), describe(err));
  else
    st.result.ok(started, clock_type::now());
  --st.in_flight;
  issue(self);
}

void issue(driver_actor* self) {
  auto& st = self->state;
  while (st.in_flight < st.window && st.gate->take()) {
    ++st.in_flight;
    auto& s = st.sessions[st.issued++ % st.sessions.size()];
    auto started = clock_type::now();
    auto on_error = [self, started](caf::error& err) { complete(self, started, err); };
    switch (st.load) {
      case workload::ping:
        self->request(s, no_timeout, ping_atom::value)
          .then([self, started](value&) { complete(self, started, {}); }, on_error);
        break;
      case workload::query:
        self->request(s, no_timeout, query_atom::value, std::string{"RETURN 1"}, value::object{})
          .then([self, started](query_results&) { complete(self, started, {}); }, on_error);
        break;
      case workload::select:
      case workload::create: {
        auto stmt = st.load == workload::select
                      ? crud::select(record_id{"bench", "one"})
                      : crud::create(table{"bench"}, value::object{{"v", 1}});
        self->request(s, no_timeout, crud_atom::value, std::move(*stmt), std::optional<uuid>{})
          .then([self, started](value&) { complete(self, started, {}); }, on_error);
        break;
      }
    }
  }
  if (st.in_flight == 0) {
    st.result.seconds = std::chrono::duration<double>(clock_type::now() - st.start).count();
    st.done->set_value(std::move(st.result));
    self->quit();
  }
}

caf::behavior driver(driver_actor* self, std::vector<session_actor> sessions, workload load,
                     size_t window, phase_limits limits,
                     std::shared_ptr<std::promise<phase_result>> done) {
  auto& st = self->state;
  st.sessions = std::move(sessions);
  st.load = load;
  st.window = window;
  st.gate = std::make_unique<phase_gate>(limits);
  st.done = std::move(done);
  st.start = clock_type::now();
  issue(self);
  return {[](caf::unit_t) {}};
}

caf::actor_system_config& configured(caf::actor_system_config& cfg) {
  register_types(cfg);
  cfg.set("scheduler.max-threads", caf::config_value::integer{2});
  cfg.set("work-stealing.moderate-poll-attempts", caf::config_value::integer{0});
  return cfg;
}

// Waits for one set-up request's reply; throws on an error.
template <class T, class Handle, class... Ts>
T ask(caf::scoped_actor& self, const Handle& dest, Ts&&... xs) {
  T out;
  caf::error failure;
  self->request(dest, call_timeout, std::forward<Ts>(xs)...)
    .receive([&](T& x) { out = std::move(x); }, [&](caf::error& err) { failure = err; });
  if (failure)
    throw std::runtime_error("actor client set-up: " + describe(failure));
  return out;
}

class actor_client : public load_client {
public:
  explicit actor_client(const options& opts) : opts_(opts), sys_(configured(cfg_)) {
    auto conn = connect(sys_, opts.url);
    if (!conn)
      throw std::runtime_error("connect: " + describe(conn.error()));
    conn_ = *conn;
    caf::scoped_actor self{sys_};
    ask<std::string>(self, conn_, connected_atom::value);
    auto db = ask<session_actor>(self, conn_, default_atom::value);
    if (!opts.user.empty())
      ask<value>(self, db, signin_atom::value,
                 credentials{root_credentials{opts.user, opts.pass}});
    ask<value>(self, db, use_atom::value, value{opts.ns}, value{opts.db});
    if (opts.sessions() == 1) {
      sessions_.push_back(db);
      return;
    }
    for (size_t i = 0; i < opts.sessions(); ++i)
      sessions_.push_back(ask<forked_session>(self, db, fork_atom::value).session);
  }

  ~actor_client() override {
    caf::scoped_actor self{sys_};
    self->request(conn_, call_timeout, close_atom::value)
      .receive([](bool) {}, [](caf::error&) {});
  }

  phase_result run(const phase_limits& limits) override {
    auto done = std::make_shared<std::promise<phase_result>>();
    auto result = done->get_future();
    sys_.spawn(driver, sessions_, opts_.load, opts_.window(), limits, done);
    return result.get();
  }

private:
  options opts_;
  caf::actor_system_config cfg_;
  caf::actor_system sys_;
  connection_actor conn_;
  std::vector<session_actor> sessions_;
};

} // namespace

std::unique_ptr<load_client> make_actor_client(const options& opts) {
  return std::make_unique<actor_client>(opts);
}

} // namespace surrealcaf::bench
