#pragma once

// One conversation with sessions, authentication and a live query, run by
// the same code against the real engine (while recording it) and against a
// replay of that recording under the test coordinator: the script takes a
// driver that makes one call and waits.
//
// Steps: a session signs in as root, uses ns/db, sets and reads a variable,
// defines a record access; a second session signs up, a third signs in,
// a fourth authenticates with the signup's token and reads $auth; the root
// session starts a live query, creates a record, gets its notification and
// kills it; every session is closed.

#include "surrealcaf/atoms.hpp"
#include "surrealcaf/credentials.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/session_actor.hpp"
#include "surrealcaf/value.hpp"

#include "caf/actor_system.hpp"
#include "caf/typed_event_based_actor.hpp"

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace surrealcaf::test {

struct script_input {
  std::string ns;
  std::string db;
  std::string email;
  std::string password;
  std::string root_user = "root";
  std::string root_pass = "root";
  /// The query a deviating client changes.
  std::string greeting_sql = "RETURN $greeting";
};

struct script_output {
  /// What the client saw, one line per step.
  std::vector<std::string> observed;
  /// Every token string the server issued.
  std::vector<std::string> tokens;
  /// The first call that failed; the script stops there.
  caf::error error;
};

struct notification_box {
  std::mutex mtx;
  std::vector<rpc::notification> items;

  size_t size() {
    std::lock_guard<std::mutex> guard{mtx};
    return items.size();
  }
};

inline live_subscriber::behavior_type
notification_collector(live_subscriber::pointer, std::shared_ptr<notification_box> box) {
  return {
    [box](rpc::notification& x) {
      std::lock_guard<std::mutex> guard{box->mtx};
      box->items.push_back(std::move(x));
    },
  };
}

inline void collect_tokens(const value& x, std::vector<std::string>& out) {
  if (auto s = x.get_if<std::string>())
    out.push_back(*s);
  else if (auto obj = x.get_if<value::object>())
    for (auto& [key, y] : *obj)
      collect_tokens(y, out);
}

/// `Driver` has `call<T>(handle, args...) -> caf::expected<T>`,
/// `wait_until(predicate) -> bool`, `system()` and `connection()`.
template <class Driver>
script_output run_script(Driver& d, const script_input& in) {
  script_output out;
  auto failed = [&](const caf::error& err) {
    out.error = err;
    return out;
  };
  auto conn = d.connection();
  auto root = d.template call<session_actor>(conn, session_atom::value);
  if (!root)
    return failed(root.error());
  auto root_token = d.template call<value>(
    *root, signin_atom::value, credentials{root_credentials{in.root_user, in.root_pass}});
  if (!root_token)
    return failed(root_token.error());
  collect_tokens(*root_token, out.tokens);
  out.observed.push_back(std::string{"root signin: "} + to_string(root_token->type()));
  auto used = d.template call<value>(*root, use_atom::value, value{in.ns}, value{in.db});
  if (!used)
    return failed(used.error());
  out.observed.push_back("use: " + to_string(*used));
  auto let = d.template call<value>(*root, let_atom::value, std::string{"greeting"},
                                    value{"hello"});
  if (!let)
    return failed(let.error());
  auto greeting = d.template call<query_results>(*root, query_atom::value, in.greeting_sql,
                                                 value::object{});
  if (!greeting)
    return failed(greeting.error());
  out.observed.push_back("greeting: " + to_string(greeting->at(0).result));
  auto defined = d.template call<query_results>(
    *root, query_atom::value,
    std::string{"DEFINE TABLE member SCHEMALESS PERMISSIONS FOR select WHERE id = $auth.id;"
                "DEFINE ACCESS acct ON DATABASE TYPE RECORD"
                "  SIGNUP (CREATE member SET email = $email,"
                "          pass = crypto::argon2::generate($pass))"
                "  SIGNIN (SELECT * FROM member WHERE email = $email"
                "          AND crypto::argon2::compare(pass, $pass))"
                "  DURATION FOR SESSION 1h"},
    value::object{});
  if (!defined)
    return failed(defined.error());
  for (auto& res : *defined)
    out.observed.push_back(std::string{"define: "} + (res.ok() ? "ok" : res.error->readable()));
  record_credentials user_creds{in.ns, in.db, "acct", {{"email", in.email}, {"pass", in.password}}};
  auto signer = d.template call<session_actor>(conn, session_atom::value);
  if (!signer)
    return failed(signer.error());
  auto signup_token = d.template call<value>(*signer, signup_atom::value, user_creds);
  if (!signup_token)
    return failed(signup_token.error());
  collect_tokens(*signup_token, out.tokens);
  out.observed.push_back(std::string{"signup: "} + to_string(signup_token->type()));
  auto second = d.template call<session_actor>(conn, session_atom::value);
  if (!second)
    return failed(second.error());
  auto signin_token = d.template call<value>(*second, signin_atom::value, credentials{user_creds});
  if (!signin_token)
    return failed(signin_token.error());
  collect_tokens(*signin_token, out.tokens);
  out.observed.push_back(std::string{"record signin: "} + to_string(signin_token->type()));
  auto third = d.template call<session_actor>(conn, session_atom::value);
  if (!third)
    return failed(third.error());
  const value& issued = *signup_token;
  auto access = issued.is<std::string>() ? issued.get<std::string>()
                                         : issued["access"].get<std::string>();
  auto authed = d.template call<value>(*third, auth_atom::value, access);
  if (!authed)
    return failed(authed.error());
  auto info = d.template call<value>(*third, info_atom::value);
  if (!info)
    return failed(info.error());
  out.observed.push_back("info email: " + to_string((*info)["email"]));
  auto box = std::make_shared<notification_box>();
  auto sub = d.system().spawn(notification_collector, box);
  auto live_id = d.template call<uuid>(*root, live_atom::value, value{table{"member"}}, false, sub);
  if (!live_id)
    return failed(live_id.error());
  auto created = d.template call<query_results>(
    *root, query_atom::value, std::string{"CREATE member:probe SET email = 'probe'"},
    value::object{});
  if (!created)
    return failed(created.error());
  out.observed.push_back("create: " + to_string(created->at(0).result));
  if (!d.wait_until([&] { return box->size() >= 1; }))
    return failed(make_error(errc::timeout, "no notification"));
  auto killed = d.template call<value>(*root, kill_atom::value, *live_id);
  if (!killed)
    return failed(killed.error());
  d.wait_until([&] { return box->size() >= 2; });
  {
    std::lock_guard<std::mutex> guard{box->mtx};
    for (auto& n : box->items)
      out.observed.push_back(std::string{"notification: "} + rpc::to_string(n.action) + " "
                             + to_string(n.result));
  }
  caf::anon_send_exit(sub, caf::exit_reason::user_shutdown);
  for (auto* s : {&*signer, &*second, &*third, &*root}) {
    auto closed = d.template call<value>(*s, close_atom::value);
    if (!closed)
      return failed(closed.error());
  }
  out.observed.push_back("closed");
  return out;
}

/// The frames a client wrote, printed, with UUIDs numbered by first
/// appearance (a session's UUID is new in every run).
inline std::vector<std::string> normalized(const std::vector<value>& frames) {
  std::map<uuid, size_t> seen;
  std::function<value(value)> walk = [&](value x) -> value {
    if (auto id = x.get_if<uuid>())
      return value{"uuid#" + std::to_string(seen.emplace(*id, seen.size() + 1).first->second)};
    if (auto xs = x.get_if<value::array>())
      for (auto& y : *xs)
        y = walk(std::move(y));
    if (auto obj = x.get_if<value::object>())
      for (auto& [key, y] : *obj)
        y = walk(std::move(y));
    return x;
  };
  std::vector<std::string> result;
  for (auto& x : frames)
    result.push_back(to_string(walk(x)));
  return result;
}

/// A driver under CAF's test coordinator: request, run(), read the reply.
template <class Fixture>
struct coordinator_driver {
  Fixture& fx;
  connection_actor conn;

  template <class T, class Handle, class... Ts>
  caf::expected<T> call(const Handle& dest, Ts&&... xs) {
    auto rh = fx.self->request(dest, std::chrono::seconds(10), std::forward<Ts>(xs)...);
    fx.run();
    std::optional<T> result;
    caf::error err;
    rh.receive([&](T& x) { result = std::move(x); }, [&](caf::error& e) { err = std::move(e); });
    if (result)
      return std::move(*result);
    return err;
  }

  bool wait_until(const std::function<bool()>& done) {
    fx.run();
    return done();
  }

  caf::actor_system& system() {
    return fx.sys;
  }

  connection_actor connection() {
    return conn;
  }
};

} // namespace surrealcaf::test
