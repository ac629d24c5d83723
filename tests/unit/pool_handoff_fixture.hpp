#pragma once

// Two connections of a pool on mock transports, and a stand-in for the pool:
// it keeps the sessions a connection that gave up hands it, and places them
// on a connection when the test says so. The test plays both servers.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/event_based_actor.hpp"

#include "reconnect_fixture.hpp"

#include "surrealcaf/detail/pool_internal.hpp"

namespace surrealcaf::test {

/// The test tells the stand-in pool to place the sessions it holds.
using place_atom = caf::atom_constant<caf::atom("place")>;

/// What the stand-in pool received and did.
struct stand_in_log {
  /// The UUIDs of every session handed to it, in order.
  std::vector<uuid> handed;
  /// The sessions not placed yet.
  std::vector<std::pair<uuid, detail::session_internal>> transit;
  /// What each placement's connection replied.
  std::vector<bool> placed;
  std::vector<caf::actor_addr> departed;
};

/// The pool as its connections see it, minimal: keeps what it is handed and
/// places it on `(place_atom, connection)`.
inline caf::behavior stand_in_pool(caf::event_based_actor* self,
                                   std::shared_ptr<stand_in_log> log) {
  return {
    [log](adopt_atom, const uuid& id, const detail::session_internal& session) {
      log->handed.push_back(id);
      log->transit.emplace_back(id, session);
    },
    [self, log](place_atom, const caf::actor& target) {
      auto conn = caf::actor_cast<detail::connection_internal>(target);
      for (auto& [id, session] : log->transit)
        self->request(conn, caf::infinite, adopt_atom::value, id, session)
          .then([log](bool ok) { log->placed.push_back(ok); },
                [log](caf::error&) { log->placed.push_back(false); });
      log->transit.clear();
    },
    [log](departed_atom, const caf::actor_addr& who) { log->departed.push_back(who); },
    [](const connection_event&) {},
  };
}

/// One connection and the socket the test plays.
struct node {
  std::shared_ptr<testing::mock_wire> wire = std::make_shared<testing::mock_wire>();
  connection_actor conn;
  caf::actor io;
  event_log events = std::make_shared<std::vector<connection_event>>();
  /// Where the current socket's frames begin in `wire->sent`.
  size_t socket_start = 0;
  /// Requests answered by `serve`.
  std::set<int64_t> answered;

  detail::connection_internal internal() const {
    return caf::actor_cast<detail::connection_internal>(conn);
  }
};

/// Connections fail fast: one refused attempt and they give up.
inline client_options one_attempt() {
  auto opts = reconnecting_options();
  opts.reconnect.max_attempts = 1;
  return opts;
}

struct pool_handoff_fixture : test_coordinator_fixture<config> {
  std::shared_ptr<stand_in_log> pool_seen = std::make_shared<stand_in_log>();
  caf::actor pool;
  node a;
  node b;

  explicit pool_handoff_fixture(client_options a_opts = one_attempt()) {
    pool = sys.spawn(stand_in_pool, pool_seen);
    start(a, a_opts, true);
    start(b, reconnecting_options(), true);
    open(a);
    open(b);
  }

  ~pool_handoff_fixture() override {
    for (auto* n : {&a, &b})
      self->send(n->conn, close_atom::value);
    pool_seen->transit.clear();
    self->send_exit(pool, caf::exit_reason::user_shutdown);
    run();
  }

  size_t run() {
    return sched.run();
  }

  /// Spawns `n`'s connection (in the pool when `pooled`) and observes it.
  void start(node& n, client_options opts, bool pooled) {
    auto mock = testing::spawn_mock_connection(sys, n.wire, std::move(opts));
    n.conn = std::move(mock.connection);
    n.io = std::move(mock.transport);
    if (pooled)
      self->send(n.internal(), pool_atom::value, caf::actor_cast<detail::pool_internal>(pool));
    auto rh = self->request(n.conn, caf::infinite, observe_atom::value,
                            connection_observer{sys.spawn(event_recorder, n.events)});
    run();
    result_of<connection_state>(rh);
  }

  // -- the network ---------------------------------------------------------

  void open(node& n) {
    n.socket_start = n.wire->sent.size();
    self->send(n.io, open_atom::value, std::string{"cbor"});
    run();
  }

  void drop(node& n) {
    self->send(n.io, closed_atom::value,
               make_error(errc::connection_closed, "read: the server reset the connection"));
    run();
  }

  void wait(caf::timespan d) {
    sched.advance_time(d);
    run();
  }

  /// `n` lost its socket: its one attempt is refused and it gives up.
  void give_up(node& n) {
    drop(n);
    wait(std::chrono::milliseconds{100});
    self->send(n.io, closed_atom::value,
               make_error(errc::connect_failed, "connect 127.0.0.1:8000: Connection refused"));
    run();
    CAF_REQUIRE(!n.events->empty());
    CAF_REQUIRE_EQUAL(to_string(n.events->back().state), std::string{"closed"});
  }

  /// The stand-in pool places the sessions it holds on `n`.
  void place_on(node& n) {
    self->send(pool, place_atom::value, caf::actor_cast<caf::actor>(n.conn));
    run();
  }

  // -- the server ------------------------------------------------------------

  rpc::request request_at(node& n, size_t i) {
    CAF_REQUIRE(i < n.wire->sent.size());
    auto req = testing::read_request(n.wire->sent[i]);
    CAF_REQUIRE(req);
    return std::move(*req);
  }

  /// The requests written on `n`'s current socket for session `sid`.
  std::vector<rpc::request> sent_for(node& n, const std::optional<uuid>& sid) {
    std::vector<rpc::request> result;
    for (auto i = n.socket_start; i < n.wire->sent.size(); ++i)
      if (auto req = request_at(n, i); req.session == sid)
        result.push_back(std::move(req));
    return result;
  }

  std::vector<std::string> methods_for(node& n, const std::optional<uuid>& sid) {
    std::vector<std::string> result;
    for (auto& req : sent_for(n, sid))
      result.push_back(name(req.method));
    return result;
  }

  /// Answers the oldest unanswered request of `sid` on `n`, which must be
  /// `m`, with `result`; returns it.
  rpc::request serve(node& n, const std::optional<uuid>& sid, rpc::method m, value result = {}) {
    for (auto& req : sent_for(n, sid)) {
      if (n.answered.count(req.id) != 0)
        continue;
      CAF_CHECK_EQUAL(name(req.method), name(m));
      n.answered.insert(req.id);
      self->send(n.io, frame_atom::value, testing::result_frame(req.id, std::move(result), sid));
      run();
      return req;
    }
    CAF_FAIL("no " << name(m) << " pending on the node");
  }

  // -- sessions --------------------------------------------------------------

  /// A new session of `n`, attached; and its UUID.
  std::pair<session_actor, uuid> new_session(node& n) {
    auto rh = self->request(n.conn, caf::infinite, session_atom::value);
    run();
    auto attach = request_at(n, n.wire->sent.size() - 1);
    CAF_REQUIRE_EQUAL(name(attach.method), std::string{"attach"});
    CAF_REQUIRE(attach.session);
    serve(n, attach.session, rpc::method::attach);
    return {result_of<session_actor>(rh), *attach.session};
  }

  /// One call of `who` (session `sid` on `n`), answered with `result`.
  template <class T = value, class... Ts>
  T call(node& n, const session_actor& who, const uuid& sid, rpc::method m, value result,
         Ts&&... xs) {
    auto rh = self->request(who, caf::infinite, std::forward<Ts>(xs)...);
    run();
    serve(n, sid, m, std::move(result));
    return result_of<T>(rh);
  }

  /// A query on `who`, not answered yet.
  auto query_on(const session_actor& who, const std::string& sql) {
    auto rh = self->request(who, caf::infinite, query_atom::value, sql, value::object{});
    run();
    return rh;
  }

  template <class T, class Handle>
  T result_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    T result{};
    rh.receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { CAF_FAIL("unexpected error: " << describe(err)); });
    return result;
  }

  template <class T, class Handle>
  caf::error error_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    caf::error result;
    rh.receive([&](T&) { CAF_FAIL("expected an error, got a result"); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  /// A subscriber and what it receives.
  std::pair<live_subscriber, notification_log> subscriber() {
    auto log = std::make_shared<std::vector<rpc::notification>>();
    return {sys.spawn(collector, log), log};
  }
};

} // namespace surrealcaf::test
