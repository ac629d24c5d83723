// The pool actor: its connections (members), where new sessions go, the
// sessions that move off a connection that gave up, and what it tells its
// observers. Where a session goes is decided by pool_placement.cpp.

#include <algorithm>
#include <exception>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/send.hpp"

#include "pool_actor_parts.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/pool_placement.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail::pool_parts {

namespace {

bool is_closed(const member& m) {
  return m.view.state == connection_state::closed;
}

bool is_live(const member& m) {
  return m.view.opened && !is_closed(m);
}

/// The members as placement sees them: with `placing`, the placements in
/// progress count as sessions, so many concurrent ones spread out.
std::vector<pool_member> views(self_pointer self, bool with_placing) {
  std::vector<pool_member> result;
  result.reserve(self->state.members.size());
  for (auto& m : self->state.members) {
    result.push_back(m.view);
    if (with_placing)
      result.back().sessions += m.placing;
  }
  return result;
}

std::optional<size_t> member_at(self_pointer self, const caf::actor_addr& addr) {
  auto& members = self->state.members;
  for (size_t i = 0; i < members.size(); ++i)
    if (members[i].conn && members[i].conn.address() == addr)
      return i;
  return std::nullopt;
}

std::optional<size_t> sending_member(self_pointer self) {
  return member_at(self, caf::actor_cast<caf::actor_addr>(self->current_sender()));
}

void emit(self_pointer self, const connection_event& ev) {
  for (auto& observer : self->state.observers)
    self->send(observer, ev);
}

void on_member_event(self_pointer self, size_t i, connection_event ev);

void open_member(self_pointer self, size_t i) {
  auto& st = self->state;
  if (st.members[i].view.opened)
    return;
  auto conn = spawn_connection(self->system(), st.make(st.members[i].view.endpoint),
                               st.opts.connection);
  auto& m = st.members[i];
  m.conn = caf::actor_cast<connection_internal>(conn);
  m.view.opened = true;
  m.view.state = connection_state::connecting;
  // Monitored too: a connection that ends without its `closed` event (it
  // crashed) is closed all the same.
  self->monitor(m.conn);
  // First, so it knows its pool before anything can make it give up.
  self->send(m.conn, pool_atom::value, caf::actor_cast<pool_internal>(self));
  self
    ->request(m.conn, caf::infinite, observe_atom::value,
              caf::actor_cast<connection_observer>(self))
    .then(
      [self, i](connection_state x) {
        // An event that came first is newer than this reply.
        if (!self->state.members[i].heard) {
          connection_event ev;
          ev.state = x;
          on_member_event(self, i, std::move(ev));
        }
      },
      [self, i](caf::error& err) {
        connection_event ev;
        ev.state = connection_state::closed;
        ev.code = errc::connection_closed;
        ev.reason = describe(err);
        on_member_event(self, i, std::move(ev));
      });
}

size_t add_member(self_pointer self, const std::string& endpoint) {
  member m;
  m.view.endpoint = endpoint;
  self->state.members.push_back(std::move(m));
  return self->state.members.size() - 1;
}

void forget_session(self_pointer self, const caf::actor_addr& addr) {
  auto& st = self->state;
  auto i = st.homes.find(addr);
  if (i == st.homes.end())
    return;
  auto& m = st.members[i->second];
  if (m.view.sessions > 0)
    --m.view.sessions;
  st.homes.erase(i);
}

void record_session(self_pointer self, const caf::actor_addr& addr, size_t i) {
  auto& st = self->state;
  forget_session(self, addr);
  st.homes.emplace(addr, i);
  ++st.members[i].view.sessions;
}

void arm_deadline(self_pointer self, uint64_t ticket) {
  auto timeout = self->state.opts.connection.request_timeout;
  if (timeout.count() > 0)
    self->delayed_send(caf::actor_cast<pool_self>(self), timeout, deadline_atom::value, ticket);
}

// -- placing new sessions -----------------------------------------------------

using in_flight_fn = std::function<void(std::vector<size_t>&)>;

// Runs `then` with each member's calls in flight when placement needs them
// (`max_in_flight_per_connection`), asked of the members first; with none
// otherwise. A member that does not answer counts as full.
void with_in_flight(self_pointer self, in_flight_fn then) {
  auto& st = self->state;
  std::vector<size_t> none;
  if (st.opts.max_in_flight_per_connection == 0) {
    then(none);
    return;
  }
  auto counts = std::make_shared<std::vector<size_t>>(st.members.size(), 0);
  auto left = std::make_shared<size_t>(0);
  for (auto& m : st.members)
    if (is_live(m))
      ++*left;
  if (*left == 0) {
    then(*counts);
    return;
  }
  auto fn = std::make_shared<in_flight_fn>(std::move(then));
  for (size_t i = 0; i < st.members.size(); ++i) {
    if (!is_live(st.members[i]))
      continue;
    self->request(st.members[i].conn, caf::infinite, counters_atom::value)
      .then(
        [counts, left, fn, i](connection_counters& c) {
          (*counts)[i] = c.in_flight;
          if (--*left == 0)
            (*fn)(*counts);
        },
        [counts, left, fn, i](caf::error&) {
          (*counts)[i] = std::numeric_limits<size_t>::max();
          if (--*left == 0)
            (*fn)(*counts);
        });
  }
}

void retry_waiting(self_pointer self);

// Asks member `i` for the session of placement `w`.
void start_placement(self_pointer self, size_t i, const waiting_placement& w) {
  auto& st = self->state;
  open_member(self, i);
  ++st.members[i].placing;
  st.placing.emplace(w.ticket, w.rp);
  self->request(st.members[i].conn, caf::infinite, session_atom::value)
    .then(
      [self, i, ticket = w.ticket](session_actor& s) {
        auto& st = self->state;
        --st.members[i].placing;
        auto rp = st.placing.find(ticket);
        if (rp == st.placing.end())
          return;
        auto promise = std::move(rp->second);
        st.placing.erase(rp);
        if (!is_closed(st.members[i]))
          record_session(self, s.address(), i);
        promise.deliver(std::move(s));
      },
      [self, i, ticket = w.ticket](caf::error& err) {
        auto& st = self->state;
        --st.members[i].placing;
        auto rp = st.placing.find(ticket);
        if (rp != st.placing.end()) {
          auto promise = std::move(rp->second);
          st.placing.erase(rp);
          if (err == caf::sec::request_receiver_down)
            err = make_error(errc::connection_closed,
                             "the pool's connection closed before it attached the new session");
          promise.deliver(std::move(err));
        }
        retry_waiting(self);
      });
}

// Places `w` or fails it; false when it must wait (queued by the caller).
bool decide(self_pointer self, waiting_placement& w, std::vector<size_t>& in_flight) {
  auto& st = self->state;
  auto choice = place_session(views(self, true), in_flight, st.opts, st.cursor, st.opened_beyond);
  switch (choice.kind) {
    case placement_choice::member:
      if (choice.index < in_flight.size())
        ++in_flight[choice.index];
      start_placement(self, choice.index, w);
      return true;
    case placement_choice::open: {
      auto i = add_member(self, st.opts.endpoints[choice.index]);
      ++st.opened_beyond;
      start_placement(self, i, w);
      return true;
    }
    case placement_choice::full:
      if (st.opts.when_full == when_full::wait)
        return false;
      w.rp.deliver(make_error(errc::pool_full,
                              "every connection of the pool holds its limit of sessions or "
                              "calls and no other may be opened; nothing was sent"));
      return true;
    case placement_choice::unavailable:
      return false;
    case placement_choice::closed:
      w.rp.deliver(make_error(errc::connection_closed, "every connection of the pool is closed"));
      return true;
    case placement_choice::refused:
      w.rp.deliver(choice.why);
      return true;
  }
  return true;
}

void enqueue(self_pointer self, waiting_placement w) {
  arm_deadline(self, w.ticket);
  self->state.waiting.push_back(std::move(w));
}

void place(self_pointer self, waiting_placement w) {
  // Behind those that wait already, in order.
  if (!self->state.waiting.empty()) {
    enqueue(self, std::move(w));
    retry_waiting(self);
    return;
  }
  with_in_flight(self, [self, w](std::vector<size_t>& in_flight) mutable {
    if (self->state.closed)
      return;
    if (!decide(self, w, in_flight))
      enqueue(self, w);
  });
}

// Something changed (a session left, a member came or went): the waiting
// placements, in order, as far as they go.
void retry_waiting(self_pointer self) {
  if (self->state.waiting.empty())
    return;
  with_in_flight(self, [self](std::vector<size_t>& in_flight) {
    auto& st = self->state;
    while (!st.closed && !st.waiting.empty()) {
      auto w = st.waiting.front();
      if (!decide(self, w, in_flight))
        break;
      st.waiting.pop_front();
    }
  });
}

// -- moving sessions off a connection that gave up -------------------------

void shut_down_transit(self_pointer self, uint64_t ticket, const std::string& why) {
  auto& st = self->state;
  auto i = st.transit.find(ticket);
  if (i == st.transit.end())
    return;
  self->send(i->second.session, shutdown_atom::value, make_error(errc::connection_closed, why));
  st.transit.erase(i);
}

bool can_come_back(self_pointer self) {
  auto& members = self->state.members;
  return std::any_of(members.begin(), members.end(), [](const member& m) { return !is_closed(m); });
}

void adopt_answered(self_pointer self, uint64_t ticket, size_t i, bool taken);

// Asks the next healthy member to take the session in transit `ticket`;
// with none left to ask it waits for one to become healthy.
void find_home(self_pointer self, uint64_t ticket) {
  auto& st = self->state;
  auto it = st.transit.find(ticket);
  if (it == st.transit.end() || it->second.asking)
    return;
  auto& t = it->second;
  auto home = adoption_home(views(self, true), t.tried, st.opts, st.adopt_cursor);
  if (!home) {
    if (!can_come_back(self)) {
      shut_down_transit(self, ticket,
                        "no connection of the pool could take the session: every one is closed");
      return;
    }
    // A lazy pool opens one of its members rather than wait for nothing.
    auto& members = st.members;
    auto connecting = std::any_of(members.begin(), members.end(), [](const member& m) {
      return m.view.opened && m.view.state == connection_state::connecting;
    });
    if (!connecting)
      for (size_t i = 0; i < members.size(); ++i)
        if (!members[i].view.opened) {
          open_member(self, i);
          break;
        }
    return;
  }
  t.asking = true;
  self->request(st.members[*home].conn, caf::infinite, adopt_atom::value, t.id, t.session)
    .then([self, ticket, i = *home](bool taken) { adopt_answered(self, ticket, i, taken); },
          [self, ticket, i = *home](caf::error&) { adopt_answered(self, ticket, i, false); });
}

void adopt_answered(self_pointer self, uint64_t ticket, size_t i, bool taken) {
  auto& st = self->state;
  auto it = st.transit.find(ticket);
  if (it == st.transit.end())
    return;
  auto& t = it->second;
  t.asking = false;
  if (taken) {
    record_session(self, t.session.address(), i);
    st.transit.erase(it);
    return;
  }
  t.tried.insert(i);
  if (t.expired) {
    shut_down_transit(self, ticket,
                      "no connection of the pool could take the session within request_timeout");
    return;
  }
  find_home(self, ticket);
}

void retry_transit(self_pointer self, bool fresh) {
  auto& st = self->state;
  std::vector<uint64_t> tickets;
  for (auto& [ticket, t] : st.transit) {
    // A member that became healthy may take what it refused while it was
    // not.
    if (fresh)
      t.tried.clear();
    tickets.push_back(ticket);
  }
  for (auto ticket : tickets)
    find_home(self, ticket);
}

// -- members' states and the pool's --------------------------------------

connection_state pool_state_now(self_pointer self) {
  auto& st = self->state;
  auto& members = st.members;
  if (std::any_of(members.begin(), members.end(),
                  [](const member& m) { return is_healthy(m.view); }))
    return connection_state::connected;
  auto first_handshakes = std::any_of(members.begin(), members.end(), [](const member& m) {
    return !m.was_connected && m.view.state == connection_state::connecting;
  });
  if (st.state == connection_state::connecting && first_handshakes)
    return connection_state::connecting;
  return connection_state::disconnected;
}

void update_pool_state(self_pointer self, const connection_event& cause) {
  auto& st = self->state;
  auto now = pool_state_now(self);
  if (now == st.state)
    return;
  st.state = now;
  connection_event ev;
  ev.state = now;
  if (now == connection_state::disconnected) {
    ev.code = cause.code ? *cause.code : errc::connection_lost;
    ev.reason = cause.reason.empty() ? "no connection of the pool is open" : cause.reason;
  }
  emit(self, ev);
}

// Those waiting for `connected_atom`: answered once a member is open, failed
// once every member failed to connect.
void settle_connect_waiters(self_pointer self) {
  auto& st = self->state;
  if (st.connect_waiters.empty())
    return;
  auto& members = st.members;
  if (std::any_of(members.begin(), members.end(),
                  [](const member& m) { return m.was_connected; })) {
    for (auto& rp : st.connect_waiters)
      rp.deliver(st.opts.connection.transport.subprotocol);
    st.connect_waiters.clear();
  } else if (!can_come_back(self)) {
    for (auto& rp : st.connect_waiters)
      rp.deliver(make_error(errc::connect_failed, "no connection of the pool could connect"));
    st.connect_waiters.clear();
  }
}

void on_member_event(self_pointer self, size_t i, connection_event ev) {
  auto& st = self->state;
  if (st.closed)
    return;
  auto& m = st.members[i];
  m.heard = true;
  // Nothing follows `closed`.
  if (is_closed(m))
    return;
  auto was_healthy = is_healthy(m.view);
  m.view.state = ev.state;
  auto healthy = is_healthy(m.view);
  if (healthy)
    m.was_connected = true;
  if (ev.state == connection_state::closed) {
    // What it gave up it handed over already (adopt_atom comes before its
    // `closed`); the rest closed with it.
    for (auto it = st.homes.begin(); it != st.homes.end();)
      it = it->second == i ? st.homes.erase(it) : std::next(it);
    m.view.sessions = 0;
  }
  update_pool_state(self, ev);
  if (ev.state == connection_state::resumed)
    emit(self, ev);
  settle_connect_waiters(self);
  if (healthy && !was_healthy)
    retry_transit(self, true);
  else if (ev.state == connection_state::closed)
    retry_transit(self, false);
  retry_waiting(self);
}

// -- ending -----------------------------------------------------------------

void close_pool(self_pointer self, const caf::error& reason) {
  auto& st = self->state;
  if (st.closed)
    return;
  st.closed = true;
  for (auto& m : st.members)
    if (is_live(m))
      caf::anon_send(m.conn, close_atom::value);
  for (auto& w : st.waiting)
    w.rp.deliver(reason);
  st.waiting.clear();
  for (auto& [ticket, rp] : st.placing)
    rp.deliver(reason);
  st.placing.clear();
  for (auto& rp : st.connect_waiters)
    rp.deliver(reason);
  st.connect_waiters.clear();
  for (auto& [ticket, t] : st.transit)
    self->send(t.session, shutdown_atom::value, reason);
  st.transit.clear();
  st.state = connection_state::closed;
  connection_event ev;
  ev.state = connection_state::closed;
  ev.code = errc::connection_closed;
  ev.reason = describe(reason);
  emit(self, ev);
  st.observers.clear();
}

void on_down(self_pointer self, const caf::down_msg& msg) {
  auto& st = self->state;
  auto& obs = st.observers;
  obs.erase(std::remove_if(obs.begin(), obs.end(),
                           [&](const connection_observer& x) { return x == msg.source; }),
            obs.end());
  if (auto i = member_at(self, msg.source); i && !is_closed(st.members[*i])) {
    connection_event ev;
    ev.state = connection_state::closed;
    ev.code = errc::connection_closed;
    ev.reason = "the pool's connection ended";
    on_member_event(self, *i, std::move(ev));
  }
}

// -- what members answer, gathered -------------------------------------------

connection_counters& operator+=(connection_counters& x, const connection_counters& y) {
  x.in_flight += y.in_flight;
  x.waiting += y.waiting;
  x.sent += y.sent;
  x.answered += y.answered;
  x.answered_with_error += y.answered_with_error;
  x.timed_out += y.timed_out;
  x.lost += y.lost;
  x.dropped.undecodable += y.dropped.undecodable;
  x.dropped.invalid += y.dropped.invalid;
  x.dropped.stray_replies += y.dropped.stray_replies;
  x.dropped.uncorrelated_errors += y.dropped.uncorrelated_errors;
  x.dropped.late_results += y.dropped.late_results;
  x.dropped.unrouted_notifications += y.dropped.unrouted_notifications;
  return x;
}

caf::result<connection_counters> gather_counters(self_pointer self) {
  auto& st = self->state;
  auto rp = self->make_response_promise<connection_counters>();
  auto sum = std::make_shared<connection_counters>();
  auto left = std::make_shared<size_t>(0);
  for (auto& m : st.members)
    if (is_live(m))
      ++*left;
  if (*left == 0) {
    rp.deliver(*sum);
    return rp;
  }
  for (auto& m : st.members) {
    if (!is_live(m))
      continue;
    // A member that closed meanwhile counts for nothing.
    self->request(m.conn, caf::infinite, counters_atom::value)
      .then(
        [rp, sum, left](connection_counters& c) mutable {
          *sum += c;
          if (--*left == 0)
            rp.deliver(*sum);
        },
        [rp, sum, left](caf::error&) mutable {
          if (--*left == 0)
            rp.deliver(*sum);
        });
  }
  return rp;
}

caf::result<std::vector<uuid>> gather_sessions(self_pointer self) {
  auto& st = self->state;
  auto rp = self->make_response_promise<std::vector<uuid>>();
  struct gathering {
    std::vector<std::vector<uuid>> lists;
    size_t left = 0;
    bool failed = false;
  };
  auto g = std::make_shared<gathering>();
  g->lists.resize(st.members.size());
  for (auto& m : st.members)
    if (is_live(m))
      ++g->left;
  auto finish = [rp, g]() mutable {
    if (g->failed || g->left > 0)
      return;
    std::vector<uuid> all;
    for (auto& list : g->lists)
      all.insert(all.end(), list.begin(), list.end());
    rp.deliver(std::move(all));
  };
  if (g->left == 0) {
    finish();
    return rp;
  }
  for (size_t i = 0; i < st.members.size(); ++i) {
    if (!is_live(st.members[i]))
      continue;
    self->request(st.members[i].conn, caf::infinite, sessions_atom::value)
      .then(
        [g, i, finish](std::vector<uuid>& list) mutable {
          g->lists[i] = std::move(list);
          --g->left;
          finish();
        },
        [rp, g, finish](caf::error& err) mutable {
          --g->left;
          // A member that closed meanwhile has no sessions.
          if (err == caf::sec::request_receiver_down) {
            finish();
            return;
          }
          if (!g->failed) {
            g->failed = true;
            rp.deliver(std::move(err));
          }
        });
  }
  return rp;
}

// The member whose default session `default_atom` gives: the first healthy
// one, else the first opened one still alive, else the first one not opened
// yet (opened now).
std::optional<size_t> default_member(self_pointer self) {
  auto& members = self->state.members;
  for (size_t i = 0; i < members.size(); ++i)
    if (is_healthy(members[i].view))
      return i;
  for (size_t i = 0; i < members.size(); ++i)
    if (is_live(members[i]))
      return i;
  for (size_t i = 0; i < members.size(); ++i)
    if (!members[i].view.opened) {
      open_member(self, i);
      return i;
    }
  return std::nullopt;
}

pool_self::behavior_type pool_impl(self_pointer self, pool_transport_maker make,
                                   pool_options opts) {
  auto& st = self->state;
  st.make = std::move(make);
  st.opts = std::move(opts);
  for (auto& endpoint : st.opts.endpoints)
    for (size_t k = 0; k < st.opts.connections_per_endpoint; ++k)
      add_member(self, endpoint);
  if (st.opts.eager)
    for (size_t i = 0; i < st.members.size(); ++i)
      open_member(self, i);
  self->set_down_handler([self](caf::down_msg& msg) { on_down(self, msg); });
  // A handler that throws (a transport maker, a `choose` that broke its
  // promise) ends the pool like close(), so no connection is left open.
  self->set_exception_handler([self](std::exception_ptr& eptr) -> caf::error {
    std::string what = "unknown exception";
    try {
      std::rethrow_exception(eptr);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    auto reason = make_error(errc::connection_closed, "the pool failed: " + what);
    close_pool(self, reason);
    return reason;
  });
  return {
    [self](session_atom) -> caf::result<session_actor> {
      auto& st = self->state;
      waiting_placement w{st.next_ticket++, self->make_response_promise<session_actor>()};
      auto rp = w.rp;
      place(self, std::move(w));
      return rp;
    },
    [self](default_atom) -> caf::result<session_actor> {
      auto i = default_member(self);
      if (!i)
        return make_error(errc::connection_closed, "every connection of the pool is closed");
      return self->delegate(self->state.members[*i].conn, default_atom::value);
    },
    [self](connected_atom) -> caf::result<std::string> {
      auto& st = self->state;
      auto rp = self->make_response_promise<std::string>();
      st.connect_waiters.push_back(rp);
      // A lazy pool with nothing opened yet opens its first member to learn.
      auto& members = st.members;
      if (std::none_of(members.begin(), members.end(), [](const member& m) { return is_live(m); }))
        for (size_t i = 0; i < members.size(); ++i)
          if (!members[i].view.opened) {
            open_member(self, i);
            break;
          }
      settle_connect_waiters(self);
      return rp;
    },
    [self](close_atom) {
      close_pool(self, make_error(errc::connection_closed, "close() was called on the pool"));
      self->quit();
      return true;
    },
    [self](observe_atom, connection_observer& observer) -> connection_state {
      auto& st = self->state;
      if (observer
          && std::find(st.observers.begin(), st.observers.end(), observer) == st.observers.end()) {
        st.observers.push_back(observer);
        self->monitor(observer);
      }
      return st.state;
    },
    [self](counters_atom) { return gather_counters(self); },
    [self](sessions_atom) { return gather_sessions(self); },
    [self](members_atom) { return views(self, false); },
    [self](connection_event& ev) {
      if (auto i = sending_member(self))
        on_member_event(self, *i, std::move(ev));
    },
    [self](adopt_atom, uuid& id, session_internal& session) {
      auto& st = self->state;
      forget_session(self, session.address());
      transit_session t;
      t.id = id;
      t.session = std::move(session);
      if (auto from = sending_member(self))
        t.tried.insert(*from);
      auto ticket = st.next_ticket++;
      st.transit.emplace(ticket, std::move(t));
      arm_deadline(self, ticket);
      find_home(self, ticket);
    },
    [self](departed_atom, caf::actor_addr& session) {
      forget_session(self, session);
      retry_waiting(self);
    },
    [self](deadline_atom, uint64_t ticket) {
      auto& st = self->state;
      auto w = std::find_if(st.waiting.begin(), st.waiting.end(),
                            [&](const waiting_placement& x) { return x.ticket == ticket; });
      if (w != st.waiting.end()) {
        w->rp.deliver(make_error(errc::timeout, "no connection of the pool took the new session "
                                                "within request_timeout; nothing was sent"));
        st.waiting.erase(w);
        return;
      }
      auto t = st.transit.find(ticket);
      if (t == st.transit.end())
        return;
      if (t->second.asking)
        t->second.expired = true;
      else
        shut_down_transit(self, ticket,
                          "no connection of the pool could take the session within "
                          "request_timeout");
    },
  };
}

} // namespace

pool_actor spawn_pool_actor(caf::actor_system& sys, pool_transport_maker make, pool_options opts) {
  return caf::actor_cast<pool_actor>(sys.spawn(pool_impl, std::move(make), std::move(opts)));
}

} // namespace surrealcaf::detail::pool_parts
