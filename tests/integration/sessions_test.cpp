// The connection and session actors against the real engine: several
// sessions multiplexed over one socket, each with its own namespace,
// database, authentication and variables; closing a session or the whole
// connection; and the errors bad input must produce.
#define CAF_SUITE sessions

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <set>
#include <string>
#include <vector>

using namespace surrealcaf;
using surrealcaf::test::deadline;
using surrealcaf::test::engine_url;
using surrealcaf::test::is;

namespace {

struct fixture : test::actor_fixture {
  std::set<std::string> attached_sessions(const session_actor& s) {
    auto list = call<value>(s, rpc_atom::value, rpc::method::sessions, value::array{});
    std::set<std::string> result;
    if (auto items = list.get_if<value::array>())
      for (auto& x : *items)
        result.insert(to_string(x));
    return result;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(sessions_tests, fixture)

CAF_TEST(two sessions on one socket use their own databases) {
  auto a = new_session();
  auto b = new_session();
  auto ns = test::run_name("two_dbs");
  use(a, ns, "a");
  use(b, ns, "b");
  single(a, "CREATE item:1 SET owner = 'a'");
  single(b, "CREATE item:1 SET owner = 'b'");
  CAF_CHECK(single(a, "SELECT VALUE owner FROM item") == value{value::array{"a"}});
  CAF_CHECK(single(b, "SELECT VALUE owner FROM item") == value{value::array{"b"}});
  CAF_CHECK(single(a, "RETURN [session::ns(), session::db()]") == (value::array{ns, "a"}));
  CAF_CHECK(single(b, "RETURN session::db()") == value{"b"});
}

CAF_TEST(a record user is denied what a root session on the same socket reads) {
  auto ns = test::run_name("perms");
  auto root = anonymous_session();
  auto signed_in = call<value>(root, signin_atom::value, credentials{test::root_user()});
  CAF_CHECK(signed_in.is<std::string>());
  use(root, ns, "main");
  run_all(root, "DEFINE TABLE secret SCHEMALESS PERMISSIONS NONE;"
                "CREATE secret:1 SET v = 1;"
                "DEFINE TABLE user SCHEMALESS PERMISSIONS FOR select WHERE id = $auth.id;"
                "DEFINE ACCESS account ON DATABASE TYPE RECORD"
                "  SIGNUP (CREATE user SET email = $email, pass = crypto::argon2::generate($pass))"
                "  SIGNIN (SELECT * FROM user WHERE email = $email"
                "          AND crypto::argon2::compare(pass, $pass))"
                "  DURATION FOR SESSION 1h");
  auto user = anonymous_session();
  auto token = call<value>(user, signup_atom::value,
                           record_credentials{ns, "main", "account",
                                              {{"email", "a@b.c"}, {"pass", "pw"}}});
  CAF_CHECK(token.is<std::string>() || token.is<value::object>());
  // The record user sees itself, and nothing of the table it may not read.
  CAF_CHECK(call<value>(user, info_atom::value)["email"] == value{"a@b.c"});
  CAF_CHECK(single(user, "SELECT * FROM secret") == value{value::array{}});
  CAF_CHECK(single(root, "SELECT VALUE v FROM secret") == value{value::array{1}});
  // Its writes to the table come to nothing, and it may not remove it.
  CAF_CHECK(single(user, "CREATE secret:2 SET v = 2") == value{value::array{}});
  auto removal = query(user, "REMOVE TABLE secret");
  CAF_REQUIRE_EQUAL(removal.size(), 1u);
  CAF_REQUIRE(!removal[0].ok());
  CAF_MESSAGE("record user removing the table: " << removal[0].error->readable());
  CAF_CHECK(removal[0].error->kind == rpc::error_kind::not_allowed);
  CAF_CHECK(single(root, "SELECT VALUE v FROM secret") == value{value::array{1}});
  // A second sign-in of the same user, on another session, works too.
  auto again = anonymous_session();
  call<value>(again, signin_atom::value,
              credentials{record_credentials{ns, "main", "account",
                                             {{"email", "a@b.c"}, {"pass", "pw"}}}});
  CAF_CHECK(single(again, "SELECT VALUE email FROM user") == value{value::array{"a@b.c"}});
}

CAF_TEST(variables and invalidate are per session) {
  auto a = new_session();
  auto b = new_session();
  auto ns = test::run_name("vars");
  use(a, ns, "main");
  use(b, ns, "main");
  auto let_reply = call<value>(a, let_atom::value, std::string{"x"}, value{"from a"});
  CAF_MESSAGE("let replied " << to_string(let_reply));
  CAF_CHECK(let_reply.is_null());
  call<value>(b, let_atom::value, std::string{"x"}, value{"from b"});
  CAF_CHECK(single(a, "RETURN $x") == value{"from a"});
  CAF_CHECK(single(b, "RETURN $x") == value{"from b"});
  call<value>(a, unset_atom::value, std::string{"x"});
  CAF_CHECK(single(a, "RETURN $x").is_none());
  CAF_CHECK(single(b, "RETURN $x") == value{"from b"});
  // Two sessions signed in as the same record user; invalidate one.
  run_all(a, "DEFINE TABLE member SCHEMALESS PERMISSIONS FOR select WHERE id = $auth.id;"
             "DEFINE ACCESS acct ON DATABASE TYPE RECORD"
             "  SIGNUP (CREATE member SET name = $name)"
             "  SIGNIN (SELECT * FROM member WHERE name = $name)"
             "  DURATION FOR SESSION 1h");
  call<value>(a, signup_atom::value, record_credentials{ns, "main", "acct", {{"name", "ann"}}});
  call<value>(b, signin_atom::value,
              credentials{record_credentials{ns, "main", "acct", {{"name", "ann"}}}});
  CAF_CHECK(call<value>(a, info_atom::value)["name"] == value{"ann"});
  CAF_CHECK(call<value>(a, invalidate_atom::value).is_none());
  // Signed out, a may not even read $auth (authentication is enabled).
  CAF_CHECK(is(failure<value>(a, info_atom::value), errc::server_error));
  CAF_CHECK(call<value>(b, info_atom::value)["name"] == value{"ann"});
}

CAF_TEST(closing a session leaves its siblings running) {
  auto d = default_session();
  auto a = new_session();
  auto b = new_session();
  use(b, test::run_name("closing"), "main");
  auto before = attached_sessions(d);
  CAF_CHECK(call<value>(a, close_atom::value).is_none());
  auto after = attached_sessions(d);
  CAF_CHECK_EQUAL(after.size() + 1, before.size());
  for (auto& id : after)
    CAF_CHECK(before.count(id) == 1);
  CAF_CHECK(is(failure<value>(a, ping_atom::value), errc::session_closed));
  CAF_CHECK(is(failure<query_results>(a, query_atom::value, std::string{"RETURN 1"},
                                      value::object{}),
               errc::session_closed));
  CAF_CHECK(single(b, "RETURN session::db()") == value{"main"});
  CAF_CHECK(call<value>(d, ping_atom::value).is_none());
}

CAF_TEST(closing the connection fails every session next call) {
  auto d = default_session();
  auto a = new_session();
  auto b = new_session();
  CAF_CHECK(call<bool>(conn, close_atom::value));
  CAF_CHECK(is(failure<value>(d, ping_atom::value), errc::connection_closed));
  CAF_CHECK(is(failure<value>(a, info_atom::value), errc::connection_closed));
  CAF_CHECK(is(failure<std::string>(b, version_atom::value), errc::connection_closed));
  // Closing a session of a closed connection has nothing left to do.
  CAF_CHECK(call<value>(a, close_atom::value).is_none());
}

CAF_TEST(a hundred sessions on one socket keep their data apart) {
  constexpr int n = 100;
  using session_handle = decltype(self->request(conn, deadline, session_atom::value));
  std::vector<session_handle> pending;
  for (int i = 0; i < n; ++i)
    pending.push_back(self->request(conn, deadline, session_atom::value));
  std::vector<session_actor> sessions;
  for (auto& h : pending)
    h.receive([&](session_actor& s) { sessions.push_back(std::move(s)); },
              [&](caf::error& err) { CAF_FAIL("new session failed: " << describe(err)); });
  CAF_REQUIRE_EQUAL(sessions.size(), static_cast<size_t>(n));
  for (auto& s : sessions)
    sign_in(s);
  const auto ns = test::run_name("many");
  // With authentication on, `use` defines a namespace that does not exist
  // yet, and many sessions defining the same one at once conflict: define
  // it first, from one session.
  {
    auto h = self->request(sessions[0], deadline, use_atom::value, value{ns}, value{"db0"});
    h.receive([](value&) {}, [&](caf::error& err) { CAF_FAIL("use failed: " << describe(err)); });
  }
  // All calls of one round are in flight together.
  auto round = [&](auto make_request, auto check) {
    using handle = decltype(make_request(0));
    std::vector<handle> calls;
    for (int i = 0; i < n; ++i)
      calls.push_back(make_request(i));
    for (int i = 0; i < n; ++i)
      check(i, calls[i]);
  };
  round([&](int i) {
          return self->request(sessions[i], deadline, use_atom::value, value{ns},
                               value{"db" + std::to_string(i)});
        },
        [&](int i, auto& h) {
          h.receive([&](value& x) { CAF_CHECK(x["database"] == value{"db" + std::to_string(i)}); },
                    [&](caf::error& err) { CAF_FAIL("use failed: " << describe(err)); });
        });
  round([&](int i) {
          return self->request(sessions[i], deadline, query_atom::value,
                               std::string{"CREATE item SET n = $n"}, value::object{{"n", i}});
        },
        [&](int, auto& h) {
          h.receive([&](query_results& x) { CAF_CHECK(x.size() == 1 && x[0].ok()); },
                    [&](caf::error& err) { CAF_FAIL("create failed: " << describe(err)); });
        });
  round([&](int i) {
          return self->request(sessions[i], deadline, query_atom::value,
                               std::string{"SELECT VALUE n FROM item"}, value::object{});
        },
        [&](int i, auto& h) {
          h.receive(
            [&](query_results& x) {
              CAF_REQUIRE_EQUAL(x.size(), 1u);
              CAF_CHECK(x[0].result == value{value::array{i}});
            },
            [&](caf::error& err) { CAF_FAIL("select failed: " << describe(err)); });
        });
  auto listed = attached_sessions(default_session());
  CAF_CHECK_EQUAL(listed.size(), static_cast<size_t>(n));
}

CAF_TEST(a refused port fails the connection with connect_failed) {
  auto refused = connect(sys, "ws://127.0.0.1:1/rpc");
  CAF_REQUIRE(refused);
  auto err = failure<std::string>(*refused, connected_atom::value);
  CAF_CHECK(is(err, errc::connect_failed));
  CAF_MESSAGE("refused: " << describe(err));
}

CAF_TEST(a malformed url fails connect with invalid_url) {
  auto bad = connect(sys, "http://localhost:8000");
  CAF_REQUIRE(!bad);
  CAF_CHECK(is(bad.error(), errc::invalid_url));
  auto no_host = connect(sys, "ws://");
  CAF_REQUIRE(!no_host);
  CAF_CHECK(is(no_host.error(), errc::invalid_url));
  // Only cbor and (when asked for) json frames exist; other subprotocols
  // are refused up front.
  client_options other;
  other.transport.subprotocol = "flatbuffers";
  auto refused = connect(sys, engine_url(), other);
  CAF_REQUIRE(!refused);
  CAF_CHECK(is(refused.error(), errc::invalid_argument));
}

CAF_TEST(a wrong password and an unknown user are NotAllowed server errors) {
  auto s = new_session();
  auto err = failure<value>(s, signin_atom::value, credentials{root_credentials{"root", "wrong"}});
  CAF_REQUIRE(is(err, errc::server_error));
  auto server = server_error_of(err);
  CAF_REQUIRE(server != nullptr);
  CAF_CHECK(server->kind == rpc::error_kind::not_allowed);
  CAF_MESSAGE("wrong password: " << server->readable());
  // The password never shows up in what the error says.
  CAF_CHECK(describe(err).find("wrong") == std::string::npos);
  auto unknown = failure<value>(s, signin_atom::value,
                                credentials{namespace_credentials{"nowhere", "nobody", "pw"}});
  CAF_REQUIRE(is(unknown, errc::server_error));
  CAF_CHECK(server_error_of(unknown)->kind == rpc::error_kind::not_allowed);
  // The session is still usable.
  CAF_CHECK(call<value>(s, ping_atom::value).is_none());
}

CAF_TEST(a query syntax error is a typed error not a crash) {
  auto s = new_session();
  use(s, test::run_name("syntax"), "main");
  // The whole query fails to parse: the call fails.
  auto err = failure<query_results>(s, query_atom::value, std::string{"SELECT * FROM person WHERE ("},
                                    value::object{});
  CAF_REQUIRE(is(err, errc::server_error));
  CAF_CHECK(server_error_of(err)->kind == rpc::error_kind::validation);
  CAF_MESSAGE("syntax error: " << describe(err));
  // A statement that fails at run time fails alone; the call succeeds.
  auto results = query(s, "RETURN 1; THROW 'no'; RETURN 3");
  CAF_REQUIRE_EQUAL(results.size(), 3u);
  CAF_CHECK(results[0].ok());
  CAF_REQUIRE(!results[1].ok());
  CAF_CHECK(results[1].error->kind == rpc::error_kind::thrown);
  CAF_CHECK(results[2].result == value{3});
  CAF_CHECK(single(s, "RETURN 1") == value{1});
}

CAF_TEST_FIXTURE_SCOPE_END()
