// Authentication on resume: the access token first; refused, a refresh with
// the token pair (the new pair is kept); refused too, the kept credentials
// (keep_credentials only); else the session is signin_required: the resumed
// event lists it and its data calls fail without sending anything until it
// signs in again.
#define CAF_SUITE reconnect_auth

#include "reconnect_fixture.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using strings = std::vector<std::string>;

const value pair1{{"access", "a1"}, {"refresh", "r1"}};
const value pair2{{"access", "a2"}, {"refresh", "r2"}};

credentials root(const std::string& pass) {
  return credentials{root_credentials{"root", pass}};
}

struct fixture : reconnect_fixture {
  using reconnect_fixture::reconnect_fixture;

  /// A session that lost its authentication: signed in with `pair1` on
  /// namespace app, database main; on resume its token and refresh were
  /// refused.
  void lose_auth(const session_actor& who, const std::optional<uuid>& sid) {
    signin(who, sid, root("root"), pair1);
    use(who, sid, "app", "main");
    reconnect();
    if (sid)
      serve(sid, rpc::method::attach);
    serve_error(sid, rpc::method::authenticate);
    serve_error(sid, rpc::method::refresh);
    serve(sid, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  }
};

struct keeping_fixture : fixture {
  keeping_fixture() : fixture(with_credentials()) {}

  static client_options with_credentials() {
    auto opts = reconnecting_options();
    opts.reconnect.keep_credentials = true;
    return opts;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(reconnect_auth_tests, fixture)

CAF_TEST(a refused token is refreshed with the pair and the new pair is kept) {
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, root("root"), pair1);
  reconnect();
  serve(a_id, rpc::method::attach);
  auto auth = serve_error(a_id, rpc::method::authenticate);
  CAF_CHECK(auth.params == value::array{"a1"});
  auto refresh = serve(a_id, rpc::method::refresh, pair2);
  CAF_CHECK(refresh.params == value::array{pair1});
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "refresh"}));
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK(last_event().signin_required.empty());
  // Data calls go out, and the next resume uses the new access token.
  auto info = self->request(a, caf::infinite, info_atom::value);
  run();
  serve(a_id, rpc::method::info, value{{"id", "user"}});
  CAF_CHECK(result_of<value>(info) == (value{{"id", "user"}}));
  reconnect();
  serve(a_id, rpc::method::attach);
  CAF_CHECK(pending(a_id, rpc::method::authenticate).params == value::array{"a2"});
}

CAF_TEST(an accepted token needs no refresh) {
  auto d = default_session();
  signin(d, std::nullopt, root("root"), pair1);
  reconnect();
  serve(std::nullopt, rpc::method::authenticate);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_CHECK(last_event().signin_required.empty());
}

CAF_TEST(without a refresh or kept credentials the session must sign in again) {
  auto d = default_session();
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, root("root"), pair1);
  use(a, a_id, "app", "main");
  signin(d, std::nullopt, root("root"), "plain-token");
  reconnect();
  serve(a_id, rpc::method::attach);
  serve_error(a_id, rpc::method::authenticate);
  serve_error(a_id, rpc::method::refresh);
  // Still on its namespace and database, anonymously.
  serve(a_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  // A token without a refresh has nothing else to try.
  serve_error(std::nullopt, rpc::method::authenticate);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_CHECK((methods_for(a_id) == strings{"attach", "authenticate", "refresh", "use"}));
  auto& ev = last_event();
  CAF_CHECK_EQUAL(to_string(ev.state), std::string{"resumed"});
  CAF_CHECK_EQUAL(ev.sessions, 2u);
  CAF_REQUIRE_EQUAL(ev.signin_required.size(), 2u);
  CAF_CHECK(std::find(ev.signin_required.begin(), ev.signin_required.end(), uuid{})
            != ev.signin_required.end());
  CAF_CHECK(std::find(ev.signin_required.begin(), ev.signin_required.end(), *a_id)
            != ev.signin_required.end());
  // Its data calls fail; nothing is sent.
  auto frames = wire->sent.size();
  auto query = self->request(a, caf::infinite, query_atom::value, std::string{"SELECT * FROM t"},
                             value::object{});
  auto info = self->request(a, caf::infinite, info_atom::value);
  auto [sub, log] = subscriber();
  auto live = self->request(a, caf::infinite, live_atom::value, value{table{"person"}}, false,
                            sub);
  auto fork = self->request(a, caf::infinite, fork_atom::value);
  run();
  auto err = error_of<query_results>(query);
  CAF_CHECK(is(err, errc::signin_required));
  CAF_CHECK(contains(describe(err), "sign in again"));
  CAF_CHECK(is(error_of<value>(info), errc::signin_required));
  CAF_CHECK(is(error_of<uuid>(live), errc::signin_required));
  CAF_CHECK(is(error_of<forked_session>(fork), errc::signin_required));
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  // What does not touch data still goes out.
  auto ping = self->request(a, caf::infinite, ping_atom::value);
  run();
  serve(a_id, rpc::method::ping);
  CAF_CHECK(result_of<value>(ping).is_none());
  // A new signin clears it.
  signin(a, a_id, root("root"), pair2);
  call<query_results>(a, a_id, rpc::method::query, value::array{ok_statement(1)},
                      query_atom::value, std::string{"RETURN 1"}, value::object{});
}

CAF_TEST(calls that waited for a session that must sign in again are not sent anonymously) {
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, root("root"), pair1);
  drop();
  // Made while still signed in, as far as the session knew.
  auto query = self->request(a, caf::infinite, query_atom::value, std::string{"SELECT * FROM t"},
                             value::object{});
  auto ping = self->request(a, caf::infinite, ping_atom::value);
  auto again = self->request(a, caf::infinite, signin_atom::value, root("root"));
  auto after = self->request(a, caf::infinite, info_atom::value);
  run();
  wait_for_attempt();
  open_socket();
  serve(a_id, rpc::method::attach);
  serve_error(a_id, rpc::method::authenticate);
  serve_error(a_id, rpc::method::refresh);
  auto err = error_of<query_results>(query);
  CAF_CHECK(is(err, errc::signin_required));
  CAF_CHECK(contains(describe(err), "nothing was sent"));
  // What needs no authentication goes out, and so does what follows a new
  // signin.
  CAF_CHECK((methods_for(a_id)
             == strings{"attach", "authenticate", "refresh", "ping", "signin", "info"}));
  serve(a_id, rpc::method::ping);
  serve(a_id, rpc::method::signin, pair2);
  serve(a_id, rpc::method::info, value{{"id", "root"}});
  CAF_CHECK(result_of<value>(ping).is_none());
  CAF_CHECK(result_of<value>(again) == pair2);
  CAF_CHECK(result_of<value>(after) == (value{{"id", "root"}}));
}

CAF_TEST(a session that must sign in again replays no authentication) {
  auto a = new_session();
  auto a_id = last_request().session;
  lose_auth(a, a_id);
  reconnect();
  serve(a_id, rpc::method::attach);
  serve(a_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  CAF_CHECK((methods_for(a_id) == strings{"attach", "use"}));
  // Still listed: it has not signed in since.
  CAF_REQUIRE_EQUAL(last_event().signin_required.size(), 1u);
  CAF_CHECK(last_event().signin_required[0] == *a_id);
}

CAF_TEST(invalidate makes a session that must sign in again anonymous on purpose) {
  auto d = default_session();
  lose_auth(d, std::nullopt);
  call(d, std::nullopt, rpc::method::invalidate, none, invalidate_atom::value);
  call(d, std::nullopt, rpc::method::info, none, info_atom::value);
}

CAF_TEST(without keep_credentials the password never goes out again) {
  auto d = default_session();
  signin(d, std::nullopt, root("secret"), "tok");
  reconnect();
  serve_error(std::nullopt, rpc::method::authenticate);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_CHECK_EQUAL(last_event().signin_required.size(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(reconnect_auth_keep_tests, keeping_fixture)

CAF_TEST(kept credentials sign in again when the token cannot be renewed) {
  auto a = new_session();
  auto a_id = last_request().session;
  signin(a, a_id, root("secret"), pair1);
  use(a, a_id, "app", "main");
  reconnect();
  serve(a_id, rpc::method::attach);
  serve_error(a_id, rpc::method::authenticate);
  serve_error(a_id, rpc::method::refresh);
  auto again = serve(a_id, rpc::method::signin, pair2);
  CAF_CHECK((again.params == value::array{value{{"user", "root"}, {"pass", "secret"}}}));
  serve(a_id, rpc::method::use, value{{"namespace", "app"}, {"database", "main"}});
  CAF_CHECK((methods_for(a_id)
             == strings{"attach", "authenticate", "refresh", "signin", "use"}));
  CAF_CHECK(last_event().signin_required.empty());
  // The new pair is the session's now.
  reconnect();
  serve(a_id, rpc::method::attach);
  CAF_CHECK(pending(a_id, rpc::method::authenticate).params == value::array{"a2"});
}

CAF_TEST(kept signup credentials sign in again instead of signing up twice) {
  auto d = default_session();
  record_credentials creds{"app", "main", "account", {{"email", "a@b.c"}, {"pass", "pw"}}};
  call(d, std::nullopt, rpc::method::signup, "tok", signup_atom::value, creds);
  reconnect();
  serve_error(std::nullopt, rpc::method::authenticate);
  // The access method's SIGNUP would create the record a second time.
  auto again = serve(std::nullopt, rpc::method::signin, "tok2");
  CAF_CHECK((again.params
             == value::array{value{{"ns", "app"}, {"db", "main"}, {"ac", "account"},
                                   {"email", "a@b.c"}, {"pass", "pw"}}}));
  CAF_CHECK(last_event().signin_required.empty());
}

CAF_TEST(refused kept credentials leave the session to sign in again) {
  auto d = default_session();
  signin(d, std::nullopt, root("secret"), "tok");
  reconnect();
  serve_error(std::nullopt, rpc::method::authenticate);
  serve_error(std::nullopt, rpc::method::signin);
  CAF_CHECK_EQUAL(last_event().signin_required.size(), 1u);
  auto query = self->request(d, caf::infinite, query_atom::value, std::string{"RETURN 1"},
                             value::object{});
  run();
  CAF_CHECK(is(error_of<query_results>(query), errc::signin_required));
}

CAF_TEST(authenticating with a token drops the kept credentials) {
  auto d = default_session();
  signin(d, std::nullopt, root("secret"), "tok");
  call(d, std::nullopt, rpc::method::authenticate, none, auth_atom::value,
       std::string{"someone-else"});
  reconnect();
  CAF_CHECK(pending(std::nullopt, rpc::method::authenticate).params
            == value::array{"someone-else"});
  serve_error(std::nullopt, rpc::method::authenticate);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_CHECK_EQUAL(last_event().signin_required.size(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()
