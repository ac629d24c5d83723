#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"

#include "surrealcaf/detail/faces_core.hpp"
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
}

runtime::~runtime() {
  // Pending jobs and replies are dropped with the bridge; their call states
  // fail their futures with connection_closed as they go.
  caf::anon_send_exit(bridge_, caf::exit_reason::user_shutdown);
  bridge_ = nullptr;
  // An owned system now waits for its actors (~actor_system).
}

void runtime::run(bridge_job job) const {
  caf::anon_send(bridge_, std::move(job));
}

// -- connection_core ----------------------------------------------------------

connection_core::connection_core(std::shared_ptr<runtime> rt, connection_actor hdl,
                                 client_options opts, bool owned)
  : rt_(std::move(rt)),
    hdl_(std::move(hdl)),
    opts_(std::move(opts)),
    owned_(owned),
    life_(std::make_shared<lifeline>(errc::connection_closed)) {
}

connection_core::~connection_core() {
  if (!owned_)
    return;
  // The last handle is gone: nobody can use the connection any more. Close
  // it gracefully, then stop the actor: sessions keep their connection
  // alive, so it would not end by itself. It ends its sessions on exit.
  if (!life_->closed.exchange(true))
    caf::anon_send(hdl_, close_atom::value);
  caf::anon_send_exit(hdl_, caf::exit_reason::user_shutdown);
}

// -- connecting and wrapping --------------------------------------------------

void check_options(const client_options& opts) {
  if (opts.request_timeout.count() <= 0)
    throw surreal_error{errc::invalid_argument, "request_timeout must be positive"};
  if (opts.transport.connect_timeout.count() <= 0)
    throw surreal_error{errc::invalid_argument, "connect_timeout must be positive"};
  if (opts.transport.max_message_size == 0)
    throw surreal_error{errc::invalid_argument, "max_message_size must be positive"};
  if (opts.live_queue_limit == 0)
    throw surreal_error{errc::invalid_argument, "live_queue_limit must be positive"};
}

namespace {

// The transport gives up after connect_timeout and reports why; this margin
// lets that report arrive before our own deadline fires.
constexpr auto handshake_margin = std::chrono::seconds{1};

surreal_error handshake_error(const caf::error& err, std::chrono::milliseconds limit) {
  if (err == caf::sec::request_timeout)
    return {errc::connect_failed,
            "no WebSocket handshake within " + std::to_string(limit.count()) + " ms"};
  if (err == caf::sec::request_receiver_down)
    return {errc::connect_failed, "the connection actor stopped during the handshake"};
  return to_exception(err, errc::connect_failed, "connect");
}

} // namespace

std::future<async_connection> start_connect(const std::shared_ptr<runtime>& rt,
                                            const std::string& url, const client_options& opts,
                                            const connector& make) {
  auto hdl = make(rt->system(), url, opts);
  if (!hdl)
    return failed_future<async_connection>(to_exception(hdl.error(), errc::connect_failed, "connect"));
  auto conn = std::make_shared<connection_core>(rt, *hdl, opts, true);
  auto convert = [conn](session_actor& s) {
    return face_access::make<async_connection>(
      std::make_shared<session_core>(conn, std::move(s), session_kind::default_session));
  };
  using state = call_state<async_connection, decltype(convert)>;
  auto st = std::make_shared<state>(std::move(convert), conn->life(), "connect");
  auto result = st->future();
  auto handshake = opts.transport.connect_timeout + handshake_margin;
  rt->run([st, dest = *hdl, handshake, limit = opts.transport.connect_timeout,
           timeout = opts.request_timeout](caf::event_based_actor* self) {
    self->request(dest, handshake, connected_atom::value)
      .then(
        [st, dest, timeout, self](std::string&) {
          self->request(dest, timeout, default_atom::value)
            .then([st](session_actor& s) { st->deliver(s); },
                  [st](caf::error& err) { st->fail(err); });
        },
        [st, limit](caf::error& err) { st->fail(handshake_error(err, limit)); });
  });
  return result;
}

std::future<async_connection> connect_async(const std::string& url, const client_options& opts,
                                            const connector& make) {
  try {
    check_options(opts);
  } catch (const surreal_error& err) {
    return failed_future<async_connection>(err);
  }
  return start_connect(runtime::make_owned(opts), url, opts, make);
}

blocking_connection connect_blocking(const std::string& url, const client_options& opts,
                                     const connector& make) {
  check_options(opts);
  // Held here so that a failed attempt's runtime is torn down on this
  // thread, before the exception leaves, rather than on the reaper.
  auto rt = runtime::make_owned(opts);
  auto f = start_connect(rt, url, opts, make);
  auto limit = opts.transport.connect_timeout + handshake_margin + opts.request_timeout;
  if (f.wait_for(limit + std::chrono::seconds{1}) != std::future_status::ready)
    throw surreal_error{errc::connect_failed,
                        "no connection within " + std::to_string(limit.count()) + " ms"};
  return f.get().blocking();
}

blocking_connection wrap_connection(caf::actor_system& sys, connection_actor conn,
                                    const client_options& opts) {
  check_options(opts);
  auto core = std::make_shared<connection_core>(runtime::make_borrowed(sys), conn, opts, false);
  auto f = request<session_actor, session_actor>(core->rt(), conn, opts.request_timeout,
                                                 core->life(), "default_session", keep,
                                                 default_atom::value);
  auto dflt = await(std::move(f), opts.request_timeout, "default_session");
  auto session = std::make_shared<session_core>(std::move(core), std::move(dflt),
                                                session_kind::default_session);
  return face_access::make<blocking_connection>(std::move(session));
}

} // namespace surrealcaf::detail
