#pragma once

// A pool (`spawn_pool`) whose connections run on mock transports under CAF's
// deterministic scheduler: the test plays every member's socket and server.
// Members are numbered in the order the pool opened them: `sockets[k]` is
// the k-th connection the pool spawned.

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "connection_fixture.hpp"

#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/connection_observer.hpp"
#include "surrealcaf/detail/pool_internal.hpp"
#include "surrealcaf/pool.hpp"

namespace surrealcaf::test {

/// What a pool's observer received, in order.
using pool_event_log = std::shared_ptr<std::vector<connection_event>>;

inline connection_observer::behavior_type pool_event_recorder(connection_observer::pointer,
                                                              pool_event_log log) {
  return {
    [log](connection_event& ev) { log->push_back(std::move(ev)); },
  };
}

/// A transport that records what its connection writes, like the one of
/// `spawn_mock_connection`.
class wire_transport : public transport {
public:
  explicit wire_transport(std::shared_ptr<testing::mock_wire> wire) : wire_(std::move(wire)) {
  }

  ~wire_transport() override {
    wire_->destroyed = true;
  }

  void send(std::vector<uint8_t> frame) override {
    wire_->sent.push_back(std::move(frame));
  }

  void close() override {
    wire_->closed = true;
  }

private:
  std::shared_ptr<testing::mock_wire> wire_;
};

/// One connection the pool opened, as the test plays it.
struct pool_socket {
  std::string endpoint;
  std::shared_ptr<testing::mock_wire> wire = std::make_shared<testing::mock_wire>();
  /// The connection, as its transport reports to it; null until it made
  /// its transport.
  caf::actor io;
  /// Requests on the wire the test answered already.
  std::set<int64_t> answered;
};

using pool_sockets = std::shared_ptr<std::vector<pool_socket>>;

/// The options of the pool suites: two endpoints, one connection each,
/// reconnect off (a lost socket closes its member), no keep-alive, calls
/// wait at most 10 s.
inline pool_options two_node_options() {
  using namespace std::chrono_literals;
  pool_options opts;
  opts.endpoints = {"ws://node-a:8000", "ws://node-b:8000"};
  opts.connection.reconnect.enabled = false;
  opts.connection.ping_interval = 0ms;
  opts.connection.request_timeout = 10s;
  return opts;
}

struct pool_fixture : test_coordinator_fixture<config> {
  pool_sockets sockets = std::make_shared<std::vector<pool_socket>>();
  pool_actor pool;
  pool_event_log events = std::make_shared<std::vector<connection_event>>();

  ~pool_fixture() override {
    if (pool) {
      self->send(pool, close_atom::value);
      sched.run();
    }
  }

  /// The maker of mock transports that records each connection in
  /// `sockets`.
  pool_transport_maker maker() {
    return [made = sockets](const std::string& endpoint) -> transport_factory {
      auto k = made->size();
      made->emplace_back();
      made->back().endpoint = endpoint;
      return [made, k](caf::actor owner) -> std::unique_ptr<transport> {
        auto& s = (*made)[k];
        s.io = std::move(owner);
        ++s.wire->transports;
        return std::make_unique<wire_transport>(s.wire);
      };
    };
  }

  /// Spawns the pool; `opts` must be accepted.
  void start(pool_options opts) {
    auto spawned = spawn_pool(sys, maker(), std::move(opts));
    CAF_REQUIRE(spawned);
    pool = std::move(*spawned);
    run();
  }

  /// Spawns the pool and opens every connection it opened.
  void start_open(pool_options opts) {
    start(std::move(opts));
    for (size_t k = 0; k < sockets->size(); ++k)
      open(k);
  }

  size_t run() {
    return sched.run();
  }

  /// Moves the clock on by `d`, firing every timer due by then.
  void wait(caf::timespan d) {
    sched.advance_time(d);
    run();
  }

  pool_socket& socket(size_t k) {
    CAF_REQUIRE(k < sockets->size());
    return (*sockets)[k];
  }

  /// Connection `k`'s handshake is done.
  void open(size_t k) {
    CAF_REQUIRE(socket(k).io != nullptr);
    self->send(socket(k).io, open_atom::value, std::string{"cbor"});
    run();
  }

  /// Connection `k`'s socket is lost (with reconnect off: it closes).
  void drop(size_t k, errc code = errc::connection_closed) {
    self->send(socket(k).io, closed_atom::value, make_error(code, "the socket went away"));
    run();
  }

  /// The requests connection `k` wrote.
  std::vector<rpc::request> requests(size_t k) {
    std::vector<rpc::request> result;
    for (auto& frame : socket(k).wire->sent) {
      auto req = testing::read_request(frame);
      CAF_REQUIRE(req);
      result.push_back(std::move(*req));
    }
    return result;
  }

  /// The frames every connection wrote so far, together.
  size_t frames_sent() const {
    size_t n = 0;
    for (auto& s : *sockets)
      n += s.wire->sent.size();
    return n;
  }

  /// How many `attach` requests connection `k` wrote.
  size_t attaches(size_t k) {
    size_t n = 0;
    for (auto& req : requests(k))
      n += req.method == rpc::method::attach ? 1 : 0;
    return n;
  }

  /// Answers every request of connection `k` the test did not answer yet,
  /// each with `result` (an attach with none).
  void answer_all(size_t k, value result = {}) {
    for (auto& req : requests(k)) {
      if (!socket(k).answered.insert(req.id).second)
        continue;
      self->send(socket(k).io, frame_atom::value,
                 testing::result_frame(req.id, result, req.session));
    }
    run();
  }

  /// Answers every connection's pending requests.
  void answer_everything() {
    for (size_t k = 0; k < sockets->size(); ++k)
      if (socket(k).io)
        answer_all(k);
  }

  /// The connection that wrote an attach not answered yet; there must be
  /// exactly one.
  size_t pending_attach() {
    std::vector<size_t> found;
    for (size_t k = 0; k < sockets->size(); ++k)
      for (auto& req : requests(k))
        if (req.method == rpc::method::attach && socket(k).answered.count(req.id) == 0)
          found.push_back(k);
    CAF_REQUIRE_EQUAL(found.size(), 1u);
    return found.front();
  }

  /// The reply to a request `self` made, which must be in its mailbox.
  template <class T, class Handle>
  T result_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    T result{};
    rh.receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { CAF_FAIL("unexpected error: " << describe(err)); });
    return result;
  }

  /// The error a request `self` made failed with (which must be there).
  template <class T, class Handle>
  caf::error error_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    caf::error result;
    rh.receive([&](T&) { CAF_FAIL("expected an error, got a result"); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  /// A new session from the pool, its attach answered by the connection it
  /// went to; returns the session and that connection's number.
  std::pair<session_actor, size_t> new_session() {
    auto rh = self->request(pool, caf::infinite, session_atom::value);
    run();
    auto k = pending_attach();
    answer_all(k);
    return {result_of<session_actor>(rh), k};
  }

  std::vector<pool_member> members() {
    auto rh = self->request(pool, caf::infinite, members_atom::value);
    run();
    return result_of<std::vector<pool_member>>(rh);
  }

  std::vector<size_t> session_counts() {
    std::vector<size_t> result;
    for (auto& m : members())
      result.push_back(m.sessions);
    return result;
  }

  /// Records the pool's events in `events` from now on; returns its state.
  connection_state observe() {
    auto observer = sys.spawn(pool_event_recorder, events);
    auto rh = self->request(pool, caf::infinite, observe_atom::value,
                            connection_observer{observer});
    run();
    return result_of<connection_state>(rh);
  }

  std::vector<std::string> event_states() const {
    std::vector<std::string> result;
    for (auto& ev : *events)
      result.emplace_back(to_string(ev.state));
    return result;
  }

  /// The pool as its connections see it.
  detail::pool_internal internal() const {
    return caf::actor_cast<detail::pool_internal>(pool);
  }
};

} // namespace surrealcaf::test
