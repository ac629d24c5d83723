// Signing a system user in through an access method, against the real
// engine: with `ac`, the server never reads `user`/`pass` as a system user's
// credentials, so a system user signs in with the key of a bearer grant
// `FOR USER` (bearer_credentials), at database, namespace or root level. The
// session then is that user, with its roles. A record access method given
// `user`/`pass` fields stays record access (docs/protocol.md §3.1).
#define CAF_SUITE access_signin

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_faces.hpp"
#include "fresh_database.hpp"
#include "surreal_error_of.hpp"

#include <string>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::error_of;
using surrealcaf::test::run_name;

namespace {

/// Who a session is, as the server says: the token's user and roles, the
/// access method, the namespace and database.
constexpr const char* whoami =
  "RETURN [$token.ID, $token.RL, $session.ac, session::ns(), session::db()]";

/// The key of a new grant of `access` (defined `ON <level>`) for `user`.
std::string grant_key(blocking_session& admin, const std::string& access, const std::string& level,
                      const std::string& user) {
  auto grant = admin.query_value("ACCESS " + access + " ON " + level + " GRANT FOR USER " + user);
  auto key = grant["grant"]["key"];
  CAF_REQUIRE(key.is<std::string>());
  return key.get<std::string>();
}

/// The same key with its secret changed: well formed, but wrong.
std::string wrong_key(std::string key) {
  key.back() = key.back() == 'x' ? 'y' : 'x';
  return key;
}

/// The root session of a fresh connection, in `ns`/`db`.
struct fixture {
  blocking_connection conn = connect_engine();
  blocking_session admin = conn.default_session();
  std::string ns = run_name("access");
  std::string db = "main";

  fixture() {
    admin.use(ns, db);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(access_signin_tests, fixture)

CAF_TEST(a database user signs in with a bearer key and has its role) {
  admin.query_value("DEFINE USER alice ON DATABASE PASSWORD 'pw' ROLES VIEWER;"
                    "DEFINE ACCESS api ON DATABASE TYPE BEARER FOR USER;"
                    "CREATE thing:seed SET a = 0");
  auto key = grant_key(admin, "api", "DATABASE", "alice");
  auto s = conn.new_session();
  auto token = s.signin(bearer_credentials{ns, db, "api", key});
  CAF_CHECK(token.is<std::string>());
  CAF_CHECK_EQUAL(s.query_value(whoami),
                  (value::array{"alice", value::array{"VIEWER"}, "api", ns, db}));
  // A system user is no record: $auth and info() are NONE.
  CAF_CHECK(s.query_value("RETURN $auth").is_none());
  CAF_CHECK(s.info().is_none());
  // A viewer reads, its writes come to nothing, and it may not define.
  CAF_CHECK_EQUAL(s.query_value("SELECT VALUE a FROM thing"), value{value::array{0}});
  s.query("CREATE thing:by_viewer SET a = 1");
  CAF_CHECK_EQUAL(admin.query_value("SELECT VALUE a FROM thing"), value{value::array{0}});
  auto err = error_of([&] { s.query_value("DEFINE TABLE other"); });
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::not_allowed);
}

CAF_TEST(a namespace user signs in with a bearer key and has its role) {
  admin.query_value("DEFINE USER bob ON NAMESPACE PASSWORD 'pw' ROLES EDITOR;"
                    "DEFINE ACCESS nsapi ON NAMESPACE TYPE BEARER FOR USER");
  auto key = grant_key(admin, "nsapi", "NAMESPACE", "bob");
  auto s = conn.new_session();
  // No database: the signin map leaves `db` out and signs in at namespace
  // level, where the session has no database.
  auto token = s.signin(bearer_credentials{ns, "", "nsapi", key});
  CAF_CHECK(token.is<std::string>());
  CAF_CHECK_EQUAL(s.query_value("RETURN [session::ns(), session::db()]"), (value::array{ns, none}));
  // The engine reads no parameter ($token included) without a database.
  s.use(ns, db);
  CAF_CHECK_EQUAL(s.query_value(whoami),
                  (value::array{"bob", value::array{"EDITOR"}, "nsapi", ns, db}));
  // An editor of the namespace writes in any of its databases, but may not
  // define users.
  CAF_CHECK_EQUAL(s.query_value("CREATE ONLY thing:by_editor SET a = 2 RETURN VALUE a"), value{2});
  CAF_CHECK_EQUAL(admin.query_value("SELECT VALUE a FROM thing:by_editor"), value{value::array{2}});
  auto err = error_of([&] { s.query_value("DEFINE USER eve ON NAMESPACE PASSWORD 'x'"); });
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::not_allowed);
}

CAF_TEST(a root user signs in with a bearer key where the server allows it) {
  // Root definitions outlive the test's namespace: unique names, removed after.
  auto user = run_name("carol");
  auto access = run_name("rootapi");
  admin.query_value("DEFINE USER " + user
                    + " ON ROOT PASSWORD 'pw' ROLES VIEWER;"
                      "DEFINE ACCESS "
                    + access + " ON ROOT TYPE BEARER FOR USER");
  auto key = grant_key(admin, access, "ROOT", user);
  auto s = conn.new_session();
  try {
    s.signin(bearer_credentials{"", "", access, key});
    // Signed in: the root user, at root level.
    CAF_MESSAGE("the server signs in through a root access method");
    CAF_CHECK_EQUAL(s.query_value("RETURN [$token.ID, $token.RL, $session.ac]"),
                    (value::array{user, value::array{"VIEWER"}, access}));
  } catch (const surreal_error& err) {
    // SurrealDB 3.0.2 has no signin target for `{ac, key}`: NoSigninTarget.
    CAF_MESSAGE("the server refuses a root access method: " << err.what());
    CAF_CHECK_EQUAL(err.code(), errc::server_error);
    CAF_REQUIRE(err.server() != nullptr);
    CAF_CHECK(err.server()->is(rpc::error_kind::not_allowed, {"Auth"}));
    CAF_CHECK_EQUAL(std::string{err.what()}.find(key), std::string::npos);
  }
  admin.query_value("REMOVE ACCESS " + access + " ON ROOT; REMOVE USER " + user + " ON ROOT");
}

CAF_TEST(a wrong key is an auth error that does not show the key) {
  admin.query_value("DEFINE USER dave ON DATABASE PASSWORD 'pw' ROLES VIEWER;"
                    "DEFINE ACCESS keyed ON DATABASE TYPE BEARER FOR USER");
  auto key = grant_key(admin, "keyed", "DATABASE", "dave");
  auto bad = wrong_key(key);
  auto s = conn.new_session();
  auto err = error_of([&] { s.signin(bearer_credentials{ns, db, "keyed", bad}); });
  CAF_MESSAGE(err.what());
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->is(rpc::error_kind::not_allowed, {"Auth", "InvalidAuth"}));
  std::string text = err.what();
  CAF_CHECK_EQUAL(text.find(bad), std::string::npos);
  CAF_CHECK_EQUAL(text.find(key), std::string::npos);
  // The secret part alone does not show either.
  CAF_CHECK_EQUAL(text.find(bad.substr(bad.rfind('-') + 1)), std::string::npos);
  // Still anonymous: no data, and the right key still works.
  CAF_CHECK(error_of([&] { s.query_value("RETURN 1"); }).code() == errc::server_error);
  s.signin(bearer_credentials{ns, db, "keyed", key});
  CAF_CHECK_EQUAL(s.query_value("RETURN $token.ID"), value{"dave"});
}

CAF_TEST(user and pass with an access method never sign in a system user) {
  // A system user ann and a record ann with other passwords.
  admin.query_value(
    "DEFINE USER ann ON DATABASE PASSWORD 'system-pw' ROLES OWNER;"
    "DEFINE TABLE account SCHEMALESS PERMISSIONS FOR select WHERE id = $auth.id;"
    "CREATE account:ann SET user = 'ann', pass = crypto::argon2::generate('record-pw');"
    "DEFINE ACCESS acc ON DATABASE TYPE RECORD"
    "  SIGNIN (SELECT * FROM account WHERE user = $user"
    "          AND crypto::argon2::compare(pass, $pass))"
    "  DURATION FOR SESSION 1h;"
    "DEFINE ACCESS bearer_only ON DATABASE TYPE BEARER FOR USER");
  // Record access hands user and pass to SIGNIN as $user and $pass: the
  // session is the record.
  auto s = conn.new_session();
  s.signin(record_credentials{ns, db, "acc", {{"user", "ann"}, {"pass", "record-pw"}}});
  auto record = s.info();
  CAF_CHECK_EQUAL(record["id"], (value{record_id{"account", "ann"}}));
  CAF_CHECK_EQUAL(s.query_value("RETURN [$token.ID, $session.ac]"),
                  (value::array{"account:ann", "acc"}));
  // The system user's password finds no record.
  auto other = conn.new_session();
  auto err = error_of([&] {
    other.signin(record_credentials{ns, db, "acc", {{"user", "ann"}, {"pass", "system-pw"}}});
  });
  CAF_MESSAGE("record access with the system user's password: " << err.what());
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_CHECK_EQUAL(std::string{err.what()}.find("system-pw"), std::string::npos);
  // A bearer access method wants a key, whatever user and pass say.
  err = error_of([&] {
    other.signin(
      record_credentials{ns, db, "bearer_only", {{"user", "ann"}, {"pass", "system-pw"}}});
  });
  CAF_MESSAGE("bearer access with user and pass: " << err.what());
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  // Without `ac` the same user and pass do sign the system user in.
  other.signin(database_credentials{ns, db, "ann", "system-pw"});
  // (a user's own signin puts no roles and no access method in the token).
  value system_user = value::array{"ann", none};
  CAF_CHECK_EQUAL(other.query_value("RETURN [$token.ID, $token.AC]"), system_user);
  CAF_CHECK(other.query_value("RETURN $auth").is_none());
}

CAF_TEST_FIXTURE_SCOPE_END()
