#pragma once

// A connection actor to the real engine for integration tests: a real actor
// system, a scoped_actor making the calls, and a deadline on every call so
// a lost reply fails the test instead of hanging it.

#include "surrealcaf/connect.hpp"
#include "surrealcaf/crud.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "fresh_database.hpp"
#include "root_user.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <utility>

namespace surrealcaf::test {

constexpr auto deadline = std::chrono::seconds(30);

using surrealcaf::is;

struct actor_config : caf::actor_system_config {
  actor_config() {
    register_types(*this);
  }
};

struct actor_fixture {
  actor_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  connection_actor conn;

  /// Connects; the default session is signed in as root (see root_user.hpp).
  actor_fixture() {
    conn = open_connection();
    sign_in(default_session());
  }

  ~actor_fixture() {
    // The connection runs until closed; the actor system waits for it.
    self->send(conn, close_atom::value);
  }

  /// Another connection to the engine; the caller closes it.
  connection_actor open_connection() {
    auto c = connect(sys, engine_url());
    if (!c)
      CAF_FAIL("connect failed: " << describe(c.error()));
    auto protocol = call<std::string>(*c, connected_atom::value);
    CAF_REQUIRE_EQUAL(protocol, "cbor");
    return std::move(*c);
  }

  /// The result of a call that must succeed.
  template <class T, class Handle, class... Ts>
  T call(const Handle& dest, Ts&&... xs) {
    T result{};
    self->request(dest, deadline, std::forward<Ts>(xs)...)
      .receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { CAF_FAIL("call failed: " << describe(err)); });
    return result;
  }

  /// The error of a call that must fail.
  template <class T, class Handle, class... Ts>
  caf::error failure(const Handle& dest, Ts&&... xs) {
    caf::error result;
    self->request(dest, deadline, std::forward<Ts>(xs)...)
      .receive([&](T&) { CAF_FAIL("the call succeeded"); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  /// A new session signed in as root, ready to touch data.
  session_actor new_session() {
    auto s = anonymous_session();
    sign_in(s);
    return s;
  }

  /// A new session as the server makes it: anonymous, no namespace or database.
  session_actor anonymous_session() {
    return call<session_actor>(conn, session_atom::value);
  }

  void sign_in(const session_actor& s) {
    call<value>(s, signin_atom::value, credentials{root_user()});
  }

  session_actor default_session() {
    return call<session_actor>(conn, default_atom::value);
  }

  void use(const session_actor& s, const std::string& ns, const std::string& db) {
    auto reply = call<value>(s, use_atom::value, value{ns}, value{db});
    CAF_CHECK(reply == (value{{"namespace", ns}, {"database", db}}));
  }

  /// A new session using `ns`/`db`.
  session_actor session_in(const std::string& ns, const std::string& db) {
    auto s = new_session();
    use(s, ns, db);
    return s;
  }

  query_results query(const session_actor& s, const std::string& sql, value::object vars = {}) {
    return call<query_results>(s, query_atom::value, sql, std::move(vars));
  }

  /// A query inside the transaction `txn`.
  query_results query(const session_actor& s, const uuid& txn, const std::string& sql) {
    return call<query_results>(s, query_atom::value, sql, value::object{}, txn);
  }

  /// The result of a one-statement query that must succeed.
  value single(const session_actor& s, const std::string& sql, value::object vars = {}) {
    return only_result(query(s, sql, std::move(vars)));
  }

  /// The result of a one-statement query inside `txn` that must succeed.
  value single(const session_actor& s, const uuid& txn, const std::string& sql) {
    return only_result(query(s, txn, sql));
  }

  /// The result of a CRUD statement that must be built and succeed, inside
  /// `txn` if set.
  value crud(const session_actor& s, caf::expected<crud::statement> st,
             std::optional<uuid> txn = std::nullopt) {
    if (!st)
      CAF_FAIL("builder failed: " << describe(st.error()));
    return call<value>(s, crud_atom::value, std::move(*st), std::move(txn));
  }

  /// Every statement of a query must succeed.
  void run_all(const session_actor& s, const std::string& sql) {
    for (auto& res : query(s, sql))
      if (!res.ok())
        CAF_FAIL("statement failed: " << res.error->readable());
  }

private:
  static value only_result(query_results results) {
    CAF_REQUIRE_EQUAL(results.size(), 1u);
    if (!results[0].ok())
      CAF_FAIL("statement failed: " << results[0].error->readable());
    return std::move(results[0].result);
  }
};

} // namespace surrealcaf::test
