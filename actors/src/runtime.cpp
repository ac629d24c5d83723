// The faces' runtime (detail/runtime.hpp): the actor system the handles
// run on (shared by every connection by default), its bridge actor, and the
// reaper that shuts a system down off its own threads.

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"

#include "surrealcaf/detail/runtime.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

// -- actor_thread_scope -------------------------------------------------------

namespace {

thread_local bool in_actor_scope = false;

} // namespace

actor_thread_scope::actor_thread_scope() : previous_(in_actor_scope) {
  in_actor_scope = true;
}

actor_thread_scope::~actor_thread_scope() {
  in_actor_scope = previous_;
}

bool actor_thread_scope::active() noexcept {
  return in_actor_scope;
}

// -- the reaper ---------------------------------------------------------------

namespace {

// Destroys runtimes whose last handle went on one of their own actor threads,
// where ~actor_system would wait for the very thread it runs on. Started on
// first use; at program exit it finishes the queue and joins.
class reaper {
public:
  static reaper& instance() {
    static reaper r;
    return r;
  }

  void post(runtime* rt) {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      queue_.emplace_back(rt);
    }
    cv_.notify_one();
  }

  ~reaper() {
    {
      std::lock_guard<std::mutex> guard{mtx_};
      done_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

private:
  reaper() : thread_([this] { loop(); }) {
  }

  void loop() {
    std::unique_lock<std::mutex> guard{mtx_};
    for (;;) {
      cv_.wait(guard, [this] { return done_ || !queue_.empty(); });
      if (queue_.empty())
        return;
      auto rt = std::move(queue_.front());
      queue_.pop_front();
      guard.unlock();
      rt.reset();
      guard.lock();
    }
  }

  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<runtime>> queue_;
  bool done_ = false;
  std::thread thread_; // last: starts after the members it uses
};

void release(runtime* rt) {
  if (rt->owns_system() && actor_thread_scope::active())
    reaper::instance().post(rt);
  else
    delete rt;
}

// Runs the jobs of every handle of one runtime. A job sends one request and
// registers its continuations; the bridge then only dispatches replies, so a
// single actor serves many threads without becoming a bottleneck.
caf::behavior bridge(caf::event_based_actor* self) {
  return {
    [self](const bridge_job& job) {
      actor_thread_scope scope;
      job(self);
    },
  };
}

} // namespace

// -- runtime ------------------------------------------------------------------

void runtime::configure(caf::actor_system_config& cfg, const client_options& opts) {
  register_types(cfg);
  if (opts.worker_threads > 0)
    cfg.set("scheduler.max-threads", static_cast<caf::config_value::integer>(opts.worker_threads));
  // CAF's default makes an idle worker poll its queue every 50 us for about
  // 25 ms before it sleeps on its condition variable, and only that sleep is
  // woken by a message from another thread: a caller's request (or a frame
  // from the I/O thread) waits ~40 us on average for the next poll. Without
  // the polling phase a blocking round trip through a mock takes ~16 us
  // instead of ~47 us (apps/bench/faces_bench.cpp, docs/faces.md).
  cfg.set("work-stealing.moderate-poll-attempts", caf::config_value::integer{0});
}

std::shared_ptr<runtime> runtime::make_owned(const client_options& opts) {
  std::unique_ptr<runtime> rt{new runtime};
  rt->cfg_ = std::make_unique<caf::actor_system_config>();
  configure(*rt->cfg_, opts);
  rt->owned_ = std::make_unique<caf::actor_system>(*rt->cfg_);
  rt->sys_ = rt->owned_.get();
  // Counted by await_all_actors_done, so ~actor_system waits for it.
  rt->start_bridge(false);
  return {rt.release(), release};
}

std::shared_ptr<runtime> runtime::for_connect(const client_options& opts) {
  return opts.private_runtime ? make_owned(opts) : shared();
}

std::shared_ptr<runtime> runtime::shared() {
  struct slot_t {
    std::mutex mtx;
    std::weak_ptr<runtime> rt;
  };
  // Never destroyed: handles may still come and go during static
  // destruction, and the weak reference must not dangle then.
  static auto* slot = new slot_t;
  std::lock_guard<std::mutex> guard{slot->mtx};
  if (auto rt = slot->rt.lock())
    return rt;
  // The previous one may still be shutting down on another thread; the two
  // systems do not share anything.
  auto rt = make_owned(client_options{});
  slot->rt = rt;
  return rt;
}

std::shared_ptr<runtime> runtime::make_borrowed(caf::actor_system& sys) {
  std::unique_ptr<runtime> rt{new runtime};
  rt->sys_ = &sys;
  // Hidden: the user's await_all_actors_done must not wait for handles they
  // may still hold.
  rt->start_bridge(true);
  return {rt.release(), release};
}

void runtime::start_bridge(bool hidden) {
  bridge_ = hidden ? sys_->spawn<caf::hidden>(bridge) : sys_->spawn(bridge);
  // Only connections made by connect() send through the sink, and those run
  // on owned runtimes; a borrowed one may outlive the user's system.
  if (!hidden)
    sink_ = std::make_unique<reply_sink>(*sys_, false);
}

runtime::~runtime() {
  // Pending jobs and replies are dropped with the bridge; their call states
  // fail their futures with connection_closed as they go.
  caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
  bridge_ = nullptr;
  sink_.reset();
  // An owned system now waits for its actors (~actor_system).
}

void runtime::run(bridge_job job) const {
  caf::anon_send(bridge_, std::move(job));
}

} // namespace surrealcaf::detail
