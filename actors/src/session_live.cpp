// The live queries of a session: start, route, end, kill (docs/actors.md,
// "Live queries").

#include "session_actor_parts.hpp"

#include <utility>

#include "caf/system_messages.hpp"

#include "surrealcaf/detail/ignore_reply.hpp"

namespace surrealcaf::detail::session_parts {

namespace {

// With this session as the sender, so a subscriber can tell sessions apart.
void notify(self_pointer self, const live_subscriber& subscriber, rpc::notification x) {
  self->send(subscriber, std::move(x));
}

// The last message of every stream (docs/protocol.md §2.5: KILLED carries NONE).
rpc::notification end_of_stream(self_pointer self, const uuid& id) {
  return rpc::notification{id, rpc::live_action::killed, none, none, self->state.data.id};
}

// A subscriber left with no live query of this session is no longer watched.
void release(self_pointer self, const live_subscriber& subscriber) {
  if (self->state.live().subscriptions.count_of(subscriber) == 0)
    self->demonitor(subscriber.address());
}

void end_stream(self_pointer self, const uuid& id, const live_subscriber& subscriber) {
  notify(self, subscriber, end_of_stream(self, id));
  release(self, subscriber);
}

void subscribe(self_pointer self, const uuid& id, const live_subscriber& subscriber) {
  auto& live = self->state.live().subscriptions;
  auto watched = live.count_of(subscriber) > 0;
  auto backlog = live.add(id, subscriber);
  // What came before the reply goes out first, in order.
  for (auto& x : backlog.notifications)
    notify(self, subscriber, std::move(x));
  if (!backlog.ended && !watched)
    self->monitor(subscriber);
}

// Live query `id` cannot be registered on the new socket: its stream ends,
// saying why.
void end_unregistered(self_pointer self, const uuid& id, const caf::error& why) {
  auto& st = self->state;
  st.live().origins.erase(id);
  if (auto subscriber = st.live().subscriptions.end(id)) {
    auto last = end_of_stream(self, id);
    last.result = "the live query could not be registered again after a reconnect: "
                  + describe(why);
    notify(self, *subscriber, std::move(last));
    release(self, *subscriber);
  }
}

void kill_on_server(self_pointer self, const uuid& id) {
  request_ignoring_reply(self, caf::infinite, self->state.conn, call_atom::value,
                         self->state.data.make_request(rpc::method::kill, {id}));
}

// The live queries a refused `live(sql)` started: killed, then `done` runs
// once the server answered every kill, so the caller hears of the refusal
// only when nothing runs on.
void kill_strays(self_pointer self, std::function<void()> done) {
  auto strays = std::move(self->state.live().strays);
  self->state.live().strays.clear();
  if (strays.empty()) {
    done();
    return;
  }
  auto left = std::make_shared<size_t>(strays.size());
  for (auto& id : strays)
    ask_connection(self, self->state.data.make_request(rpc::method::kill, {id}),
                   [left, done](caf::expected<value>) {
                     if (--*left == 0)
                       done();
                   });
}

} // namespace

void end_all_streams(self_pointer self) {
  if (!self->state.live_part)
    return;
  self->state.live().origins.clear();
  auto ended = self->state.live().subscriptions.end_all();
  for (auto& [id, subscriber] : ended)
    notify(self, subscriber, end_of_stream(self, id));
  for (auto& entry : ended)
    release(self, entry.second);
}

caf::expected<uuid> live_id_of_rpc(self_pointer, value& x) {
  return reply_as<uuid>("live", x);
}

caf::expected<uuid> live_id_of_query(self_pointer self, value& x) {
  auto results = rpc::parse_query_results(std::move(x));
  if (!results)
    return std::move(results.error());
  auto live_id = [](const rpc::query_result& res) {
    return res.type == rpc::query_type::live ? res.result.get_if<uuid>() : nullptr;
  };
  if (results->size() == 1) {
    auto& res = results->front();
    if (!res.ok())
      return statement_error(std::move(*res.error));
    if (auto id = live_id(res))
      return *id;
  }
  // Not one LIVE SELECT: whatever live query it did start has no
  // subscriber, so it must not run on (its caller kills them).
  for (auto& res : *results)
    if (auto id = live_id(res))
      self->state.live().strays.push_back(*id);
  return make_error(errc::invalid_argument,
                    "live(sql) takes exactly one LIVE SELECT statement");
}

caf::result<uuid> start_live(self_pointer self, rpc::method m, value::array params,
                             live_subscriber subscriber, live_id_reader read_id) {
  auto& st = self->state;
  if (auto err = st.data.check(m, params))
    return err;
  if (!subscriber)
    return make_error(errc::invalid_argument, "live: the subscriber is not an actor");
  auto rp = self->make_response_promise<uuid>();
  st.live().subscriptions.call_started();
  live_origin origin{m, params, true};
  ask_connection(self, st.data.make_request(m, std::move(params)),
                 [self, rp, subscriber, read_id,
                  origin = std::move(origin)](caf::expected<value> res) mutable {
                   auto& st = self->state;
                   auto id = res ? read_id(self, *res)
                                 : caf::expected<uuid>{std::move(res.error())};
                   // Closed meanwhile: the detach (or the socket) ended it on the
                   // server, and the subscriber never had a stream.
                   if (id && st.data.closed)
                     id = st.data.close_reason;
                   if (id) {
                     st.live().origins[*id] = std::move(origin);
                     subscribe(self, *id, subscriber);
                     if (!st.live().subscriptions.contains(*id))
                       st.live().origins.erase(*id);
                   }
                   st.live().subscriptions.call_ended();
                   if (id)
                     rp.deliver(*id);
                   else
                     kill_strays(self, [rp, err = std::move(id.error())]() mutable {
                       rp.deliver(std::move(err));
                     });
                 });
  return rp;
}

caf::result<value> kill_live(self_pointer self, const uuid& id) {
  auto& st = self->state;
  if (st.data.closed)
    return st.data.close_reason;
  auto server_id = st.live().subscriptions.server_id(id);
  auto origin = st.live().origins.find(id);
  // Not registered on the current socket (lost, not resumed yet): there is
  // nothing on the server to kill, and its resume is called off.
  auto on_server = origin == st.live().origins.end() || origin->second.on_socket;
  if (origin != st.live().origins.end())
    st.live().origins.erase(origin);
  // The stream ends now: what the server still sends for it is after the end.
  if (auto subscriber = st.live().subscriptions.end(id))
    end_stream(self, id, *subscriber);
  if (!on_server)
    return value{};
  return forward<value>(self, rpc::method::kill, {server_id}, as_value);
}

void on_notification(self_pointer self, rpc::notification& x) {
  // No live call was ever made: nobody to route to, nothing to wait for.
  if (!self->state.live_part)
    return;
  if (auto to = self->state.live().subscriptions.route(x)) {
    auto id = x.live_id;
    notify(self, to->subscriber, std::move(x));
    if (to->last) {
      self->state.live().origins.erase(id);
      release(self, to->subscriber);
    }
  }
}

// A subscriber died: nobody reads its live queries any more.
void on_subscriber_down(self_pointer self, const caf::down_msg& msg) {
  auto& st = self->state;
  if (!st.live_part)
    return;
  for (auto& [id, server_id] : st.live().subscriptions.end_subscriber(msg.source)) {
    auto origin = st.live().origins.find(id);
    auto on_server = origin == st.live().origins.end() || origin->second.on_socket;
    if (origin != st.live().origins.end())
      st.live().origins.erase(origin);
    if (!st.data.closed && on_server)
      kill_on_server(self, server_id);
  }
}

void restart_live(self_pointer self, const uuid& id, uint64_t round,
                  std::function<void()> next) {
  auto& st = self->state;
  auto origin = st.live().origins.find(id);
  if (origin == st.live().origins.end()) {
    next();
    return;
  }
  // Not anonymously in place of the lost authentication: the session
  // refuses new live queries until it signs in again, and this one too.
  if (auto err = st.data.check(origin->second.method, origin->second.params)) {
    end_unregistered(self, id, err);
    next();
    return;
  }
  auto read_id = origin->second.method == rpc::method::live ? live_id_of_rpc : live_id_of_query;
  st.live().subscriptions.call_started();
  resume_call(self, st.data.make_request(origin->second.method, origin->second.params), round,
              [self, id, read_id, next](caf::expected<value> res) {
                auto& st = self->state;
                auto server_id = res ? read_id(self, *res)
                                     : caf::expected<uuid>{std::move(res.error())};
                kill_strays(self, [] {});
                auto origin = st.live().origins.find(id);
                if (origin == st.live().origins.end()) {
                  // Killed meanwhile: nobody wants it any more.
                  if (server_id)
                    kill_on_server(self, *server_id);
                } else if (server_id) {
                  origin->second.on_socket = true;
                  auto subscriber = st.live().subscriptions.subscriber_of(id);
                  auto backlog = st.live().subscriptions.rename(id, *server_id);
                  if (subscriber) {
                    notify(self, *subscriber,
                           rpc::notification{id, rpc::live_action::resumed, none, none,
                                             st.data.id});
                    for (auto& x : backlog.notifications)
                      notify(self, *subscriber, std::move(x));
                    if (backlog.ended) {
                      st.live().origins.erase(id);
                      release(self, *subscriber);
                    }
                  }
                } else {
                  end_unregistered(self, id, server_id.error());
                }
                st.live().subscriptions.call_ended();
                next();
              },
              [self](const caf::error&) { self->state.live().subscriptions.call_ended(); });
}

} // namespace surrealcaf::detail::session_parts
