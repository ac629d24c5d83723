#define CAF_SUITE session_state

#include "surrealcaf/detail/session_state.hpp"

#include "caf/test/unit_test.hpp"

#include "surrealcaf/errc.hpp"

#include "uuid_of.hpp"

using namespace surrealcaf;
using detail::auth_kind;
using detail::session_state;

CAF_TEST(calls carry the session uuid and no transaction) {
  session_state st;
  st.id = test::uuid_of("00000000-0000-4000-8000-00000000000a");
  auto call = st.make_request(rpc::method::query, {"RETURN 1"});
  CAF_CHECK(call.method == rpc::method::query);
  CAF_CHECK(call.params == value::array{"RETURN 1"});
  CAF_CHECK(call.session == st.id);
  CAF_CHECK(!call.txn);
  session_state default_session;
  CAF_CHECK(!default_session.make_request(rpc::method::ping, {}).session);
}

CAF_TEST(use records what the server reports) {
  session_state st;
  st.apply(rpc::method::use, {"app", "main"}, value{{"namespace", "app"}, {"database", "main"}});
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"main"});
  st.apply(rpc::method::use, {none, null}, value{{"namespace", "app"}, {"database", null}});
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db.is_none());
}

CAF_TEST(use falls back to the params when the server replies NONE) {
  session_state st;
  st.apply(rpc::method::use, {"app", "main"}, none);
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"main"});
  st.apply(rpc::method::use, {none, "other"}, none);
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"other"});
  st.apply(rpc::method::use, {null, null}, none);
  CAF_CHECK(st.ns.is_none());
  CAF_CHECK(st.db.is_none());
}

CAF_TEST(check refuses a database without a namespace) {
  session_state st;
  CAF_CHECK(is(st.check(rpc::method::use, {none, "main"}), errc::invalid_argument));
  CAF_CHECK(is(st.check(rpc::method::use, {"app"}), errc::invalid_argument));
  CAF_CHECK(is(st.check(rpc::method::use, {1, "main"}), errc::invalid_argument));
  CAF_CHECK(!st.check(rpc::method::use, {"app", "main"}));
  st.ns = "app";
  CAF_CHECK(!st.check(rpc::method::use, {none, "main"}));
  CAF_CHECK(is(st.check(rpc::method::use, {null, "main"}), errc::invalid_argument));
}

CAF_TEST(check refuses attach and detach and everything once closed) {
  session_state st;
  CAF_CHECK(is(st.check(rpc::method::attach, {}), errc::invalid_argument));
  CAF_CHECK(is(st.check(rpc::method::detach, {}), errc::invalid_argument));
  CAF_CHECK(!st.check(rpc::method::query, {"RETURN 1"}));
  st.close(make_error(errc::session_closed, "closed"));
  st.close(make_error(errc::connection_closed, "later"));
  CAF_CHECK(st.closed);
  CAF_CHECK(is(st.check(rpc::method::ping, {}), errc::session_closed));
}

CAF_TEST(auth follows signin authenticate invalidate and reset) {
  session_state st;
  CAF_CHECK(st.auth == auth_kind::none);
  st.apply(rpc::method::signin, {value{{"user", "root"}, {"pass", "root"}}}, "jwt1");
  CAF_CHECK(st.auth == auth_kind::signin);
  CAF_CHECK(st.token == value{"jwt1"});
  st.apply(rpc::method::signup, {value::object{}}, value{{"access", "a"}, {"refresh", "r"}});
  CAF_CHECK(st.auth == auth_kind::signup);
  st.apply(rpc::method::refresh, {}, value{{"access", "a2"}, {"refresh", "r2"}});
  CAF_CHECK(st.token == (value{{"access", "a2"}, {"refresh", "r2"}}));
  st.apply(rpc::method::authenticate, {"jwt2"}, none);
  CAF_CHECK(st.auth == auth_kind::token);
  CAF_CHECK(st.token == value{"jwt2"});
  st.apply(rpc::method::invalidate, {}, none);
  CAF_CHECK(st.auth == auth_kind::none);
  CAF_CHECK(st.token.is_none());
  st.apply(rpc::method::authenticate, {"jwt3"}, none);
  st.ns = "app";
  st.vars["x"] = 1;
  st.apply(rpc::method::reset, {}, none);
  CAF_CHECK(st.auth == auth_kind::none);
  CAF_CHECK(st.ns.is_none());
  CAF_CHECK(st.vars.empty());
}

CAF_TEST(variables follow let and unset) {
  session_state st;
  st.apply(rpc::method::let, {"x", 1}, null);
  st.apply(rpc::method::let, {"y", "two"}, null);
  CAF_CHECK(st.vars == (value::object{{"x", 1}, {"y", "two"}}));
  st.apply(rpc::method::let, {"x", none}, null);
  st.apply(rpc::method::unset, {"y"}, null);
  CAF_CHECK(st.vars.empty());
  // Invalidate keeps variables (only auth goes).
  st.apply(rpc::method::let, {"z", 3}, null);
  st.apply(rpc::method::invalidate, {}, none);
  CAF_CHECK_EQUAL(st.vars.size(), 1u);
}

CAF_TEST(signing in selects what the credentials name and keeps the rest) {
  session_state st;
  st.apply(rpc::method::use, {"x", "y"}, value{{"namespace", "x"}, {"database", "y"}});
  // A root user names nothing.
  st.apply(rpc::method::signin, {value::object{}}, "jwt");
  CAF_CHECK(st.ns == value{"x"});
  CAF_CHECK(st.db == value{"y"});
  // A namespace user selects its namespace only (as the engine does).
  st.apply(rpc::method::signin, {value{{"ns", "app"}}}, "jwt");
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"y"});
  st.apply(rpc::method::signup, {value{{"NS", "rec"}, {"DB", "main"}}}, "jwt");
  CAF_CHECK(st.ns == value{"rec"});
  CAF_CHECK(st.db == value{"main"});
}

CAF_TEST(authenticate selects the namespace and database of the token claims) {
  session_state st;
  st.apply(rpc::method::use, {"x", "y"}, value{{"namespace", "x"}, {"database", "y"}});
  // Payload {"NS":"app","DB":"main","ID":"user:ann>"}, base64url with a '-'.
  std::string jwt = "eyJ0eXAiOiAiSldUIiwgImFsZyI6ICJIUzUxMiJ9."
                    "eyJOUyI6ImFwcCIsIkRCIjoibWFpbiIsIklEIjoidXNlcjphbm4-In0.sig";
  st.apply(rpc::method::authenticate, {jwt}, none);
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"main"});
  // A token that is no readable JWT selects nothing.
  st.apply(rpc::method::use, {"x", "y"}, value{{"namespace", "x"}, {"database", "y"}});
  for (std::string opaque : {"jwt", "a.b", "a.!!!.c", "a.e30.c"}) {
    st.apply(rpc::method::authenticate, {opaque}, none);
    CAF_CHECK(st.ns == value{"x"});
    CAF_CHECK(st.db == value{"y"});
    CAF_CHECK(st.token == value{opaque});
  }
}

CAF_TEST(refresh and revoke keep the tokens the session can still use) {
  session_state st;
  CAF_CHECK(!st.has_refresh_token());
  CAF_CHECK(st.access_token().is_none());
  st.apply(rpc::method::signin, {value::object{}}, "jwt");
  CAF_CHECK(st.access_token() == value{"jwt"});
  CAF_CHECK(!st.has_refresh_token());
  value pair{{"access", "a1"}, {"refresh", "r1"}};
  st.apply(rpc::method::signup, {value::object{}}, pair);
  CAF_CHECK(st.has_refresh_token());
  CAF_CHECK(st.access_token() == value{"a1"});
  st.apply(rpc::method::refresh, {pair}, value{{"access", "a2"}, {"refresh", "r2"}});
  CAF_CHECK(st.access_token() == value{"a2"});
  // Revoking another pair changes nothing; revoking its own drops the
  // refresh token and keeps the access token.
  st.apply(rpc::method::revoke, {pair}, none);
  CAF_CHECK(st.has_refresh_token());
  st.apply(rpc::method::revoke, {value{{"access", "a2"}, {"refresh", "r2"}}}, none);
  CAF_CHECK(!st.has_refresh_token());
  CAF_CHECK(st.token == value{"a2"});
  CAF_CHECK(st.auth == auth_kind::signup);
  // A refresh on an anonymous session (a pair from elsewhere) authenticates it.
  session_state anon;
  anon.apply(rpc::method::refresh, {pair}, value{{"access", "a3"}, {"refresh", "r3"}});
  CAF_CHECK(anon.auth == auth_kind::token);
  CAF_CHECK(anon.has_refresh_token());
}

CAF_TEST(only open transactions may be used) {
  session_state st;
  auto txn = test::uuid_of("00000000-0000-7000-8000-000000000001");
  CAF_CHECK(is(st.check_transaction(txn), errc::transaction_closed));
  st.transactions.insert(txn);
  CAF_CHECK(!st.check_transaction(txn));
  st.close(make_error(errc::session_closed, "closed"));
  CAF_CHECK(is(st.check_transaction(txn), errc::session_closed));
}
