// fork_session() and the token pair against the real engine: a fork sees
// the same namespace, database, variables and user; changing it leaves the
// original as it was; refresh keeps the new (single-use) tokens.
#define CAF_SUITE fork

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <string>

using namespace surrealcaf;
using surrealcaf::test::is;

namespace {

const std::string whoami = "RETURN [session::ns(), session::db(), $var, $auth.id]";

struct fixture : test::actor_fixture {
  std::string ns = test::run_name("fork");
  std::string db = test::fresh_database();

  session_actor fork(const session_actor& s) {
    auto result = call<forked_session>(s, fork_atom::value).session;
    CAF_REQUIRE(result);
    return result;
  }

  /// A record access method on <ns>/<db> (`with_refresh`: it issues token
  /// pairs), and a session signed up through it as `name`.
  session_actor record_user(const std::string& name, bool with_refresh = false) {
    auto admin = new_session();
    use(admin, ns, db);
    run_all(admin, "DEFINE TABLE IF NOT EXISTS member SCHEMALESS "
                   "  PERMISSIONS FOR select, update WHERE id = $auth.id;"
                   "DEFINE ACCESS IF NOT EXISTS acct ON DATABASE TYPE RECORD"
                   "  SIGNUP (CREATE member SET name = $name)"
                   "  SIGNIN (SELECT * FROM member WHERE name = $name)"
                   + std::string{with_refresh ? " WITH REFRESH" : ""}
                   + "  DURATION FOR TOKEN 1h, FOR SESSION 1h");
    auto s = new_session();
    call<value>(s, signup_atom::value, record_credentials{ns, db, "acct", {{"name", name}}});
    return s;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(fork_tests, fixture)

CAF_TEST(a fork sees the same namespace database variables and user) {
  auto original = record_user("ann");
  call<value>(original, let_atom::value, std::string{"var"}, value{"shared"});
  auto expected = single(original, whoami);
  CAF_MESSAGE("original: " << to_string(expected));
  CAF_CHECK(expected[0] == value{ns});
  CAF_CHECK(expected[1] == value{db});
  CAF_CHECK(expected[2] == value{"shared"});
  CAF_CHECK(expected[3].is<record_id>());
  auto copy = fork(original);
  CAF_CHECK(single(copy, whoami) == expected);
  CAF_CHECK(call<value>(copy, info_atom::value)["name"] == value{"ann"});
  // Changing the fork leaves the original as it was.
  use(copy, ns, db + "_other");
  call<value>(copy, let_atom::value, std::string{"var"}, value{"changed"});
  auto changed = single(copy, whoami);
  CAF_CHECK(changed[1] == value{db + "_other"});
  CAF_CHECK(changed[2] == value{"changed"});
  CAF_CHECK(single(original, whoami) == expected);
  // So does invalidating it.
  // (signed out, the fork may not even read $auth, as on any server with
  // authentication enabled).
  call<value>(copy, invalidate_atom::value);
  CAF_CHECK(is(failure<value>(copy, info_atom::value), errc::server_error));
  CAF_CHECK(call<value>(original, info_atom::value)["name"] == value{"ann"});
}

CAF_TEST(a fork lands where the original is whatever the order of use and signin) {
  auto admin = new_session();
  call<value>(admin, signin_atom::value, credentials{test::root_user()});
  use(admin, ns, db);
  run_all(admin, "DEFINE USER dbu ON DATABASE PASSWORD 'pw' ROLES OWNER");
  // Signing in as a database user selects its database, after a use...
  auto s = new_session();
  use(s, "elsewhere", "else");
  call<value>(s, signin_atom::value, credentials{database_credentials{ns, db, "dbu", "pw"}});
  call<value>(s, let_atom::value, std::string{"var"}, value{1});
  auto expected = single(s, whoami);
  CAF_CHECK(expected[0] == value{ns});
  CAF_CHECK(expected[1] == value{db});
  CAF_CHECK(single(fork(s), whoami) == expected);
  // ...and a use after it selects another one, which the fork replays
  // after authenticating (the token would select its own).
  use(s, ns, db + "_b");
  auto moved = single(s, whoami);
  CAF_CHECK(moved[1] == value{db + "_b"});
  CAF_CHECK(single(fork(s), whoami) == moved);
  // A root session forks with its token and its namespace and database.
  auto root_fork = fork(admin);
  CAF_CHECK(single(root_fork, "RETURN [session::ns(), session::db()]")
            == (value::array{ns, db}));
  CAF_CHECK(single(root_fork, "INFO FOR DB")["users"].is<value::object>());
}

CAF_TEST(refresh keeps the new token pair and a fork authenticates with its access token) {
  auto s = record_user("bob", true);
  auto first = call<value>(s, refresh_atom::value);
  CAF_REQUIRE(first["access"].is<std::string>());
  CAF_REQUIRE(first["refresh"].is<std::string>());
  // Refresh tokens are single-use: the second refresh works only with the
  // pair the first one returned.
  auto second = call<value>(s, refresh_atom::value);
  CAF_CHECK(second["refresh"] != first["refresh"]);
  CAF_CHECK(call<value>(s, info_atom::value)["name"] == value{"bob"});
  auto copy = fork(s);
  CAF_CHECK(call<value>(copy, info_atom::value)["name"] == value{"bob"});
  // The fork holds the access token only: nothing to refresh.
  CAF_CHECK(is(failure<value>(copy, refresh_atom::value), errc::invalid_argument));
  // Revoked, the pair cannot be refreshed any more; the session stays
  // signed in.
  CAF_CHECK(call<value>(s, revoke_atom::value).is_none());
  CAF_CHECK(is(failure<value>(s, refresh_atom::value), errc::invalid_argument));
  auto stale = failure<value>(s, rpc_atom::value, rpc::method::refresh, value::array{second});
  CAF_CHECK(is(stale, errc::server_error));
  CAF_CHECK(call<value>(s, info_atom::value)["name"] == value{"bob"});
}

CAF_TEST(a closed session does not fork) {
  auto s = new_session();
  call<value>(s, close_atom::value);
  CAF_CHECK(is(failure<forked_session>(s, fork_atom::value), errc::session_closed));
}

CAF_TEST_FIXTURE_SCOPE_END()
