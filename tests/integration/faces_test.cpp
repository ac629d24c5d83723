// The blocking and async faces against the real engine, through the
// connection actor and the WebSocket transport.
#define CAF_SUITE faces

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_faces.hpp"
#include "fresh_database.hpp"
#include "surreal_error_of.hpp"

#include <string>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::engine_url;
using surrealcaf::test::error_of;
using surrealcaf::test::run_name;
using surrealcaf::test::signed_in_session;

CAF_TEST(blocking connect and version) {
  auto db = connect_engine().default_session();
  CAF_CHECK_EQUAL(db.version(), "surrealdb-3.0.2");
  db.ping();
}

CAF_TEST(two blocking sessions are isolated) {
  auto db = connect_engine();
  auto a = signed_in_session(db);
  auto b = signed_in_session(db);
  a.use(run_name("faces"), "a");
  b.use(run_name("faces"), "b");
  a.query("CREATE item:1 SET owner = 'a'");
  a.let("who", "a");
  CAF_CHECK_EQUAL(a.query_value("SELECT VALUE owner FROM item"), value{value::array{"a"}});
  // b's database has no such table (3.x reports a missing table).
  auto err = error_of([&] { b.query_value("SELECT VALUE owner FROM item"); });
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->is(rpc::error_kind::not_found, {"Table"}));
  CAF_CHECK_EQUAL(a.query_value("RETURN $who"), value{"a"});
  CAF_CHECK(b.query_value("RETURN $who").is_none());
  a.close_session();
  err = error_of([&] { a.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::session_closed);
  CAF_CHECK_EQUAL(b.query_value("RETURN 1"), value{1});
}

CAF_TEST(signin with a wrong password is a server error) {
  auto db = connect_engine().default_session();
  auto err = error_of([&] { db.signin(root_credentials{"root", "wrong"}); });
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::not_allowed);
  CAF_CHECK(err.server()->is(rpc::error_kind::not_allowed, {"Auth", "InvalidAuth"}));
  CAF_CHECK_EQUAL(std::string{err.what()}.find("wrong"), std::string::npos);
  auto token = db.signin(test::root_user());
  CAF_CHECK(token.is<std::string>());
}

CAF_TEST(a query syntax error fails the call) {
  auto db = connect_engine().default_session();
  auto err = error_of([&] { db.query("SELEC 1"); });
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::validation);
  // A statement that fails at run time is a result, not a failed call.
  auto results = db.query("THROW 'x'; RETURN 1");
  CAF_REQUIRE_EQUAL(results.size(), 2u);
  CAF_CHECK(!results[0].ok());
  CAF_CHECK_EQUAL(results[1].result, value{1});
  err = error_of([&] { db.query_value("THROW 'x'; RETURN 1"); });
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::thrown);
}

CAF_TEST(async futures) {
  auto conn = connect_engine().async();
  // The async entry point too.
  auto other = async_connection::connect(engine_url());
  CAF_CHECK_EQUAL(other.get().default_session().version().get(), "surrealdb-3.0.2");
  auto s = conn.new_session().get();
  s.signin(test::root_user()).get();
  s.use(run_name("faces"), "async").get();
  auto slow = s.query_value("SLEEP 200ms; RETURN 'slow'");
  auto fast = conn.default_session().version();
  CAF_CHECK_EQUAL(fast.get(), "surrealdb-3.0.2");
  CAF_CHECK_EQUAL(slow.get(), value{"slow"});
  conn.close().get();
  auto err = error_of([&] { s.ping().get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}
