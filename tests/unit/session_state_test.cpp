#define CAF_SUITE session_state

#include "surrealcaf/detail/session_state.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

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

CAF_TEST(signing in through an access method selects exactly its level) {
  session_state st;
  st.apply(rpc::method::use, {"x", "y"}, value{{"namespace", "x"}, {"database", "y"}});
  // A bearer grant on a namespace: the server leaves the session without a
  // database (a namespace user's signin keeps it, see above).
  st.apply(rpc::method::signin, {value{{"ns", "app"}, {"ac", "api"}}}, "jwt");
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db.is_none());
  // On a database: both.
  st.apply(rpc::method::signin, {value{{"NS", "app"}, {"DB", "main"}, {"AC", "api"}}}, "jwt");
  CAF_CHECK(st.ns == value{"app"});
  CAF_CHECK(st.db == value{"main"});
  // On root: neither.
  st.apply(rpc::method::signin, {value{{"ac", "api"}}}, "jwt");
  CAF_CHECK(st.ns.is_none());
  CAF_CHECK(st.db.is_none());
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

// After a lost socket: transactions are lost, and a session whose
// authentication could not be resumed must sign in again.

CAF_TEST(open transactions become lost ones with the socket) {
  session_state st;
  auto a = test::uuid_of("00000000-0000-4000-8000-0000000000a1");
  auto b = test::uuid_of("00000000-0000-4000-8000-0000000000b1");
  st.transactions = {a, b};
  st.lose_transactions();
  CAF_CHECK(st.transactions.empty());
  CAF_CHECK(is(st.check_transaction(a), errc::transaction_lost));
  CAF_CHECK(is(st.check_transaction(b), errc::transaction_lost));
  // Once closed, the close reason wins.
  st.close(make_error(errc::session_closed, "closed"));
  CAF_CHECK(is(st.check_transaction(a), errc::session_closed));
}

CAF_TEST(lost transactions are bounded) {
  session_state st;
  for (size_t i = 0; i < session_state::max_lost_transactions + 10; ++i) {
    auto text = std::to_string(i);
    st.transactions.insert(
      test::uuid_of("00000000-0000-4000-8000-" + std::string(12 - text.size(), '0') + text));
  }
  st.lose_transactions();
  CAF_CHECK_EQUAL(st.lost_transactions.size(), session_state::max_lost_transactions);
}

CAF_TEST(a session that lost its authentication may only sign in again or leave data alone) {
  session_state st;
  st.apply(rpc::method::signin, {value{{"user", "root"}, {"pass", "root"}}},
           value{{"access", "a"}, {"refresh", "r"}});
  st.lose_auth();
  CAF_CHECK(st.auth == auth_kind::none);
  CAF_CHECK(st.token.is_none());
  CAF_CHECK(!st.has_refresh_token());
  for (auto m : {rpc::method::query, rpc::method::info, rpc::method::live, rpc::method::select,
                 rpc::method::refresh, rpc::method::run})
    CAF_CHECK(is(st.check(m, {}), errc::signin_required));
  for (auto m : {rpc::method::signin, rpc::method::signup, rpc::method::authenticate,
                 rpc::method::invalidate, rpc::method::reset, rpc::method::let,
                 rpc::method::unset, rpc::method::ping, rpc::method::version, rpc::method::kill,
                 rpc::method::cancel}) {
    CAF_CHECK(detail::allowed_without_auth(m));
    CAF_CHECK(!st.check(m, {}));
  }
  CAF_CHECK(!st.check(rpc::method::use, {"app", "main"}));
  CAF_CHECK(!detail::allowed_without_auth(rpc::method::query));
}

CAF_TEST(signing in again or becoming anonymous on purpose ends signin_required) {
  for (auto m : {rpc::method::signin, rpc::method::signup, rpc::method::authenticate,
                 rpc::method::invalidate, rpc::method::reset}) {
    session_state st;
    st.lose_auth();
    st.apply(m, {"token"}, "token");
    CAF_CHECK(!st.signin_required);
    CAF_CHECK(!st.check(rpc::method::query, {}));
  }
  // A refresh cannot: there is no pair left to refresh.
  session_state st;
  st.lose_auth();
  CAF_CHECK(is(st.check(rpc::method::refresh, {}), errc::signin_required));
}

CAF_TEST(kept credentials are dropped by authenticate invalidate and reset) {
  for (auto m : {rpc::method::authenticate, rpc::method::invalidate, rpc::method::reset}) {
    session_state st;
    st.resume_credentials = value{{"user", "root"}, {"pass", "root"}};
    st.apply(m, {"token"}, none);
    CAF_CHECK(st.resume_credentials.is_none());
  }
  // Signing in keeps them (the session actor records the new ones).
  session_state st;
  st.resume_credentials = value{{"user", "root"}, {"pass", "root"}};
  st.apply(rpc::method::use, {"app", "main"}, none);
  st.apply(rpc::method::refresh, {}, value{{"access", "a"}, {"refresh", "r"}});
  CAF_CHECK(!st.resume_credentials.is_none());
}
