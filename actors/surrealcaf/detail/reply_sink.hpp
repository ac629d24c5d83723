#pragma once

// How a faces call reaches its actor and how the reply comes back, without a
// hop through an actor of our own: the calling thread puts the request
// straight into the destination's mailbox, and the reply is handled on the
// thread that sends it (the destination's worker), which completes the
// call's future. Internal.
//
// The sender of those requests is one actor_companion per runtime: CAF's
// actor whose "mailbox" is a callback run by whoever enqueues. Replies are
// matched to calls by their request id in a table here; a call whose actor
// vanished gets CAF's error reply (request_receiver_down) like any request.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "caf/actor_cast.hpp"
#include "caf/actor_companion.hpp"
#include "caf/actor_system.hpp"
#include "caf/error.hpp"
#include "caf/mailbox_element.hpp"
#include "caf/message.hpp"
#include "caf/message_id.hpp"
#include "caf/response_type.hpp"
#include "caf/sec.hpp"

namespace surrealcaf::detail {

/// The calls of one runtime in flight through its companion actor.
///
/// Thread safety: `send` from any thread; replies are handled on the
/// replying actor's thread. Destroy it off the actor system's threads and
/// never from inside a reply (runtime.cpp hands such a release to its
/// reaper); calls still in flight are dropped then (their states fail their
/// futures).
class reply_sink {
public:
  /// `hidden`: not counted by the system's await_all_actors_done (for a
  /// user's system).
  reply_sink(caf::actor_system& sys, bool hidden);
  ~reply_sink();

  reply_sink(const reply_sink&) = delete;
  reply_sink& operator=(const reply_sink&) = delete;

  /// Sends `xs...` to `dest` as a request; `st->deliver(Reply&)` or
  /// `st->fail(const caf::error&)` runs once, on the thread that answers.
  template <class Reply, class Dest, class State, class... Ts>
  void send(const Dest& dest, std::shared_ptr<State> st, Ts&&... xs) {
    using sigs = typename Dest::signatures;
    static_assert(caf::response_type<sigs, std::decay_t<Ts>...>::valid,
                  "the destination's interface has no such message");
    auto id = table_->add(std::make_unique<call<Reply, State>>(std::move(st)));
    enqueue(caf::actor_cast<caf::strong_actor_ptr>(dest), id, std::forward<Ts>(xs)...);
  }

  /// Sends `xs...` to `dest` as a request whose reply nobody waits for
  /// (cleanup from a handle's destructor); it leaves in order with this
  /// thread's other requests.
  template <class Dest, class... Ts>
  void send_ignoring_reply(const Dest& dest, Ts&&... xs) {
    using sigs = typename Dest::signatures;
    static_assert(caf::response_type<sigs, std::decay_t<Ts>...>::valid,
                  "the destination's interface has no such message");
    auto id = table_->add(std::make_unique<ignored>());
    enqueue(caf::actor_cast<caf::strong_actor_ptr>(dest), id, std::forward<Ts>(xs)...);
  }

private:
  // One call waiting for its reply.
  struct pending {
    virtual ~pending() = default;
    virtual void complete(caf::message& reply) = 0;
  };

  struct ignored final : pending {
    void complete(caf::message&) override {
    }
  };

  template <class... Ts>
  void enqueue(caf::strong_actor_ptr dst, uint64_t id, Ts&&... xs) {
    if (!dst) {
      table_->complete(id, caf::make_message(caf::make_error(caf::sec::invalid_argument)));
      return;
    }
    auto mid = caf::make_message_id<caf::message_priority::normal>(id);
    dst->enqueue(caf::make_mailbox_element(sender_, mid, {}, std::forward<Ts>(xs)...), nullptr);
  }

  template <class Reply, class State>
  struct call final : pending {
    explicit call(std::shared_ptr<State> st) : st(std::move(st)) {
    }
    void complete(caf::message& reply) override {
      if (reply.match_elements<Reply>())
        st->deliver(reply.get_mutable_as<Reply>(0));
      else if (reply.match_elements<caf::error>())
        st->fail(reply.get_as<caf::error>(0));
      else
        st->fail(caf::make_error(caf::sec::unexpected_response));
    }
    std::shared_ptr<State> st;
  };

  // The calls in flight by request id; shared with the companion's
  // callback, which may run while the sink goes away.
  class table {
  public:
    uint64_t add(std::unique_ptr<pending> p);
    void complete(uint64_t id, caf::message reply);
    void clear();

  private:
    std::mutex mtx_;
    std::unordered_map<uint64_t, std::unique_ptr<pending>> calls_;
    uint64_t next_ = 0;
  };

  std::shared_ptr<table> table_;
  caf::strong_actor_ptr sender_;
};

} // namespace surrealcaf::detail
