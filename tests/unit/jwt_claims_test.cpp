#define CAF_SUITE jwt_claims

#include "surrealcaf/detail/jwt_claims.hpp"

#include "caf/test/unit_test.hpp"

#include "jwt_text.hpp"

#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

using namespace surrealcaf;
using namespace std::chrono_literals;
using detail::jwt_claims;
using detail::jwt_expiry;
using detail::refresh_delay;
using std::chrono::milliseconds;
using time_point = std::chrono::system_clock::time_point;

namespace {

using test::base64url;

std::string jwt(const std::string& payload) {
  return test::jwt_with(payload);
}

time_point at(int64_t seconds) {
  return time_point{std::chrono::seconds{seconds}};
}

} // namespace

CAF_TEST(the helper encodes base64url) {
  CAF_CHECK_EQUAL(base64url(""), "");
  CAF_CHECK_EQUAL(base64url("f"), "Zg");
  CAF_CHECK_EQUAL(base64url("fo"), "Zm8");
  CAF_CHECK_EQUAL(base64url("foo"), "Zm9v");
  CAF_CHECK_EQUAL(base64url("f", true), "Zg==");
  CAF_CHECK_EQUAL(base64url("fo", true), "Zm8=");
  CAF_CHECK_EQUAL(base64url("\xfb\xff"), "-_8");
}

CAF_TEST(the string claims are read) {
  auto token = jwt(R"({"NS":"app","DB":"main","AC":"users","ID":"user:ann","iss":"SurrealDB",)"
                   R"("jti":"e0b8","RL":["Viewer"]})");
  auto claims = jwt_claims(token);
  CAF_CHECK(claims
            == (value::object{{"NS", "app"}, {"DB", "main"}, {"AC", "users"}, {"ID", "user:ann"}}));
}

CAF_TEST(claims of another type than a string are left out) {
  auto claims = jwt_claims(jwt(R"({"NS":5,"DB":null,"AC":["a"],"ID":{"tb":"user","id":1}})"));
  CAF_CHECK(claims.empty());
  // Names are case sensitive.
  CAF_CHECK(jwt_claims(jwt(R"({"ns":"app","db":"main"})")).empty());
}

CAF_TEST(the time claims are read as whole seconds) {
  auto claims = jwt_claims(jwt(R"({"exp":1700003600,"iat":1700000000,"nbf":1699999990})"));
  CAF_CHECK(claims
            == (value::object{{"exp", int64_t{1700003600}},
                              {"iat", int64_t{1700000000}},
                              {"nbf", int64_t{1699999990}}}));
  CAF_CHECK(claims["exp"].is<int64_t>());
  // A fraction is rounded down; before the epoch is fine.
  claims = jwt_claims(jwt(R"({"exp":1700003600.9,"iat":-5.5,"nbf":-7})"));
  CAF_CHECK(claims
            == (value::object{
              {"exp", int64_t{1700003600}}, {"iat", int64_t{-6}}, {"nbf", int64_t{-7}}}));
}

CAF_TEST(time claims that are no int64 number are left out) {
  CAF_CHECK(jwt_claims(jwt(R"({"exp":"1700003600","iat":true,"nbf":null})")).empty());
  CAF_CHECK(jwt_claims(jwt(R"({"exp":18446744073709551615,"iat":1e30,"nbf":-1e30})")).empty());
  auto claims = jwt_claims(jwt(R"({"exp":9223372036854775807,"nbf":-9223372036854775808})"));
  CAF_CHECK(claims
            == (value::object{{"exp", std::numeric_limits<int64_t>::max()},
                              {"nbf", std::numeric_limits<int64_t>::min()}}));
}

CAF_TEST(anything but a readable jwt has no claims) {
  for (value opaque : {value{}, value{null}, value{42}, value{value::object{{"access", "x"}}}})
    CAF_CHECK(jwt_claims(opaque).empty());
  auto header = base64url(R"({"alg":"HS512"})");
  auto payload = base64url(R"({"NS":"app"})");
  for (std::string text : {
         std::string{},
         std::string{"jwt"},
         header + "." + payload,                   // no second dot
         header + ".." + payload,                  // empty payload
         header + "." + payload.substr(1) + ".s",  // shifted: no JSON
         header + ".!!!!.s",                       // not base64
         header + ".e3!9.s",                       // a bad character inside
         header + "." + base64url("not json") + ".s",
         header + "." + base64url(R"(["NS","app"])") + ".s",
         header + "." + base64url(R"("NS")") + ".s",
         header + "." + base64url(R"({"NS":"app")") + ".s",  // cut short
         header + "." + base64url(R"({"NS":"app"} x)") + ".s",
       })
    CAF_CHECK(jwt_claims(text).empty());
  CAF_CHECK_EQUAL(jwt_claims(header + "." + payload + ".").size(), 1u);
}

CAF_TEST(payloads of every length decode with or without padding) {
  // {"NS":"a"} up to {"NS":"aaaa"}: 10 to 13 bytes, so 14, 15, 16 and 18
  // base64url characters, with 2, 1, 0 and 2 padding characters.
  for (std::string ns : {"a", "aa", "aaa", "aaaa"}) {
    auto json = R"({"NS":")" + ns + R"("})";
    auto header = base64url(R"({"alg":"HS512"})");
    for (bool pad : {false, true}) {
      auto token = header + "." + base64url(json, pad) + ".s";
      auto claims = jwt_claims(token);
      CAF_CHECK(claims == (value::object{{"NS", ns}}));
    }
  }
}

CAF_TEST(wrong padding is refused) {
  auto header = base64url(R"({"alg":"HS512"})");
  auto payload = base64url(R"({"NS":"a"})");  // 14 characters: 2 padding.
  CAF_REQUIRE_EQUAL(payload.size() % 4, 2u);
  CAF_CHECK_EQUAL(jwt_claims(header + "." + payload + "==.s").size(), 1u);
  CAF_CHECK(jwt_claims(header + "." + payload + "=.s").empty());
  CAF_CHECK(jwt_claims(header + "." + payload + "===.s").empty());
  CAF_CHECK(jwt_claims(header + "." + payload + "======.s").empty());
  CAF_CHECK(jwt_claims(header + ".====.s").empty());
  CAF_CHECK(jwt_claims(header + ".=.s").empty());
  // Padding in the middle ends the data early.
  CAF_CHECK(jwt_claims(header + "." + payload.substr(0, 4) + "==" + payload.substr(4) + ".s")
              .empty());
  // One character past a group of four carries less than a byte.
  CAF_CHECK(jwt_claims(header + "." + base64url(R"({"NS":"aa"})") + "AA.s").empty());
  CAF_CHECK(jwt_claims(header + ".e30A.s").empty());
  CAF_CHECK(jwt_claims(header + ".e30.s").empty());
}

CAF_TEST(the base64url alphabet is read) {
  // '>' and '?' in the claims make the encoding use '-' and '_'.
  auto json = R"({"NS":"???","ID":"user:ann>"})";
  auto payload = base64url(json);
  CAF_REQUIRE(payload.find('-') != std::string::npos);
  CAF_REQUIRE(payload.find('_') != std::string::npos);
  auto claims = jwt_claims("h." + payload + ".s");
  CAF_CHECK(claims == (value::object{{"ID", "user:ann>"}, {"NS", "???"}}));
}

CAF_TEST(the expiry is the exp claim) {
  CAF_CHECK(jwt_expiry(jwt(R"({"exp":1700003600})")) == at(1700003600));
  CAF_CHECK(jwt_expiry(jwt(R"({"exp":0})")) == at(0));
  CAF_CHECK(jwt_expiry(jwt(R"({"exp":-60})")) == at(-60));
  CAF_CHECK(!jwt_expiry(jwt(R"({"iat":1700000000})")));
  CAF_CHECK(!jwt_expiry(jwt(R"({"exp":"soon"})")));
  CAF_CHECK(!jwt_expiry("not a jwt"));
  CAF_CHECK(!jwt_expiry(value{value::object{{"access", jwt(R"({"exp":1})")}}}));
  // Beyond what the clock holds: its ends.
  CAF_CHECK(jwt_expiry(jwt(R"({"exp":9223372036854775807})")) == time_point::max());
  CAF_CHECK(jwt_expiry(jwt(R"({"exp":-9223372036854775808})")) == time_point::min());
}

CAF_TEST(a token is refreshed a margin before it expires) {
  auto now = at(1700000000);
  CAF_CHECK(refresh_delay(now, now + 10min, 60s) == milliseconds{9min});
  CAF_CHECK(refresh_delay(now, now + 1h, 5min) == milliseconds{55min});
  CAF_CHECK(refresh_delay(now, now + 121s, 60s) == milliseconds{61s});
}

CAF_TEST(the margin is at most half the time left) {
  auto now = at(1700000000);
  CAF_CHECK(refresh_delay(now, now + 120s, 60s) == milliseconds{60s});
  CAF_CHECK(refresh_delay(now, now + 60s, 60s) == milliseconds{30s});
  CAF_CHECK(refresh_delay(now, now + 10s, 1h) == milliseconds{5s});
  CAF_CHECK(refresh_delay(now, now + 3ms, 60s) == milliseconds{2});
  CAF_CHECK(refresh_delay(now, now + 1ms, 60s) == milliseconds{1});
  CAF_CHECK(refresh_delay(now, now + 500us, 60s) == milliseconds{0});
}

CAF_TEST(an expired token is refreshed at once) {
  auto now = at(1700000000);
  CAF_CHECK(refresh_delay(now, now, 60s) == milliseconds{0});
  CAF_CHECK(refresh_delay(now, now - 1s, 60s) == milliseconds{0});
  CAF_CHECK(refresh_delay(now, at(0), 60s) == milliseconds{0});
  CAF_CHECK(refresh_delay(time_point::max(), time_point::min(), 60s) == milliseconds{0});
}

CAF_TEST(a zero margin turns refreshing off) {
  auto now = at(1700000000);
  CAF_CHECK(!refresh_delay(now, now + 1h, 0ms));
  CAF_CHECK(!refresh_delay(now, now - 1h, 0ms));
  CAF_CHECK(!refresh_delay(now, now + 1h, -1s));
}

CAF_TEST(the ends of the clock do not overflow) {
  auto delay = refresh_delay(time_point::min(), time_point::max(), 60s);
  CAF_REQUIRE(delay);
  auto left = std::chrono::duration_cast<milliseconds>(time_point::max().time_since_epoch())
              - std::chrono::duration_cast<milliseconds>(time_point::min().time_since_epoch());
  CAF_CHECK(*delay == left - 60s);
  CAF_CHECK(*delay > milliseconds{0});
  auto now = at(1700000000);
  CAF_CHECK(refresh_delay(now, time_point::max(), 60s)
            == std::chrono::duration_cast<milliseconds>(time_point::max() - now) - 60s);
}

CAF_TEST(the expiry of a real token gives the refresh delay) {
  auto now = at(1700000000);
  auto token = jwt(R"({"NS":"app","exp":1700003600,"iat":1700000000})");
  auto expiry = jwt_expiry(token);
  CAF_REQUIRE(expiry);
  CAF_CHECK(refresh_delay(now, *expiry, 60s) == milliseconds{59min});
  // Expired an hour ago: refresh at once.
  CAF_CHECK(refresh_delay(now + 2h, *expiry, 60s) == milliseconds{0});
}
