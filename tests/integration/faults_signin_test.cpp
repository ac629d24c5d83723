// A session whose access token expired while its socket was open cannot
// authenticate with it on the new socket. Without kept credentials it is
// reported in the `resumed` event and its calls fail with signin_required
// until it signs in again; with `keep_credentials` it signs in by itself.
// Either way its namespace, database and variables are replayed, and the
// other sessions are not affected.
#define CAF_SUITE faults_signin

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "fresh_database.hpp"
#include "reconnect_faces.hpp"
#include "surreal_error_of.hpp"

#include <chrono>
#include <string>
#include <thread>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;

namespace {

constexpr auto whoami = "RETURN [session::ns(), session::db(), $var, $token.ID]";

struct short_token_session {
  blocking_connection conn;
  blocking_session session;
  uuid id;
  connection_events events;
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_signin_tests, test::fault_fixture)

CAF_TEST(an expired token needs a new signin after a reconnect unless credentials are kept) {
  auto ns = test::run_name("signin");
  auto db = test::fresh_database();
  database_credentials user{ns, db, "brief", "pw"};
  auto admin = test::connect_proxied();
  auto main = admin.default_session();
  main.use(ns, db);
  // The session outlives the token: only authenticating again fails.
  main.query_value("DEFINE USER brief ON DATABASE PASSWORD 'pw' ROLES EDITOR"
                   " DURATION FOR TOKEN 1s, FOR SESSION 1h");
  auto kept_opts = test::fast_reconnect();
  kept_opts.reconnect.keep_credentials = true;
  auto open = [&](client_options opts) {
    short_token_session x;
    x.conn = test::connect_proxied(opts);
    x.session = x.conn.new_session();
    x.session.signin(user);
    x.session.let("var", "v");
    auto id = x.session.query_value("RETURN $session.id");
    CAF_REQUIRE(id.get_if<uuid>() != nullptr);
    x.id = *id.get_if<uuid>();
    x.events = x.conn.events();
    return x;
  };
  auto plain = open(test::fast_reconnect());
  auto kept = open(kept_opts);
  const value expected = value::array{ns, db, "v", "brief"};
  // The token's exp has one-second resolution.
  std::this_thread::sleep_for(2100ms);
  CAF_CHECK_EQUAL(plain.session.query_value(whoami), expected);
  proxy.drop();

  auto resumed = test::events_until(plain.events, state::resumed).back();
  CAF_REQUIRE_EQUAL(resumed.signin_required.size(), 1u);
  CAF_CHECK_EQUAL(resumed.signin_required[0], plain.id);
  auto err = test::error_of([&] { plain.session.query_value(whoami); });
  CAF_CHECK_EQUAL(err.code(), errc::signin_required);
  CAF_MESSAGE("without kept credentials: " << err.what());
  CAF_CHECK_EQUAL(plain.conn.default_session().query_value("RETURN 1"), value{1});
  plain.session.signin(user);
  CAF_CHECK_EQUAL(plain.session.query_value(whoami), expected);

  resumed = test::events_until(kept.events, state::resumed).back();
  CAF_CHECK(resumed.signin_required.empty());
  CAF_CHECK_EQUAL(kept.session.query_value(whoami), expected);
  CAF_CHECK_EQUAL(kept.session.query_value("RETURN $session.id"), value{kept.id});
  // The root session of the connection that set this up came back too.
  CAF_CHECK_EQUAL(main.query_value("RETURN session::db()"), value{db});
}

CAF_TEST_FIXTURE_SCOPE_END()
