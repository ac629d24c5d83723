#pragma once

// The runtime behind the blocking and async faces and how its threads are
// handled. Internal: it includes CAF, so only surrealcaf's own sources and
// tests see it.
//
// Shape: every handle holds a `session_core` (a session actor handle plus its
// `connection_core`); every connection core holds the `runtime`: the actor
// system (owned or borrowed), its reply sink and one long-lived *bridge*
// actor. By default all connections of `connect` hold the same owned runtime
// (`shared`). A call to a connection made by `connect` leaves from the
// calling thread straight into the session's mailbox, and its reply
// completes the call's future on the replying thread (reply_sink.hpp). Calls
// that need a CAF timeout (a wrapped connection keeps its own deadlines) and
// the rare connection-level requests are small jobs sent to the bridge
// (`caf::anon_send`, no scoped_actor), which sends the typed request and
// completes the future from the reply (bridge_call.hpp).
//
// Rule that keeps teardown safe: code running on an actor system's threads
// (replies, the bridge's handlers, `then` continuations) never holds a handle
// past its own scope. Strong references a reply needs (e.g. to build the
// session of `new_session`) live in the call's state and are released inside
// an `actor_thread_scope`; if that release drops the last reference to a
// runtime, the runtime's deleter sees the scope and hands it to the *reaper*,
// a thread that destroys it off the system's own threads (and outside the
// reply sink) and is joined at program exit (runtime.cpp).

#include <functional>
#include <memory>

#include "caf/actor.hpp"
#include "caf/actor_system.hpp"
#include "caf/allowed_unsafe_message_type.hpp"
#include "caf/event_based_actor.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/detail/reply_sink.hpp"

namespace surrealcaf::detail {

/// What the bridge actor runs: typically one `self->request(...).then(...)`.
using bridge_job = std::function<void(caf::event_based_actor* self)>;

} // namespace surrealcaf::detail

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::detail::bridge_job)

namespace surrealcaf::detail {

/// Marks the current thread as running surrealcaf code inside an actor for
/// the scope's lifetime (see the rule at the top of this file).
class actor_thread_scope {
public:
  actor_thread_scope();
  ~actor_thread_scope();
  actor_thread_scope(const actor_thread_scope&) = delete;
  actor_thread_scope& operator=(const actor_thread_scope&) = delete;

  /// True inside such a scope on this thread.
  static bool active() noexcept;

private:
  bool previous_;
};

/// An actor system the faces' handles run on, and the bridge actor that
/// sends their requests: the process-wide shared one (every `connect` by
/// default), a private one (`client_options::private_runtime`), or the
/// user's system (one per wrap).
///
/// Thread safety: `run` may be called from any thread. Destruction stops the
/// bridge and, for an owned system, waits for all its actors to finish; the
/// shared_ptr's deleter never does that from an actor thread (it hands the
/// runtime to the reaper instead).
class runtime {
public:
  /// What the faces' `connect` runs on: a private runtime when
  /// `opts.private_runtime` asks for one, else the shared one.
  static std::shared_ptr<runtime> for_connect(const client_options& opts);

  /// The process-wide runtime: an owned system configured with the default
  /// options (2 workers), made by the first caller and handed to every
  /// caller while some handle still holds it. It is shut down like a private
  /// one when the last handle goes (on that thread, or by the reaper); a
  /// later call makes a new one. Thread-safe.
  static std::shared_ptr<runtime> shared();

  /// A private actor system configured by `configure`.
  static std::shared_ptr<runtime> make_owned(const client_options& opts);

  /// The configuration of a private system: surrealcaf's types, the worker
  /// count of `opts`, and workers that sleep on a condition variable (woken
  /// by each message from outside) instead of polling every 50 us.
  static void configure(caf::actor_system_config& cfg, const client_options& opts);

  /// The user's system, which must outlive every handle built on it.
  static std::shared_ptr<runtime> make_borrowed(caf::actor_system& sys);

  ~runtime();

  runtime(const runtime&) = delete;
  runtime& operator=(const runtime&) = delete;

  caf::actor_system& system() noexcept {
    return *sys_;
  }

  bool owns_system() const noexcept {
    return owned_ != nullptr;
  }

  /// Hands `job` to the bridge actor; it runs there, in order per caller.
  void run(bridge_job job) const;

  /// Sends requests straight from the calling thread (reply_sink.hpp).
  /// Owned runtimes only (the connections made by connect).
  reply_sink& sink() const noexcept {
    return *sink_;
  }

private:
  runtime() = default;

  void start_bridge(bool hidden);

  // Declared before the system: the system keeps a reference to it.
  std::unique_ptr<caf::actor_system_config> cfg_;
  std::unique_ptr<caf::actor_system> owned_;
  caf::actor_system* sys_ = nullptr;
  caf::actor bridge_;
  std::unique_ptr<reply_sink> sink_;
};

} // namespace surrealcaf::detail
