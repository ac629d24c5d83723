#pragma once

// A connection with reconnect on, on a mock transport, for the reconnect
// suites. The test plays the network and the server: it drops the socket,
// moves the clock to the next attempt, opens the new socket and answers
// each session's resume steps. Short waits and no jitter, so the schedule
// is exact: 100 ms, 200 ms, 400 ms, ... up to 1 s. An observer records
// every state change from the start.

#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "jwt_text.hpp"
#include "session_fixture.hpp"

#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/connection_observer.hpp"
#include "surrealcaf/credentials.hpp"

#include "server_error_objects.hpp"
#include "uuid_of.hpp"

namespace surrealcaf::test {

/// What an observer received, in order.
using event_log = std::shared_ptr<std::vector<connection_event>>;

/// An observer that records every event it gets.
inline connection_observer::behavior_type event_recorder(connection_observer::pointer,
                                                         event_log log) {
  return {
    [log](connection_event& ev) { log->push_back(std::move(ev)); },
  };
}

/// The options of the reconnect suites: reconnect on, 100 ms doubling up to
/// 1 s, no jitter, no limit; no keep-alive; calls wait at most 10 s.
inline client_options reconnecting_options() {
  using namespace std::chrono_literals;
  client_options opts;
  opts.ping_interval = 0ms;
  opts.request_timeout = 10s;
  opts.reconnect.enabled = true;
  opts.reconnect.initial_delay = 100ms;
  opts.reconnect.max_delay = 1s;
  opts.reconnect.multiplier = 2.0;
  opts.reconnect.jitter = 0;
  opts.reconnect.max_attempts = 0;
  opts.reconnect.give_up_after = 0ms;
  return opts;
}


/// A token that expires `from_now` after the wall clock's now.
inline std::string jwt_expiring_in(std::chrono::seconds from_now) {
  auto exp = std::chrono::duration_cast<std::chrono::seconds>(
               (std::chrono::system_clock::now() + from_now).time_since_epoch())
               .count();
  return jwt_with(R"({"exp":)" + std::to_string(exp) + "}");
}

/// A uuid spelled with `n` at its end, e.g. for live ids.
inline uuid numbered_uuid(int n, char group = '9') {
  auto digits = std::to_string(n);
  return uuid_of("00000000-0000-4000-" + std::string(1, group) + "000-"
                 + std::string(12 - digits.size(), '0') + digits);
}

struct reconnect_fixture : connection_fixture {
  event_log events = std::make_shared<std::vector<connection_event>>();
  /// What `observe_atom` replied, before the first handshake.
  connection_state first_state = connection_state::closed;
  /// The index in `wire->sent` where the current socket's frames begin.
  size_t socket_start = 0;
  /// Requests the "server" answered with `serve`.
  std::set<int64_t> answered;

  explicit reconnect_fixture(client_options opts = reconnecting_options())
    : connection_fixture(std::move(opts), false) {
    auto observer = sys.spawn(event_recorder, events);
    auto rh = self->request(conn, caf::infinite, observe_atom::value,
                            connection_observer{observer});
    run();
    first_state = result_of<connection_state>(rh);
    open_socket();
  }

  ~reconnect_fixture() override {
    // A connection that gave up is gone already; a message to it is dropped.
    self->send(conn, close_atom::value);
    run();
  }

  // -- the network ---------------------------------------------------------

  /// The open socket is lost.
  void drop(const std::string& why = "read: the server reset the connection") {
    self->send(io, closed_atom::value, make_error(errc::connection_closed, why));
    run();
  }

  /// The attempt under way fails: its socket is refused.
  void refuse(const std::string& why = "connect 127.0.0.1:8000: Connection refused") {
    self->send(io, closed_atom::value, make_error(errc::connect_failed, why));
    run();
  }

  /// Moves the clock on by `d`, firing every timer due by then.
  void wait(caf::timespan d) {
    sched.advance_time(d);
    run();
  }

  /// The last event an observer got; there must be one.
  const connection_event& last_event() const {
    CAF_REQUIRE(!events->empty());
    return events->back();
  }

  /// The states observers saw, in order.
  std::vector<connection_state> states() const {
    std::vector<connection_state> result;
    for (auto& ev : *events)
      result.push_back(ev.state);
    return result;
  }

  /// Waits exactly the announced delay of the next attempt, which then
  /// makes a new transport.
  void wait_for_attempt() {
    auto& ev = last_event();
    CAF_REQUIRE_EQUAL(to_string(ev.state), std::string{"reconnecting"});
    auto made = wire->transports;
    wait(ev.delay);
    CAF_REQUIRE_EQUAL(wire->transports, made + 1);
  }

  /// The socket's handshake is done (the first one or a new one).
  void open_socket() {
    socket_start = wire->sent.size();
    self->send(io, open_atom::value, std::string{"cbor"});
    run();
  }

  /// The socket drops and the first attempt opens a new one; the sessions
  /// are not resumed yet.
  void reconnect() {
    drop();
    wait_for_attempt();
    open_socket();
  }

  // -- the server ------------------------------------------------------------

  /// The requests written on the current socket, for session `sid`.
  std::vector<rpc::request> sent_for(const std::optional<uuid>& sid) {
    std::vector<rpc::request> result;
    for (auto i = socket_start; i < wire->sent.size(); ++i) {
      auto req = request_at(i);
      if (req.session == sid)
        result.push_back(std::move(req));
    }
    return result;
  }

  /// The names of the methods written on the current socket for `sid`.
  std::vector<std::string> methods_for(const std::optional<uuid>& sid) {
    std::vector<std::string> result;
    for (auto& req : sent_for(sid))
      result.push_back(name(req.method));
    return result;
  }

  /// The oldest request of `sid` on the current socket that `serve` did not
  /// answer yet; it must be `m`.
  rpc::request pending(const std::optional<uuid>& sid, rpc::method m) {
    for (auto& req : sent_for(sid)) {
      if (answered.count(req.id) == 0) {
        CAF_CHECK_EQUAL(name(req.method), name(m));
        return req;
      }
    }
    CAF_FAIL("no " << name(m) << " pending for the session");
  }

  /// Answers the pending `m` of `sid` with `result`; returns it.
  rpc::request serve(const std::optional<uuid>& sid, rpc::method m, value result = {}) {
    auto req = pending(sid, m);
    answered.insert(req.id);
    reply(req, std::move(result));
    return req;
  }

  /// Answers the pending `m` of `sid` with the server error `error`.
  rpc::request serve_error(const std::optional<uuid>& sid, rpc::method m,
                           value error = invalid_auth_error()) {
    auto req = pending(sid, m);
    answered.insert(req.id);
    reply_error(req, std::move(error));
    return req;
  }

  /// True when `sid` has nothing unanswered on the current socket.
  bool idle(const std::optional<uuid>& sid) {
    for (auto& req : sent_for(sid))
      if (answered.count(req.id) == 0)
        return false;
    return true;
  }

  // -- sessions, set up on the open socket -----------------------------------

  /// Sends one call on `who` (session `sid`) and answers it with `result`;
  /// the call must be `m`. Returns what the session replied.
  template <class T = value, class... Ts>
  T call(const session_actor& who, const std::optional<uuid>& sid, rpc::method m, value result,
         Ts&&... xs) {
    auto rh = self->request(who, caf::infinite, std::forward<Ts>(xs)...);
    run();
    auto req = last_request();
    CAF_CHECK_EQUAL(name(req.method), name(m));
    CAF_CHECK(req.session == sid);
    answered.insert(req.id);
    reply(req, std::move(result));
    return result_of<T>(rh);
  }

  void use(const session_actor& who, const std::optional<uuid>& sid, const std::string& ns,
           const std::string& db) {
    call(who, sid, rpc::method::use, value{{"namespace", ns}, {"database", db}},
         use_atom::value, value{ns}, value{db});
  }

  void let(const session_actor& who, const std::optional<uuid>& sid, const std::string& var,
           value x) {
    call(who, sid, rpc::method::let, none, let_atom::value, var, std::move(x));
  }

  void signin(const session_actor& who, const std::optional<uuid>& sid, credentials creds,
              value token) {
    call(who, sid, rpc::method::signin, std::move(token), signin_atom::value, std::move(creds));
  }

  /// Starts `live(person)` for `sub`; the server calls it `server_id`.
  uuid live(const session_actor& who, const std::optional<uuid>& sid, const live_subscriber& sub,
            const uuid& server_id) {
    return call<uuid>(who, sid, rpc::method::live, server_id, live_atom::value,
                      value{table{"person"}}, false, sub);
  }

  /// A subscriber and what it receives.
  std::pair<live_subscriber, notification_log> subscriber() {
    auto log = std::make_shared<std::vector<rpc::notification>>();
    return {sys.spawn(collector, log), log};
  }

  /// The server pushes a notification for live query `live` of `sid`.
  void push(const uuid& live, rpc::live_action action, int n, const std::optional<uuid>& sid) {
    value record = action == rpc::live_action::killed ? value{} : value{record_id{"person", n}};
    value result = action == rpc::live_action::killed ? value{} : value{{"n", n}};
    inject_frame(testing::notification_frame(
      rpc::notification{live, action, std::move(record), std::move(result), sid}));
  }
};

} // namespace surrealcaf::test
