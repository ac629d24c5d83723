// Tokens and reconnects against the real engine, with access tokens that
// live 2 s (DEFINE ACCESS ... DURATION FOR TOKEN 2s): a session holding a
// token pair refreshes it before it expires, and after an outage longer
// than the token's life it is refreshed on resume; a session without a
// refresh token is reported as needing to sign in, and its calls fail with
// signin_required until it does.
#define CAF_SUITE restart_token

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "fault_proxy.hpp"
#include "fresh_database.hpp"
#include "required_fault_proxy.hpp"
#include "root_user.hpp"
#include "thrown.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "surrealcaf/blocking.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

struct fixture {
  test::fault_proxy proxy = test::required_fault_proxy();
  std::string ns = test::run_name("token");
  std::string db = test::fresh_database("token");

  static client_options options() {
    client_options opts;
    opts.reconnect.initial_delay = 50ms;
    opts.reconnect.max_delay = 500ms;
    opts.token_refresh_margin = 1s;
    return opts;
  }

  blocking_connection conn = blocking_connection::connect(test::engine_url(), options());

  fixture() {
    auto admin = conn.new_session();
    admin.signin(credentials{test::root_user()});
    admin.use(ns, db);
    for (auto* name : {"paired", "single"})
      admin.query(std::string{"DEFINE ACCESS IF NOT EXISTS "} + name
                  + " ON DATABASE TYPE RECORD"
                    "  SIGNUP (CREATE member SET name = $name)"
                    "  SIGNIN (SELECT * FROM member WHERE name = $name)"
                  + (std::string{name} == "paired" ? " WITH REFRESH" : "")
                  + "  DURATION FOR TOKEN 2s, FOR SESSION 1h");
    admin.query("DEFINE TABLE IF NOT EXISTS member SCHEMALESS "
                "  PERMISSIONS FOR select WHERE id = $auth.id");
  }

  blocking_session member(const std::string& access, const std::string& name) {
    auto s = conn.new_session();
    s.signup(record_credentials{ns, db, access, {{"name", name}}});
    return s;
  }

  /// The `exp` claim of the token the session authenticated with last.
  static value expiry(blocking_session& s) {
    return s.query_value("RETURN $token.exp");
  }

  /// The next event of `state`, skipping others; none within `limit`.
  static std::optional<connection_event> await(connection_events& events, connection_state state,
                                               std::chrono::milliseconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < until) {
      if (auto ev = events.next(100ms); ev && ev->state == state)
        return ev;
    }
    return std::nullopt;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(restart_token_tests, fixture)

CAF_TEST(a token pair is refreshed before its access token expires) {
  auto s = member("paired", "early");
  auto first = expiry(s);
  CAF_REQUIRE(first.is<datetime>() || first.is<int64_t>());
  // Two lifetimes of the token: refreshed at least once, and still signed in.
  std::this_thread::sleep_for(4s);
  auto later = expiry(s);
  CAF_MESSAGE("exp " << first << " → " << later);
  CAF_CHECK(later != first);
  CAF_CHECK(s.query_value("RETURN $auth.name") == value{"early"});
}

CAF_TEST(after an outage longer than the token a pair is refreshed and a single token must sign in) {
  auto paired = member("paired", "kept");
  auto single = member("single", "lost");
  CAF_REQUIRE(single.query_value("RETURN $auth.name") == value{"lost"});
  auto events = conn.events();
  proxy.kill_engine();
  // Longer than the 2 s token.
  std::this_thread::sleep_for(3s);
  proxy.start_engine();
  auto resumed = await(events, connection_state::resumed, 15s);
  CAF_REQUIRE(resumed);
  CAF_MESSAGE(resumed->sessions << " sessions resumed, " << resumed->signin_required.size()
                                << " must sign in");
  CAF_CHECK_EQUAL(resumed->signin_required.size(), 1u);
  // The pair was refreshed on resume: still the same user.
  CAF_CHECK(paired.query_value("RETURN $auth.name") == value{"kept"});
  // The single token could not be renewed: told, not silently anonymous.
  auto err = test::thrown<surreal_error>([&] { single.query_value("RETURN $auth.name"); });
  CAF_CHECK_EQUAL(err.code(), errc::signin_required);
  // Signing in again ends it.
  single.signin(credentials{record_credentials{ns, db, "single", {{"name", "lost"}}}});
  CAF_CHECK(single.query_value("RETURN $auth.name") == value{"lost"});
}

CAF_TEST_FIXTURE_SCOPE_END()
