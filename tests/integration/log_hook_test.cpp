// The log hook against the real engine, through the blocking face: signing
// in as root, a record access method with refresh tokens, signup, signin and
// refresh of a record user, and calls that fail (a query that does not
// parse, a wrong password, a token that is no token). Each call gives exactly
// one record with the connection, session, method, id, duration and error
// filled in, and no record holds the record user's password or any token the
// server issued, with values off and with values on. The names are unique
// per run, so an external server (SURREALCAF_URL) works as well.
#define CAF_SUITE log_hook

#include "caf/test/unit_test.hpp"

#include "surrealcaf/blocking.hpp"

#include "engine_url.hpp"
#include "fresh_database.hpp"
#include "root_user.hpp"

#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

using namespace surrealcaf;

namespace {

/// What the handler got; it may be called from the connection's worker
/// thread while the test reads, so behind a mutex.
struct record_log {
  std::mutex mtx;
  std::vector<log_record> records;

  std::vector<log_record> calls() {
    std::lock_guard<std::mutex> guard{mtx};
    std::vector<log_record> result;
    for (auto& x : records)
      if (x.event == "call")
        result.push_back(x);
    return result;
  }

  std::vector<log_record> all() {
    std::lock_guard<std::mutex> guard{mtx};
    return records;
  }
};

/// One call the test made: its method, whether it ran on the record user's
/// session, and whether it failed.
struct expected_call {
  rpc::method method;
  bool user_session;
  bool fails;
};

/// Every token text in a signin, signup or refresh result: the token, or the
/// pair's access and refresh.
void collect_tokens(const value& x, std::vector<std::string>& out) {
  if (auto text = x.get_if<std::string>()) {
    out.push_back(*text);
  } else if (x.is<value::object>()) {
    for (auto key : {"access", "refresh"})
      if (auto part = x[key].get_if<std::string>())
        out.push_back(*part);
  }
}

bool contains(const std::string& text, const std::string& part) {
  return !part.empty() && text.find(part) != std::string::npos;
}

struct fixture {
  std::shared_ptr<record_log> log = std::make_shared<record_log>();
  std::string ns = test::run_name("log");
  std::string db = test::fresh_database();
  const std::string password = "log-hook-user-password-" + test::run_id();
  std::vector<std::string> tokens;
  std::vector<expected_call> expected;

  client_options options(bool values) {
    client_options opts;
    // No keep-alive ping and no token refresh timer in the middle of the
    // calls: every record is one of ours.
    opts.ping_interval = std::chrono::milliseconds{0};
    opts.token_refresh_margin = std::chrono::milliseconds{0};
    opts.logging.handler = [log = log](const log_record& x) {
      std::lock_guard<std::mutex> guard{log->mtx};
      log->records.push_back(x);
    };
    opts.logging.level = log_level::trace;
    opts.logging.values = values;
    opts.logging.connection_id = "log-hook-" + std::string{values ? "values" : "plain"};
    return opts;
  }

  /// Runs `f`, one call of `method`, noting whether it failed.
  template <class F>
  void run(rpc::method method, bool user_session, F f) {
    bool failed = false;
    try {
      f();
    } catch (const surreal_error& err) {
      CAF_MESSAGE(rpc::to_string(method) << " failed: " << err.what());
      failed = true;
    }
    expected.push_back(expected_call{method, user_session, failed});
  }

  /// The whole scenario on a new connection.
  void scenario(bool values) {
    auto conn = blocking_connection::connect(test::engine_url(), options(values));
    auto admin = conn.default_session();
    run(rpc::method::signin, false,
        [&] { collect_tokens(admin.signin(test::root_user()), tokens); });
    run(rpc::method::use, false, [&] { admin.use(ns, db); });
    run(rpc::method::query, false, [&] {
      admin.query(
        "DEFINE TABLE IF NOT EXISTS member SCHEMALESS"
        "  PERMISSIONS FOR select, update WHERE id = $auth.id;"
        "DEFINE ACCESS IF NOT EXISTS acct ON DATABASE TYPE RECORD"
        "  SIGNUP (CREATE member SET email = $email, pass = crypto::argon2::generate($pass))"
        "  SIGNIN (SELECT * FROM member WHERE email = $email"
        "          AND crypto::argon2::compare(pass, $pass))"
        "  WITH REFRESH DURATION FOR TOKEN 1h, FOR SESSION 1h");
    });
    blocking_session user;
    run(rpc::method::attach, true, [&] { user = conn.new_session(); });
    auto email = std::string{"user-"} + (values ? "v" : "p") + "@example.com";
    record_credentials creds{ns, db, "acct", {{"email", email}, {"pass", password}}};
    value pair;
    run(rpc::method::signup, true, [&] {
      pair = user.signup(creds);
      collect_tokens(pair, tokens);
    });
    run(rpc::method::signin, true, [&] {
      pair = user.signin(creds);
      collect_tokens(pair, tokens);
    });
    if (pair.is<value::object>()) {
      run(rpc::method::refresh, true, [&] { collect_tokens(user.refresh(), tokens); });
    } else {
      CAF_MESSAGE("the server issued no token pair: refresh is not tried");
    }
    run(rpc::method::info, true, [&] { user.info(); });
    // Failing calls: a query that does not parse, the record user's wrong
    // password, a token that is none, and root's signin refused.
    run(rpc::method::query, true, [&] { user.query("SELECT * FROM member WHERE ("); });
    CAF_CHECK(expected.back().fails);
    auto wrong = creds;
    wrong.fields["pass"] = password + "-wrong";
    run(rpc::method::signin, true, [&] { user.signin(wrong); });
    CAF_CHECK(expected.back().fails);
    run(rpc::method::authenticate, true, [&] { user.authenticate("not-a-token"); });
    CAF_CHECK(expected.back().fails);
    run(rpc::method::signin, true, [&] {
      user.signin(root_credentials{"root", password + "-not-root"});
    });
    CAF_CHECK(expected.back().fails);
    conn.close();
  }

  void check(bool values) {
    auto calls = log->calls();
    CAF_MESSAGE(calls.size() << " call records, " << expected.size() << " calls");
    for (auto& x : log->all())
      CAF_MESSAGE(to_string(x));
    CAF_REQUIRE_EQUAL(calls.size(), expected.size());
    // The record user's session is the one the attach named.
    CAF_REQUIRE(calls.at(3).session.has_value());
    auto user_session = *calls.at(3).session;
    std::set<int64_t> ids;
    for (size_t i = 0; i < calls.size(); ++i) {
      auto& x = calls[i];
      auto& want = expected[i];
      CAF_MESSAGE("call " << i << ": " << rpc::to_string(want.method));
      CAF_CHECK_EQUAL(x.connection, std::string{"log-hook-"} + (values ? "values" : "plain"));
      CAF_REQUIRE(x.method.has_value());
      CAF_CHECK_EQUAL(rpc::to_string(*x.method), rpc::to_string(want.method));
      if (want.user_session)
        CAF_CHECK(x.session == user_session);
      else
        CAF_CHECK(!x.session);
      CAF_CHECK(x.id > 0);
      CAF_CHECK(ids.insert(x.id).second);
      CAF_CHECK(x.duration.count() > 0);
      CAF_CHECK_EQUAL(x.error.has_value(), want.fails);
      if (want.fails) {
        CAF_CHECK(*x.error == errc::server_error);
        CAF_CHECK(!x.server_kind.empty());
        CAF_CHECK(x.level >= log_level::info);
      } else {
        CAF_CHECK(x.level == log_level::debug);
      }
      CAF_CHECK_EQUAL(x.params.empty(), !values);
      // The calls that carry secrets stay redacted even with values on.
      auto m = want.method;
      if (values
          && (m == rpc::method::signin || m == rpc::method::signup || m == rpc::method::authenticate
              || m == rpc::method::refresh)) {
        CAF_CHECK_EQUAL(x.params, "<redacted>");
        if (!want.fails)
          CAF_CHECK_EQUAL(x.result, "<redacted>");
      }
      if (values && m == rpc::method::info)
        CAF_CHECK_EQUAL(x.result, "<redacted>");
    }
    CAF_CHECK(tokens.size() >= 3u);
    for (auto& x : log->all()) {
      auto line = to_string(x);
      CAF_CHECK(!contains(line, password));
      for (auto* field : {&x.event, &x.message, &x.params, &x.result, &x.server_kind})
        CAF_CHECK(!contains(*field, password));
      for (auto& token : tokens) {
        CAF_CHECK(!contains(line, token));
        for (auto* field : {&x.event, &x.message, &x.params, &x.result, &x.server_kind})
          CAF_CHECK(!contains(*field, token));
      }
    }
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(log_hook_tests, fixture)

CAF_TEST(one record per call and no secret with values off) {
  scenario(false);
  check(false);
}

CAF_TEST(one record per call and no secret with values on) {
  scenario(true);
  check(true);
}

CAF_TEST_FIXTURE_SCOPE_END()
