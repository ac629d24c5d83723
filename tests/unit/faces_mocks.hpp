#pragma once

// Mock connection and session actors for the faces' tests: they implement
// connection_actor and session_actor with canned answers and log what they
// receive, so tests can check what the faces send (and what they do not).
// A mock connector spawns them where the faces would connect.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "caf/actor_system_config.hpp"
#include "caf/event_based_actor.hpp"
#include "caf/send.hpp"
#include "caf/spawn_options.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/rpc/server_error.hpp"
#include "surrealcaf/session_actor.hpp"

#include "server_error_objects.hpp"

namespace surrealcaf::test {

/// What one mock session saw.
struct session_log {
  /// Every message received, whatever its kind.
  std::atomic<int> received{0};
  std::atomic<bool> closed{false};
  std::atomic<int> begins{0};
  std::atomic<int> commits{0};
  std::atomic<int> cancels{0};
  std::atomic<int> kills{0};
  /// Calls that came wrapped with their own deadline (`timeout_atom`), and
  /// the last such deadline in milliseconds.
  std::atomic<int> wrapped{0};
  std::atomic<int64_t> last_timeout_ms{0};
};

/// What a mock connection and its sessions saw, and how it answers the
/// handshake.
struct mock_log {
  enum class handshake { ok, fail, never };

  explicit mock_log(handshake hs = handshake::ok) : hs(hs) {
  }

  std::shared_ptr<session_log> add_session() {
    std::lock_guard<std::mutex> guard{mtx};
    sessions.push_back(std::make_shared<session_log>());
    return sessions.back();
  }

  /// Session `i` in creation order; 0 is the default session.
  std::shared_ptr<session_log> session(size_t i) {
    std::lock_guard<std::mutex> guard{mtx};
    return i < sessions.size() ? sessions[i] : nullptr;
  }

  size_t session_count() {
    std::lock_guard<std::mutex> guard{mtx};
    return sessions.size();
  }

  const handshake hs;
  /// The connection's observers (observe_atom) it has not forgotten yet.
  std::atomic<int> observers{0};
  std::atomic<bool> conn_closed{false};
  std::atomic<bool> conn_exited{false};
  /// What the connection answers to `counters_atom` (set before use).
  connection_counters counters;
  /// `sessions_atom` fails with errc::protocol_error when set (before use).
  bool sessions_fail = false;
  std::mutex mtx;
  std::vector<std::shared_ptr<session_log>> sessions;
};

/// The server error the mock answers a wrong password with: the one a 3.x
/// server sends.
inline rpc::server_error auth_failure() {
  return rpc::parse_server_error(invalid_auth_error());
}

struct mock_session_state {
  std::shared_ptr<session_log> log;
  value::object vars;
  bool down = false;
  // Requests the mock never answers ("hang"): kept so they stay pending.
  std::vector<caf::typed_response_promise<query_results>> hung;
  // Open transactions and live queries (with their subscribers).
  std::vector<uuid> txns;
  std::vector<std::pair<uuid, live_subscriber>> lives;
  uint8_t ids = 0;
};

/// The ids the mock gives out: 1, 2, ... in the last byte.
inline uuid mock_id(uint8_t n) {
  uuid id{};
  id.data[15] = n;
  return id;
}

template <class F, class Check, class R, class... Ts>
auto guarded(F handler, Check check, R (F::*)(Ts...) const) {
  return [handler, check](Ts... xs) -> R {
    if (auto err = check())
      return err;
    return handler(std::forward<Ts>(xs)...);
  };
}

/// `handler` with its signature (so a typed behavior still matches it), but
/// calling `check` first and answering its error, if any, in its place.
template <class F, class Check>
auto guarded(F handler, Check check) {
  return guarded(std::move(handler), std::move(check), &F::operator());
}

/// A session that answers at once:
/// - use(ns, db) -> {namespace, database}; signin(root user, pass "root")
///   -> "token-<user>", any other credentials -> auth_failure();
///   signup -> "signup-token"; info -> {id: "user:1"}; version ->
///   "surrealdb-mock"; ping, authenticate, invalidate, let, unset, close ->
///   NONE (let/unset keep variables);
/// - query "hang" never answers; "fail" -> [OK 1, ERR "boom"]; "vars" ->
///   [OK <session variables merged with the call's>]; other text -> [OK text];
/// - rpc(method, params) -> {method: name, params};
/// - crud(stmt, txn) -> {sql, vars, txn: the id or NONE}; query(sql, vars,
///   txn) -> [OK {sql, txn}] for an open txn, else transaction_closed;
///   begin -> a fresh id; commit/cancel of an open txn -> NONE, else
///   transaction_closed;
/// - live(table or sql, subscriber) -> a fresh id, and the subscriber gets a
///   `create` notification at once (`flood_size` of them, records item:1..,
///   for the table `flood`); kill(id) sends it `killed` -> NONE;
/// - refresh -> {access: "a2", refresh: "r2"}; revoke -> NONE; fork -> a new
///   mock session with a log of its own;
/// - after `shutdown` every call fails with errc::connection_closed.
/// How many notifications the mock sends for a live query on `flood`.
inline constexpr int64_t flood_size = 100;

inline detail::session_internal::behavior_type
mock_session(detail::session_internal::stateful_pointer<mock_session_state> self,
             std::shared_ptr<session_log> log) {
  self->state.log = std::move(log);
  auto next_id = [self] { return mock_id(++self->state.ids); };
  auto is_open = [self](const uuid& id) {
    auto& xs = self->state.txns;
    return std::find(xs.begin(), xs.end(), id) != xs.end();
  };
  auto closed_txn = [] { return make_error(errc::transaction_closed, "mock: no such txn"); };
  // Commit and cancel: end the open transaction `txn`, counted in `ended`.
  auto end_txn = [self, is_open, closed_txn](const uuid& txn,
                                             std::atomic<int>& ended) -> caf::result<value> {
    if (!is_open(txn))
      return closed_txn();
    auto& xs = self->state.txns;
    xs.erase(std::remove(xs.begin(), xs.end(), txn), xs.end());
    ++ended;
    return value{};
  };
  auto start_live = [self, next_id](const live_subscriber& sub, int64_t creates = 1) {
    auto id = next_id();
    self->state.lives.emplace_back(id, sub);
    for (int64_t i = 1; i <= creates; ++i) {
      rpc::notification x;
      x.live_id = id;
      x.action = rpc::live_action::create;
      x.record = record_id{"item", i};
      caf::anon_send(sub, std::move(x));
    }
    return id;
  };
  // Every call is counted, and after `shutdown` fails with connection_closed.
  auto guard = [self](auto handler) {
    return guarded(std::move(handler), [self]() -> caf::error {
      ++self->state.log->received;
      if (self->state.down)
        return make_error(errc::connection_closed, "mock connection shut down");
      return {};
    });
  };
  return {
    guard([=](use_atom, value& ns, value& db) -> caf::result<value> {
      return value{{"namespace", std::move(ns)}, {"database", std::move(db)}};
    }),
    guard([=](signin_atom, const credentials& creds) -> caf::result<value> {
      auto root = std::get_if<root_credentials>(&creds);
      if (root == nullptr || root->pass != "root")
        return make_error(auth_failure());
      return value{"token-" + root->user};
    }),
    guard([=](signup_atom, const record_credentials&) -> caf::result<value> {
      return value{"signup-token"};
    }),
    guard([=](auth_atom, const std::string&) -> caf::result<value> { return value{}; }),
    guard([=](invalidate_atom) -> caf::result<value> { return value{}; }),
    guard([=](info_atom) -> caf::result<value> {
      return value{{"id", "user:1"}};
    }),
    guard([=](let_atom, const std::string& name, value& x) -> caf::result<value> {
      self->state.vars[name] = std::move(x);
      return value{};
    }),
    guard([=](unset_atom, const std::string& name) -> caf::result<value> {
      self->state.vars.erase(name);
      return value{};
    }),
    guard(
      [=](query_atom, const std::string& sql, value::object& vars) -> caf::result<query_results> {
        if (sql == "hang") {
          self->state.hung.push_back(self->make_response_promise<query_results>());
          return self->state.hung.back();
        }
        if (sql == "fail") {
          rpc::query_result ok;
          ok.result = 1;
          rpc::query_result bad;
          bad.error = rpc::server_error{};
          bad.error->message = "boom";
          bad.error->kind = rpc::error_kind::thrown;
          return query_results{std::move(ok), std::move(bad)};
        }
        rpc::query_result res;
        if (sql == "vars") {
          auto all = self->state.vars;
          for (auto& [k, v] : vars)
            all[k] = std::move(v);
          res.result = std::move(all);
        } else {
          res.result = sql;
        }
        return query_results{std::move(res)};
      }),
    guard([=](version_atom) -> caf::result<std::string> { return std::string{"surrealdb-mock"}; }),
    guard([=](ping_atom) -> caf::result<value> { return value{}; }),
    guard([=](rpc_atom, rpc::method m, value::array& params) -> caf::result<value> {
      return value{{"method", rpc::to_string(m)}, {"params", std::move(params)}};
    }),
    guard([=](close_atom) -> caf::result<value> {
      self->state.log->closed = true;
      return value{};
    }),
    guard([=](query_atom, const std::string& sql, const value::object&,
              const uuid& txn) -> caf::result<query_results> {
      if (!is_open(txn))
        return closed_txn();
      rpc::query_result res;
      res.result = value{{"sql", sql}, {"txn", txn}};
      return query_results{std::move(res)};
    }),
    guard([=](crud_atom, crud::statement& stmt,
              const std::optional<uuid>& txn) -> caf::result<value> {
      if (txn && !is_open(*txn))
        return closed_txn();
      return value{{"sql", std::move(stmt.sql)},
                   {"vars", std::move(stmt.vars)},
                   {"txn", txn ? value{*txn} : value{}}};
    }),
    guard([=](begin_atom) -> caf::result<uuid> {
      auto id = next_id();
      ++self->state.log->begins;
      self->state.txns.push_back(id);
      return id;
    }),
    guard([=](commit_atom, const uuid& txn) -> caf::result<value> {
      return end_txn(txn, self->state.log->commits);
    }),
    guard([=](cancel_atom, const uuid& txn) -> caf::result<value> {
      return end_txn(txn, self->state.log->cancels);
    }),
    guard([=](live_atom, const value& what, bool, const live_subscriber& sub) -> caf::result<uuid> {
      return start_live(sub, what == value{table{"flood"}} ? flood_size : 1);
    }),
    guard([=](live_atom, const std::string& sql, const value::object&,
              const live_subscriber& sub) -> caf::result<uuid> {
      if (sql.rfind("LIVE", 0) != 0)
        return make_error(errc::invalid_argument, "mock: not a LIVE SELECT");
      return start_live(sub);
    }),
    guard([=](kill_atom, const uuid& id) -> caf::result<value> {
      ++self->state.log->kills;
      auto& xs = self->state.lives;
      for (auto i = xs.begin(); i != xs.end(); ++i) {
        if (i->first == id) {
          rpc::notification x;
          x.live_id = id;
          x.action = rpc::live_action::killed;
          caf::anon_send(i->second, std::move(x));
          xs.erase(i);
          break;
        }
      }
      return value{};
    }),
    guard([=](refresh_atom) -> caf::result<value> {
      return value{{"access", "a2"}, {"refresh", "r2"}};
    }),
    guard([=](revoke_atom) -> caf::result<value> { return value{}; }),
    guard([=](fork_atom) -> caf::result<forked_session> {
      return forked_session{
        self->spawn<caf::linked>(mock_session, std::make_shared<session_log>())};
    }),
    [=](const rpc::notification&) { ++self->state.log->received; },
    [=](shutdown_atom, const caf::error&) {
      ++self->state.log->received;
      self->state.down = true;
    },
    [=](lost_atom, const caf::error&) {},
    [=](resume_atom, uint64_t) {},
    [=](token_atom, uint64_t) {},
    [=](moving_atom) {},
    [=](rehome_atom, const caf::actor&, uint64_t) {},
    // A call with its own deadline: logged, then handled as if it came
    // alone (handed back to this mock with the caller's request id).
    [=](timeout_atom, std::chrono::milliseconds timeout,
        caf::message& call) -> caf::result<caf::message> {
      ++self->state.log->wrapped;
      self->state.log->last_timeout_ms = timeout.count();
      return self->delegate(caf::actor_cast<caf::actor>(self), std::move(call));
    },
  };
}

struct mock_connection_state {
  detail::session_internal dflt;
  std::vector<detail::session_internal> sessions;
  std::vector<connection_observer> observers;
  bool closed = false;
  // Handshakes the mock never answers (handshake::never).
  std::vector<caf::typed_response_promise<std::string>> hung;
};

/// One state change for the mock's observers.
inline connection_event mock_event(connection_state state) {
  connection_event x;
  x.state = state;
  return x;
}

/// A connection whose sessions are mock sessions, linked to it so that they
/// end with it. It answers `connected` as `log->hs` says, `close` by
/// shutting its sessions down, and `sessions` with `mock_id(1..n)` for its n
/// added sessions (or errc::protocol_error with `log->sessions_fail`). Its state changes, sent to
/// its observers
/// (`observe_atom` answers `connected`, or `closed` once closed, and monitors
/// the observer; `log->observers` counts those it has not forgotten):
/// - `closed_atom` (the socket was lost): `disconnected` (connection_closed),
///   `reconnecting` (attempt 1, 10 ms), `connected`, `resumed` (1 session);
/// - `reconnect_atom, n`: n times `reconnecting`, attempts 1 to n;
/// - `close`: `closed` (connection_closed); observers are forgotten.
inline detail::connection_internal::behavior_type
mock_connection(detail::connection_internal::stateful_pointer<mock_connection_state> self,
                std::shared_ptr<mock_log> log) {
  self->state.dflt = self->spawn<caf::linked>(mock_session, log->add_session());
  self->attach_functor([log](const caf::error&) { log->conn_exited = true; });
  auto emit = [self](const connection_event& x) {
    for (auto& obs : self->state.observers)
      self->send(obs, x);
  };
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
    [=](session_atom) -> session_actor {
      auto s = self->spawn<caf::linked>(mock_session, log->add_session());
      self->state.sessions.push_back(s);
      return s;
    },
    [=](default_atom) -> session_actor { return self->state.dflt; },
    [=](connected_atom) -> caf::result<std::string> {
      switch (log->hs) {
        case mock_log::handshake::ok:
          return std::string{"cbor"};
        case mock_log::handshake::fail:
          return make_error(errc::connect_failed, "mock refused");
        case mock_log::handshake::never:
          break;
      }
      self->state.hung.push_back(self->make_response_promise<std::string>());
      return self->state.hung.back();
    },
    [=](call_atom, const rpc::request&) -> caf::result<value> {
      return make_error(errc::invalid_argument, "the mock takes no calls");
    },
    [=](call_atom, const rpc::request&, std::chrono::milliseconds) -> caf::result<value> {
      return make_error(errc::invalid_argument, "the mock takes no calls");
    },
    [=](close_atom) {
      log->conn_closed = true;
      auto reason = make_error(errc::connection_closed, "closed by the user");
      self->send(self->state.dflt, shutdown_atom::value, reason);
      for (auto& s : self->state.sessions)
        self->send(s, shutdown_atom::value, reason);
      if (!self->state.closed) {
        self->state.closed = true;
        auto x = mock_event(connection_state::closed);
        x.code = errc::connection_closed;
        x.reason = "surrealcaf: connection_closed (closed by the user)";
        emit(x);
        for (auto& obs : self->state.observers)
          self->demonitor(obs.address());
        log->observers -= static_cast<int>(self->state.observers.size());
        self->state.observers.clear();
      }
      return true;
    },
    [=](open_atom, const std::string&) {},
    [=](frame_atom, const std::vector<uint8_t>&) {},
    [=](closed_atom, const caf::error&) {
      auto lost = mock_event(connection_state::disconnected);
      lost.code = errc::connection_closed;
      lost.reason = "surrealcaf: connection_closed (mock socket lost)";
      emit(lost);
      auto retry = mock_event(connection_state::reconnecting);
      retry.attempt = 1;
      retry.delay = std::chrono::milliseconds{10};
      emit(retry);
      emit(mock_event(connection_state::connected));
      auto resumed = mock_event(connection_state::resumed);
      resumed.sessions = 1;
      emit(resumed);
    },
    [=](ping_atom) {},
    [=](deadline_atom) {},
    [=](observe_atom, const connection_observer& obs) {
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
    [=](counters_atom) { return log->counters; },
    [=](sessions_atom) -> caf::result<std::vector<uuid>> {
      if (log->sessions_fail)
        return make_error(errc::protocol_error, "mock: sessions replied a string");
      // The added sessions as mock ids 1, 2, ...; the default one is not listed.
      std::vector<uuid> ids;
      for (size_t i = 1; i <= self->state.sessions.size(); ++i)
        ids.push_back(mock_id(static_cast<uint8_t>(i)));
      return ids;
    },
    [=](resume_atom, uint64_t, const rpc::request&) -> caf::result<value> {
      return make_error(errc::invalid_argument, "the mock takes no calls");
    },
    [=](resumed_atom, const std::optional<uuid>&, bool, uint64_t) {},
    [=](reconnect_atom, uint64_t n) {
      for (uint64_t i = 1; i <= n; ++i) {
        auto x = mock_event(connection_state::reconnecting);
        x.attempt = static_cast<uint32_t>(i);
        emit(x);
      }
    },
    [=](token_atom, uint64_t, int64_t) {},
    [=](token_atom, const caf::actor_addr&, uint64_t) {},
    [=](pool_atom, const detail::pool_internal&) {},
    [=](adopt_atom, const uuid&, const detail::session_internal&) { return false; },
  };
}

/// Stands for the connector of connect: spawns a mock connection logging
/// into `log` in the faces' private system, and rejects the URL "bad".
inline detail::connector mock_connector(std::shared_ptr<mock_log> log) {
  return [log](caf::actor_system& sys, const std::string& url,
               const client_options&) -> caf::expected<connection_actor> {
    if (url == "bad")
      return make_error(errc::invalid_url, "mock rejects it");
    return connection_actor{sys.spawn(mock_connection, log)};
  };
}

/// An actor system configured as a user would: surrealcaf's types
/// registered, two workers.
struct test_config : caf::actor_system_config {
  test_config() {
    register_types(*this);
    set("scheduler.max-threads", 2);
  }
};

} // namespace surrealcaf::test
