#pragma once

// How a faces call reaches its actor and how the reply comes back, without a
// hop through an actor of our own: the calling thread puts the request
// straight into the destination's mailbox, and the reply is handled on the
// thread that sends it (the destination's worker), which completes the
// call's future. Internal.
//
// The sender of those requests is one actor_companion per runtime: CAF's
// actor whose "mailbox" is a callback run by whoever enqueues. Replies are
// matched to calls by their request id in a table here. A request to an
// actor that is gone is bounced by CAF (request_receiver_down); the calls of
// a watched actor that terminates without answering them fail when it ends.

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
    auto dst = caf::actor_cast<caf::strong_actor_ptr>(dest);
    auto id = table_->add(std::make_unique<call<Reply, State>>(std::move(st)), actor_of(dst));
    enqueue(std::move(dst), id, std::forward<Ts>(xs)...);
  }

  /// Fails the calls in flight to `hdl` when it terminates: an actor that
  /// ends without answering (a handler threw) leaves no call waiting. Once
  /// per actor the faces send to.
  template <class Handle>
  void watch(const Handle& hdl) {
    if (auto* ptr = caf::actor_cast<caf::abstract_actor*>(hdl))
      ptr->attach_functor([t = table_, who = ptr->id()] { t->fail_all_to(who); });
  }

  /// Sends `xs...` to `dest` as a request whose reply nobody waits for
  /// (cleanup from a handle's destructor); it leaves in order with this
  /// thread's other requests.
  template <class Dest, class... Ts>
  void send_ignoring_reply(const Dest& dest, Ts&&... xs) {
    using sigs = typename Dest::signatures;
    static_assert(caf::response_type<sigs, std::decay_t<Ts>...>::valid,
                  "the destination's interface has no such message");
    auto dst = caf::actor_cast<caf::strong_actor_ptr>(dest);
    auto id = table_->add(std::make_unique<ignored>(), actor_of(dst));
    enqueue(std::move(dst), id, std::forward<Ts>(xs)...);
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

  static caf::actor_id actor_of(const caf::strong_actor_ptr& dst) {
    return dst ? dst->id() : caf::invalid_actor_id;
  }

  // The calls in flight by request id, with the actor each went to; shared
  // with the companion's callback and the watches, which may run while the
  // sink goes away.
  class table {
  public:
    uint64_t add(std::unique_ptr<pending> p, caf::actor_id to);
    void complete(uint64_t id, caf::message reply);
    /// Fails every call in flight to `who` (it terminated).
    void fail_all_to(caf::actor_id who);
    void clear();

  private:
    struct entry {
      std::unique_ptr<pending> call;
      caf::actor_id to;
    };
    std::mutex mtx_;
    std::unordered_map<uint64_t, entry> calls_;
    uint64_t next_ = 0;
  };

  std::shared_ptr<table> table_;
  caf::strong_actor_ptr sender_;
};

} // namespace surrealcaf::detail
