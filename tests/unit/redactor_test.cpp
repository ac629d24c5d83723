// testing::redactor: every kind of secret becomes a placeholder, the same
// secret always the same one.
#define CAF_SUITE redactor

#include "caf/test/unit_test.hpp"

#include "surrealcaf/redactor.hpp"

using namespace surrealcaf;
using testing::redactor;

namespace {

const std::string jwt = "eyJhbGciOiJIUzUxMiJ9.eyJleHAiOjE3MDAwMDAwMDAsIk5TIjoibiJ9.c2lnbmF0dXJl";
const std::string jwt2 = "eyJhbGciOiJIUzUxMiJ9.eyJJRCI6InVzZXI6MSJ9.b3RoZXJzaWduYXR1cmU";

value request(int64_t id, const char* method, value::array params) {
  return value{{"id", id}, {"method", method}, {"params", std::move(params)}};
}

value reply(int64_t id, value result) {
  return value{{"id", id}, {"result", std::move(result)}};
}

} // namespace

CAF_TEST(signin params keep only where to sign in) {
  redactor r;
  auto out = r.client_frame(request(1, "signin",
                                    {value{{"ns", "app"},
                                           {"db", "main"},
                                           {"ac", "users"},
                                           {"email", "a@b.c"},
                                           {"pass", "hunter2"},
                                           {"pin", 1234}}}));
  auto& creds = out["params"][0];
  CAF_CHECK(creds["ns"] == value{"app"});
  CAF_CHECK(creds["db"] == value{"main"});
  CAF_CHECK(creds["ac"] == value{"users"});
  CAF_CHECK(creds["email"] == value{"<secret 1>"});
  CAF_CHECK(creds["pass"] == value{"<secret 2>"});
  CAF_CHECK(creds["pin"] == value{"<secret 3>"});
  CAF_CHECK(to_string(out).find("hunter2") == std::string::npos);
}

CAF_TEST(root signin and signup redact user and password the same way each time) {
  redactor r;
  auto a = r.client_frame(request(1, "signin", {value{{"user", "root"}, {"pass", "pw1"}}}));
  auto b = r.client_frame(
    request(2, "signup", {value{{"ns", "n"}, {"db", "d"}, {"ac", "a"}, {"pass", "pw1"}}}));
  // Fields in name order: pass, then user.
  CAF_CHECK(a["params"][0]["pass"] == value{"<secret 1>"});
  CAF_CHECK(a["params"][0]["user"] == value{"<secret 2>"});
  CAF_CHECK(b["params"][0]["pass"] == value{"<secret 1>"});
  CAF_CHECK_EQUAL(r.secrets(), 2u);
}

CAF_TEST(tokens in results of signin signup and refresh become token placeholders) {
  redactor r;
  r.client_frame(request(1, "signin", {value{{"user", "u"}, {"pass", "p"}}}));
  auto s = r.server_frame(reply(1, "opaque-token-text"));
  CAF_CHECK(s["result"] == value{"<token 1>"});
  r.client_frame(request(2, "signup", {value{{"ns", "n"}, {"db", "d"}, {"ac", "a"}}}));
  auto pair = r.server_frame(reply(2, value{{"access", jwt}, {"refresh", "r-123"}}));
  CAF_CHECK(pair["result"]["access"] == value{"<token 2>"});
  CAF_CHECK(pair["result"]["refresh"] == value{"<token 3>"});
  r.client_frame(request(3, "refresh", {value{{"access", jwt}, {"refresh", "r-123"}}}));
  auto fresh = r.server_frame(reply(3, value{{"access", jwt2}, {"refresh", "r-456"}}));
  CAF_CHECK(fresh["result"]["access"] == value{"<token 4>"});
  CAF_CHECK(fresh["result"]["refresh"] == value{"<token 5>"});
  // Other replies keep their strings.
  r.client_frame(request(4, "query", {"RETURN 'opaque-token-text2'", value::object{}}));
  CAF_CHECK(r.server_frame(reply(4, "plain"))["result"] == value{"plain"});
}

CAF_TEST(authenticate refresh and revoke params are tokens consistent with the results) {
  redactor r;
  r.client_frame(request(1, "signin", {value{{"user", "u"}, {"pass", "p"}}}));
  r.server_frame(reply(1, value{{"access", "acc"}, {"refresh", "ref"}}));
  auto a = r.client_frame(request(2, "authenticate", {"acc"}));
  CAF_CHECK(a["params"][0] == value{"<token 1>"});
  auto f = r.client_frame(request(3, "refresh", {value{{"access", "acc"}, {"refresh", "ref"}}}));
  CAF_CHECK(f["params"][0] == (value{{"access", "<token 1>"}, {"refresh", "<token 2>"}}));
  auto v = r.client_frame(request(4, "revoke", {value{{"access", "acc"}, {"refresh", "ref"}}}));
  CAF_CHECK(v["params"][0]["refresh"] == value{"<token 2>"});
}

CAF_TEST(a JWT anywhere is a token also inside text) {
  redactor r;
  auto q = r.client_frame(request(1, "query", {"RETURN '" + jwt + "'", value{{"t", jwt}}}));
  CAF_CHECK(q["params"][0] == value{"RETURN '<token 1>'"});
  CAF_CHECK(q["params"][1]["t"] == value{"<token 1>"});
  auto s = r.server_frame(value{{"result", value::array{jwt2, "eyJ not a token"}}});
  CAF_CHECK(s["result"][0] == value{"<token 2>"});
  CAF_CHECK(s["result"][1] == value{"eyJ not a token"});
  CAF_CHECK_EQUAL(r.text("bad token=" + jwt), "bad token=<token 1>");
}

CAF_TEST(password hashes and known secrets are replaced wherever they appear) {
  redactor r;
  r.client_frame(request(1, "signin", {value{{"user", "u"}, {"pass", "s3cret!"}}}));
  auto s = r.server_frame(
    reply(2, value::array{value{{"pass", "$argon2id$v=19$m=19456$abc"}, {"note", "s3cret!"}}}));
  CAF_CHECK(s["result"][0]["pass"] == value{"<secret 3>"});
  CAF_CHECK(s["result"][0]["note"] == value{"<secret 1>"});
}

CAF_TEST(placeholders pass through unchanged) {
  redactor r;
  auto a = r.client_frame(request(1, "authenticate", {"<token 7>"}));
  CAF_CHECK(a["params"][0] == value{"<token 7>"});
  CAF_CHECK(testing::is_placeholder("<secret 12>"));
  CAF_CHECK(!testing::is_placeholder("<secret>"));
  CAF_CHECK(!testing::is_placeholder("<token 1"));
}
