#pragma once

// A mock pool for the pool faces' tests: a typed actor implementing
// pool_actor over mock connections (faces_mocks.hpp), one per endpoint, with
// canned answers where a real pool would decide (placement, limits), and a
// spawner that stands where `spawn_pool` would make it.

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "caf/event_based_actor.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/connect_pool.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/pool_actor.hpp"
#include "surrealcaf/pool_member.hpp"
#include "surrealcaf/pool_options.hpp"

#include "faces_mocks.hpp"

namespace surrealcaf::test {

/// What a mock pool saw, and how it answers.
struct pool_log {
  explicit pool_log(mock_log::handshake hs = mock_log::handshake::ok) : hs(hs) {
  }

  /// The log of member `i`, in the pool's order.
  std::shared_ptr<mock_log> member(size_t i) {
    std::lock_guard<std::mutex> guard{mtx};
    return i < members.size() ? members[i] : nullptr;
  }

  /// How the pool answers `connected_atom`.
  const mock_log::handshake hs;
  /// Pools the spawner made.
  std::atomic<int> spawned{0};
  /// Every message the pool received, whatever its kind.
  std::atomic<int> received{0};
  std::atomic<int> observers{0};
  std::atomic<bool> closed{false};
  std::atomic<bool> exited{false};
  /// `session_atom` fails with errc::pool_full when set.
  std::atomic<bool> full{false};
  std::mutex mtx;
  std::vector<std::shared_ptr<mock_log>> members;
};

struct mock_pool_member {
  std::string endpoint;
  detail::connection_internal conn;
  size_t sessions = 0;
};

struct mock_pool_state {
  std::vector<mock_pool_member> members;
  std::vector<connection_observer> observers;
  std::function<size_t(const std::vector<pool_member>&)> choose;
  bool closed = false;
  std::vector<caf::typed_response_promise<std::string>> hung;
};

inline std::vector<pool_member> mock_members(const mock_pool_state& st) {
  std::vector<pool_member> xs;
  for (auto& m : st.members) {
    pool_member x;
    x.endpoint = m.endpoint;
    x.state = st.closed ? connection_state::closed : connection_state::connected;
    x.opened = true;
    x.sessions = m.sessions;
    xs.push_back(std::move(x));
  }
  return xs;
}

/// Asks every member `atom` in turn and folds the replies into `init` with
/// `add`, in member order; the first error is the answer.
template <class T, class Atom, class Add>
caf::typed_response_promise<T>
ask_members(pool_actor::stateful_pointer<mock_pool_state> self, Atom atom, T init, Add add) {
  auto rp = std::make_shared<caf::typed_response_promise<T>>(
    self->template make_response_promise<T>());
  auto acc = std::make_shared<T>(std::move(init));
  // The chain holds itself only through the requests in flight, so it goes
  // with the last reply.
  auto ask = std::make_shared<std::function<void(size_t)>>();
  std::weak_ptr<std::function<void(size_t)>> weak = ask;
  *ask = [self, atom, add, rp, acc, weak](size_t i) {
    if (i == self->state.members.size()) {
      rp->deliver(std::move(*acc));
      return;
    }
    self->request(self->state.members[i].conn, caf::infinite, atom)
      .then(
        [add, acc, next = weak.lock(), i](T& x) {
          add(*acc, x);
          (*next)(i + 1);
        },
        [rp](caf::error& err) { rp->deliver(std::move(err)); });
  };
  auto result = *rp;
  (*ask)(0);
  return result;
}

/// A pool of mock connections, one per endpoint of `opts` and linked to it,
/// all connected at once:
/// - `session_atom` places the session on the member with the fewest
///   sessions (the first of equals), or where `opts.choose` says (an index
///   out of range fails with errc::invalid_argument); errc::pool_full while
///   `log->full`;
/// - `default_atom`: the first member's default session;
/// - `connected_atom` as `log->hs` says;
/// - `counters_atom` adds the members' counters up, `sessions_atom`
///   concatenates their lists, `members_atom` lists them;
/// - `observe_atom` answers `connected` (or `closed`); `close_atom` closes
///   every member and sends observers `closed`.
inline pool_actor::behavior_type mock_pool(pool_actor::stateful_pointer<mock_pool_state> self,
                                           std::shared_ptr<pool_log> log, pool_options opts) {
  for (auto& endpoint : opts.endpoints) {
    auto member_log = std::make_shared<mock_log>();
    {
      std::lock_guard<std::mutex> guard{log->mtx};
      log->members.push_back(member_log);
    }
    self->state.members.push_back(
      {endpoint, self->spawn<caf::linked>(mock_connection, member_log), 0});
  }
  self->state.choose = std::move(opts.choose);
  self->attach_functor([log](const caf::error&) { log->exited = true; });
  self->set_down_handler([self, log](caf::down_msg& msg) {
    auto& xs = self->state.observers;
    auto i = std::find_if(xs.begin(), xs.end(),
                          [&](const connection_observer& x) { return x.address() == msg.source; });
    if (i != xs.end()) {
      xs.erase(i);
      --log->observers;
    }
  });
  return {
    [=](session_atom) -> caf::result<session_actor> {
      ++log->received;
      auto& st = self->state;
      if (log->full)
        return make_error(errc::pool_full, "mock pool: every connection is full");
      size_t i = 0;
      if (st.choose) {
        i = st.choose(mock_members(st));
        if (i >= st.members.size())
          return make_error(errc::invalid_argument, "mock pool: choose gave no member");
      } else {
        for (size_t j = 1; j < st.members.size(); ++j)
          if (st.members[j].sessions < st.members[i].sessions)
            i = j;
      }
      ++st.members[i].sessions;
      return self->delegate(connection_actor{st.members[i].conn}, session_atom::value);
    },
    [=](default_atom) -> caf::result<session_actor> {
      ++log->received;
      return self->delegate(connection_actor{self->state.members.front().conn},
                            default_atom::value);
    },
    [=](connected_atom) -> caf::result<std::string> {
      ++log->received;
      switch (log->hs) {
        case mock_log::handshake::ok:
          return std::string{"cbor"};
        case mock_log::handshake::fail:
          return make_error(errc::connect_failed, "mock pool: every connection failed");
        case mock_log::handshake::never:
          break;
      }
      self->state.hung.push_back(self->make_response_promise<std::string>());
      return self->state.hung.back();
    },
    [=](close_atom) {
      ++log->received;
      auto& st = self->state;
      log->closed = true;
      for (auto& m : st.members)
        caf::anon_send(m.conn, close_atom::value); // its reply is of no use here
      if (!st.closed) {
        st.closed = true;
        auto x = mock_event(connection_state::closed);
        x.code = errc::connection_closed;
        x.reason = "surrealcaf: connection_closed (closed by the user)";
        for (auto& obs : st.observers) {
          self->send(obs, x);
          self->demonitor(obs.address());
        }
        log->observers -= static_cast<int>(st.observers.size());
        st.observers.clear();
      }
      return true;
    },
    [=](observe_atom, const connection_observer& obs) {
      ++log->received;
      auto& st = self->state;
      if (st.closed)
        return connection_state::closed;
      if (std::find(st.observers.begin(), st.observers.end(), obs) == st.observers.end()) {
        st.observers.push_back(obs);
        self->monitor(obs);
        ++log->observers;
      }
      return connection_state::connected;
    },
    [=](counters_atom) -> caf::result<connection_counters> {
      ++log->received;
      return ask_members(self, counters_atom::value, connection_counters{},
                         [](connection_counters& sum, connection_counters& x) {
                           sum.in_flight += x.in_flight;
                           sum.sent += x.sent;
                           sum.answered += x.answered;
                         });
    },
    [=](sessions_atom) -> caf::result<std::vector<uuid>> {
      ++log->received;
      return ask_members(self, sessions_atom::value, std::vector<uuid>{},
                         [](std::vector<uuid>& all, std::vector<uuid>& ids) {
                           all.insert(all.end(), ids.begin(), ids.end());
                         });
    },
    [=](members_atom) {
      ++log->received;
      return mock_members(self->state);
    },
  };
}

/// Stands for `spawn_pool`: checks the endpoints as it would (none:
/// errc::invalid_argument; "bad": errc::invalid_url) and spawns a mock pool
/// logging into `log` on the faces' system.
inline detail::pool_spawner mock_pool_spawner(std::shared_ptr<pool_log> log) {
  return [log](caf::actor_system& sys, const pool_options& opts) -> caf::expected<pool_actor> {
    if (opts.endpoints.empty())
      return make_error(errc::invalid_argument, "mock pool: no endpoints");
    for (auto& x : opts.endpoints)
      if (x == "bad")
        return make_error(errc::invalid_url, "mock pool rejects it");
    ++log->spawned;
    return sys.spawn(mock_pool, log, opts);
  };
}

} // namespace surrealcaf::test
