// detail::replay_matcher: request ids, UUIDs and placeholders map one to
// one; anything else must be equal, and the first difference is named.
#define CAF_SUITE replay_matcher

#include "caf/test/unit_test.hpp"

#include "surrealcaf/detail/replay_matcher.hpp"

using namespace surrealcaf;
using detail::replay_matcher;

namespace {

uuid make_uuid(uint8_t n) {
  uuid x{};
  x.data[15] = n;
  x.data[6] = 0x40;
  return x;
}

value request(int64_t id, const char* method, value::array params, value session = {}) {
  value::object x{{"id", id}, {"method", method}, {"params", std::move(params)}};
  if (!session.is_none())
    x.emplace("session", std::move(session));
  return value{std::move(x)};
}

std::optional<detail::replay_difference> match(replay_matcher& m, const value& e, const value& g) {
  return m.match(e, g, g);
}

} // namespace

CAF_TEST(request ids map one to one and replies get the client ids) {
  replay_matcher m;
  CAF_CHECK(!match(m, request(1, "ping", {}), request(7, "ping", {})));
  CAF_CHECK(!match(m, request(2, "ping", {}), request(8, "ping", {})));
  CAF_CHECK(m.translate(value{{"id", 1}, {"result", 1}})["id"] == value{7});
  CAF_CHECK(m.translate(value{{"id", 2}})["id"] == value{8});
  // A recorded id already mapped must stay mapped to the same client id.
  auto d = match(m, request(1, "ping", {}), request(9, "ping", {}));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "id");
  // A client id already taken cannot stand for another recorded id.
  CAF_CHECK(match(m, request(3, "ping", {}), request(7, "ping", {})));
}

CAF_TEST(session uuids map one to one also as text) {
  replay_matcher m;
  auto r1 = make_uuid(1), r2 = make_uuid(2), c1 = make_uuid(11), c2 = make_uuid(12);
  CAF_CHECK(!match(m, request(1, "attach", {}, r1), request(1, "attach", {}, c1)));
  CAF_CHECK(!match(m, request(2, "use", {"a", "b"}, r1), request(2, "use", {"a", "b"}, c1)));
  CAF_CHECK(match(m, request(3, "use", {"a", "b"}, r1), request(3, "use", {"a", "b"}, c2)));
  replay_matcher m2;
  CAF_CHECK(!match(m2, request(1, "attach", {}, r1), request(1, "attach", {}, c1)));
  // c1 is taken by r1: r2 cannot map to it.
  CAF_CHECK(match(m2, request(2, "attach", {}, r2), request(2, "attach", {}, c1)));
  CAF_CHECK(m2.translate(value{{"id", 1}, {"session", r1}})["session"] == value{c1});
  // JSON frames carry UUIDs as text.
  replay_matcher m3;
  auto text = [](uuid x) { return value{to_string(value{x}).substr(2, 36)}; };
  CAF_CHECK(!match(m3, request(1, "attach", {}, text(r1)), request(1, "attach", {}, text(c1))));
  CAF_CHECK(m3.translate(value{{"session", text(r1)}})["session"] == text(c1));
}

CAF_TEST(placeholders bind to what the client sends first) {
  replay_matcher m;
  auto rec = request(1, "signin", {value{{"user", "<secret 1>"}, {"pass", "<secret 2>"}}});
  CAF_CHECK(!match(m, rec, request(1, "signin", {value{{"user", "root"}, {"pass", "pw"}}})));
  auto again = request(2, "signin", {value{{"user", "<secret 1>"}, {"pass", "<secret 2>"}}});
  auto d = match(m, again, request(2, "signin", {value{{"user", "root"}, {"pass", "hunter2"}}}));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "params[0].pass");
  CAF_CHECK(d->got.find("hunter2") == std::string::npos);
  // Server frames get the bound value back.
  CAF_CHECK(m.translate(value{{"result", "<secret 1>"}})["result"] == value{"root"});
  CAF_CHECK(m.translate(value{{"result", "<token 9>"}})["result"] == value{"<token 9>"});
}

CAF_TEST(the first difference is named with its path and both sides) {
  replay_matcher m;
  auto d = match(m, request(1, "query", {"RETURN 1", value::object{}}),
                 request(1, "query", {"RETURN 2", value::object{}}));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "params[0]");
  CAF_CHECK_EQUAL(d->expected, "'RETURN 1'");
  CAF_CHECK_EQUAL(d->got, "'RETURN 2'");
  d = match(m, request(2, "query", {"x"}), request(2, "query", {"x", value::object{}}));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "params");
  d = match(m, request(3, "query", {"x"}), request(3, "let", {"x"}));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "method");
  d = match(m, request(4, "ping", {}), value{{"id", 4}, {"method", "ping"}});
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(d->path, "params");
  CAF_CHECK_EQUAL(d->got, "nothing");
}
