// record_id::parse: the SurrealQL forms SurrealDB reads (a table of inputs
// and the ids they are), the round trip parse(to_string(x)) == x over many
// generated ids, and refusals that name the byte where the text went wrong.
#define CAF_SUITE record_id_parse

#include "surrealcaf/value.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <pthread.h>

#include "surrealcaf/errc.hpp"

#include "uuid_of.hpp"

using namespace surrealcaf;

namespace {

const uuid some_uuid = test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");

range make_range(bound begin, bound end) {
  return range{std::move(begin), std::move(end)};
}

// The id `text` reads as; fails the test when it is refused.
record_id parsed(const std::string& text) {
  auto id = record_id::parse(text);
  if (!id)
    CAF_FAIL("refused " << text << ": " << describe(id.error()));
  return std::move(*id);
}

// The error text for refused `text`; fails the test when it is accepted or
// the error is not an invalid_argument.
std::string refusal(const std::string& text) {
  auto id = record_id::parse(text);
  if (id)
    CAF_FAIL("accepted " << text << " as " << to_string(*id));
  CAF_CHECK(is(id.error(), errc::invalid_argument));
  return describe(id.error());
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// -- generated values ----------------------------------------------------------

// Random values of every kind to_string prints and SurrealQL can write back
// (not table values, which have no literal, nor NaN, which is never ==).
class generator {
public:
  explicit generator(uint32_t seed) : rng_(seed) {
    // nop
  }

  int pick(int n) {
    return std::uniform_int_distribution<int>{0, n - 1}(rng_);
  }

  // Text with the characters that need quoting or escaping.
  std::string text(bool allow_empty = true) {
    static const std::vector<std::string> pieces{"a",
                                                 "Z",
                                                 "_",
                                                 "0",
                                                 "9",
                                                 " ",
                                                 "-",
                                                 ".",
                                                 ":",
                                                 "'",
                                                 "\"",
                                                 "`",
                                                 "\\",
                                                 "\n",
                                                 "\r",
                                                 "\t",
                                                 std::string(1, '\0'),
                                                 "\b",
                                                 "\f",
                                                 "⟨",
                                                 "⟩",
                                                 "é",
                                                 "✓",
                                                 "𝄞",
                                                 "tobie",
                                                 "NaN",
                                                 "none",
                                                 "[",
                                                 "{"};
    std::string s;
    auto n = pick(6) + (allow_empty ? 0 : 1);
    for (int i = 0; i < n; ++i)
      s += pieces[static_cast<size_t>(pick(static_cast<int>(pieces.size())))];
    return s;
  }

  // Plain words, digit strings and words that look like numbers or keywords.
  std::string word() {
    static const std::vector<std::string> words{"tobie", "a1",       "_",
                                                "__",    "_1",       "1_",
                                                "123",   "007",      "123abc",
                                                "1e5",   "select",   "true",
                                                "NONE",  "Infinity", "99999999999999999999",
                                                "-5",    "x_y_z",    "u"};
    return words[static_cast<size_t>(pick(static_cast<int>(words.size())))];
  }

  std::string name() {
    return pick(2) == 0 ? word() : text();
  }

  int64_t integer() {
    switch (pick(4)) {
      case 0:
        return std::numeric_limits<int64_t>::min();
      case 1:
        return std::numeric_limits<int64_t>::max();
      default:
        return std::uniform_int_distribution<int64_t>{-1'000'000, 1'000'000}(rng_);
    }
  }

  double floating() {
    static const std::vector<double> specials{0.0,
                                              -0.0,
                                              0.1,
                                              1e300,
                                              5e-324,
                                              -2.5e7,
                                              1e21,
                                              1.0 / 3,
                                              std::numeric_limits<double>::infinity(),
                                              -std::numeric_limits<double>::infinity()};
    if (pick(2) == 0)
      return specials[static_cast<size_t>(pick(static_cast<int>(specials.size())))];
    return std::uniform_real_distribution<double>{-1e6, 1e6}(rng_);
  }

  uuid any_uuid() {
    uuid u{};
    for (auto& b : u.data)
      b = static_cast<uint8_t>(pick(256));
    return u;
  }

  point any_point() {
    return point{static_cast<double>(pick(360) - 180), floating()};
  }

  line any_line() {
    line l;
    auto n = pick(4) + 1;
    for (int i = 0; i < n; ++i)
      l.points.push_back(any_point());
    return l;
  }

  geometry any_geometry(int depth) {
    switch (pick(depth > 0 ? 7 : 6)) {
      case 0:
        return any_point();
      case 1:
        return any_line();
      case 2:
        return polygon{{any_line(), any_line()}};
      case 3:
        return multi_point{{any_point(), any_point()}};
      case 4:
        return multi_line{{any_line()}};
      case 5:
        return multi_polygon{{polygon{{any_line()}}}};
      default:
        return geometry_collection{{any_geometry(depth - 1), any_geometry(depth - 1)}};
    }
  }

  value any_value(int depth) {
    switch (pick(depth > 0 ? 22 : 15)) {
      case 0:
        return none;
      case 1:
        return null;
      case 2:
        return pick(2) == 0;
      case 3:
        return integer();
      case 4:
        return floating();
      case 5:
        return decimal{std::to_string(integer()) + "." + std::to_string(pick(1000))};
      case 6:
        return text();
      case 7: {
        bytes b(static_cast<size_t>(pick(5)));
        for (auto& x : b)
          x = static_cast<uint8_t>(pick(256));
        return b;
      }
      case 8:
        return any_uuid();
      case 9:
        return datetime{std::uniform_int_distribution<int64_t>{-100'000'000'000,
                                                               100'000'000'000}(rng_),
                        static_cast<uint32_t>(pick(1'000'000'000))};
      case 10:
        return duration{static_cast<uint64_t>(pick(1'000'000)),
                        static_cast<uint32_t>(pick(1'000'000'000))};
      case 11:
        return file_ref{"bucket" + word(), "/" + text() + "/x.txt"};
      case 12:
        return any_geometry(1);
      case 13:
        return word();
      case 14:
        return -(integer() / 2);
      case 15: {
        value::array xs;
        auto n = pick(4);
        for (int i = 0; i < n; ++i)
          xs.push_back(any_value(depth - 1));
        return xs;
      }
      case 16:
      case 17: {
        value::object xs;
        auto n = pick(4);
        for (int i = 0; i < n; ++i)
          xs[name()] = any_value(depth - 1);
        return xs;
      }
      case 18: {
        // A record id first would read as an object key: `{a:1,}`.
        set xs;
        xs.items.push_back(pick(2) == 0 ? value{integer()} : value{text()});
        auto n = pick(3);
        for (int i = 0; i < n; ++i)
          xs.items.push_back(any_value(depth - 1));
        return xs;
      }
      case 19:
        return any_id(depth - 1);
      case 20:
        return make_range(any_bound(), any_bound());
      default:
        return any_key(depth - 1);
    }
  }

  // Bounds of value ranges are scalars: with a range or record id as the
  // lower bound the text is ambiguous (`t:1..5` is a record-id range).
  bound any_bound() {
    switch (pick(3)) {
      case 0:
        return bound::unbounded();
      case 1:
        return bound::included(any_value(0));
      default:
        return bound::excluded(any_value(0));
    }
  }

  // A record key: int, string, uuid, array or object.
  value any_key(int depth) {
    switch (pick(6)) {
      case 0:
        return integer();
      case 1:
        return word();
      case 2:
        return text();
      case 3:
        return any_uuid();
      case 4: {
        value::array xs;
        auto n = pick(4);
        for (int i = 0; i < n; ++i)
          xs.push_back(any_value(depth));
        return xs;
      }
      default: {
        value::object xs;
        auto n = pick(4);
        for (int i = 0; i < n; ++i)
          xs[name()] = any_value(depth);
        return xs;
      }
    }
  }

  bound any_key_bound(int depth) {
    switch (pick(3)) {
      case 0:
        return bound::unbounded();
      case 1:
        return bound::included(any_key(depth));
      default:
        return bound::excluded(any_key(depth));
    }
  }

  record_id any_id(int depth) {
    auto tb = name();
    if (pick(5) == 0)
      return record_id{tb, make_range(any_key_bound(depth), any_key_bound(depth))};
    return record_id{tb, any_key(depth)};
  }

private:
  std::mt19937 rng_;
};

} // namespace

// -- accepted forms --------------------------------------------------------------

CAF_TEST(plain and escaped identifiers) {
  const record_id tobie{"person", "tobie"};
  CAF_CHECK_EQUAL(parsed("person:tobie"), tobie);
  CAF_CHECK_EQUAL(parsed("person:⟨tobie⟩"), tobie);
  CAF_CHECK_EQUAL(parsed("person:`tobie`"), tobie);
  CAF_CHECK_EQUAL(parsed("⟨person⟩:tobie"), tobie);
  CAF_CHECK_EQUAL(parsed("`person`:⟨tobie⟩"), tobie);
  CAF_CHECK_EQUAL(parsed("person:⟨a b⟩"), (record_id{"person", "a b"}));
  CAF_CHECK_EQUAL(parsed("`my table`:1"), (record_id{"my table", 1}));
  CAF_CHECK_EQUAL(parsed("person:``"), (record_id{"person", ""}));
  CAF_CHECK_EQUAL(parsed("person:⟨⟩"), (record_id{"person", ""}));
  CAF_CHECK_EQUAL(parsed("_:_1"), (record_id{"_", "_1"}));
}

CAF_TEST(escapes inside backticks and angle brackets) {
  CAF_CHECK_EQUAL(parsed("person:`a\\`b`"), (record_id{"person", "a`b"}));
  CAF_CHECK_EQUAL(parsed("person:⟨a`b⟩"), (record_id{"person", "a`b"}));
  CAF_CHECK_EQUAL(parsed("person:`a⟩b`"), (record_id{"person", "a⟩b"}));
  // SurrealQL has no `\⟩`; the character is written as a Unicode escape.
  CAF_CHECK_EQUAL(parsed("person:⟨a\\u{27E9}b⟩"), (record_id{"person", "a⟩b"}));
  CAF_CHECK_EQUAL(parsed("person:⟨\\n\\r\\t\\0\\b\\f\\\\\\'\\\"\\`⟩"),
                  (record_id{"person", std::string{"\n\r\t\0\b\f\\'\"`", 10}}));
  CAF_CHECK_EQUAL(parsed("person:`\\u0041\\u{1F600}\\u{}`"),
                  (record_id{"person", std::string{"A😀\0", 6}}));
}

CAF_TEST(unicode keys and tables) {
  CAF_CHECK_EQUAL(parsed("person:⟨é ✓ 𝄞⟩"), (record_id{"person", "é ✓ 𝄞"}));
  CAF_CHECK_EQUAL(parsed("`été`:`日本`"), (record_id{"été", "日本"}));
}

CAF_TEST(integer keys) {
  CAF_CHECK_EQUAL(parsed("person:42"), (record_id{"person", 42}));
  CAF_CHECK_EQUAL(parsed("person:-7"), (record_id{"person", -7}));
  CAF_CHECK_EQUAL(parsed("person:+5"), (record_id{"person", 5}));
  CAF_CHECK_EQUAL(parsed("person:007"), (record_id{"person", 7}));
  CAF_CHECK_EQUAL(parsed("person:-0"), (record_id{"person", 0}));
  CAF_CHECK_EQUAL(parsed("person:9223372036854775807"),
                  (record_id{"person", std::numeric_limits<int64_t>::max()}));
  CAF_CHECK_EQUAL(parsed("person:-9223372036854775808"),
                  (record_id{"person", std::numeric_limits<int64_t>::min()}));
}

CAF_TEST(numeric looking keys that are text) {
  // As SurrealDB reads them: beyond int64, with underscores, or with letters.
  CAF_CHECK_EQUAL(parsed("person:9223372036854775808"),
                  (record_id{"person", "9223372036854775808"}));
  CAF_CHECK_EQUAL(parsed("person:-9223372036854775809"),
                  (record_id{"person", "-9223372036854775809"}));
  CAF_CHECK_EQUAL(parsed("person:1_000"), (record_id{"person", "1_000"}));
  CAF_CHECK_EQUAL(parsed("person:+1_000"), (record_id{"person", "1_000"}));
  CAF_CHECK_EQUAL(parsed("person:-1_000"), (record_id{"person", -1000}));
  CAF_CHECK_EQUAL(parsed("person:123abc"), (record_id{"person", "123abc"}));
  CAF_CHECK_EQUAL(parsed("person:1e5"), (record_id{"person", "1e5"}));
  CAF_CHECK_EQUAL(parsed("person:`123`"), (record_id{"person", "123"}));
  CAF_CHECK_EQUAL(parsed("person:`-5`"), (record_id{"person", "-5"}));
}

CAF_TEST(keywords are plain words in an id) {
  CAF_CHECK_EQUAL(parsed("person:select"), (record_id{"person", "select"}));
  CAF_CHECK_EQUAL(parsed("person:true"), (record_id{"person", "true"}));
  CAF_CHECK_EQUAL(parsed("person:NONE"), (record_id{"person", "NONE"}));
  CAF_CHECK_EQUAL(parsed("person:NaN"), (record_id{"person", "NaN"}));
  CAF_CHECK_EQUAL(parsed("person:Infinity"), (record_id{"person", "Infinity"}));
  CAF_CHECK_EQUAL(parsed("true:1"), (record_id{"true", 1}));
  CAF_CHECK_EQUAL(parsed("select:x"), (record_id{"select", "x"}));
}

CAF_TEST(uuid keys) {
  CAF_CHECK_EQUAL(parsed("person:u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11'"),
                  (record_id{"person", some_uuid}));
  CAF_CHECK_EQUAL(parsed("person:u\"0199C6C4-5F0E-7C1A-9A6A-3B1D2F6E4A11\""),
                  (record_id{"person", some_uuid}));
}

CAF_TEST(array keys) {
  CAF_CHECK_EQUAL(parsed("temperature:['London', 2026]"),
                  (record_id{"temperature", value::array{"London", 2026}}));
  CAF_CHECK_EQUAL(parsed("t:[]"), (record_id{"t", value::array{}}));
  CAF_CHECK_EQUAL(parsed("t:[ 1 ,\n2 , ]"), (record_id{"t", value::array{1, 2}}));
  CAF_CHECK_EQUAL(parsed("t:[1, /* two */ 2 -- end\n]"), (record_id{"t", value::array{1, 2}}));
  CAF_CHECK_EQUAL(
    parsed("t:[[1, [2]], {  }]"),
    (record_id{"t", value::array{value::array{1, value::array{2}}, value::object{}}}));
}

CAF_TEST(object keys) {
  CAF_CHECK_EQUAL(parsed("t:{ a: 1, \"b c\": 'x' }"),
                  (record_id{"t", value{{"a", 1}, {"b c", "x"}}}));
  CAF_CHECK_EQUAL(parsed("t:{  }"), (record_id{"t", value::object{}}));
  CAF_CHECK_EQUAL(parsed("t:{a:1,}"), (record_id{"t", value{{"a", 1}}}));
  CAF_CHECK_EQUAL(parsed("t:{ `x y`: 1, ⟨z⟩: 2, 'q': 3, 4.5: 4, true: 5 }"),
                  (record_id{"t", value{{"x y", 1}, {"z", 2}, {"q", 3}, {"4.5", 4}, {"true", 5}}}));
  // A record key that is GeoJSON-shaped stays an object.
  CAF_CHECK(parsed("t:{ type: 'Point', coordinates: [1, 2] }").key->is<value::object>());
}

CAF_TEST(values inside keys) {
  // SurrealQL has no doubled-quote escape.
  CAF_CHECK(!record_id::parse("t:['it''s']"));
  auto id = parsed("t:[NONE, NULL, true, FALSE, 1.5f, -2f, 1e3, 2.50dec, 'its', \"it's\", "
                   "u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11', d'2026-01-01T00:00:00Z', 1h30m, "
                   "b\"0102ff\", other:1, (1, 2), (3), {1, 2}, {1,}, {,}, f\"b:/a\\ b.txt\"]");
  value::array expected{none,
                        null,
                        true,
                        false,
                        1.5,
                        -2.0,
                        1000.0,
                        decimal{"2.50"},
                        "its",
                        "it's",
                        some_uuid,
                        datetime{1'767'225'600, 0},
                        duration{5400, 0},
                        bytes{1, 2, 0xff},
                        record_id{"other", 1},
                        point{1, 2},
                        3,
                        set{{1, 2}},
                        set{{1}},
                        set{},
                        file_ref{"b", "/a b.txt"}};
  CAF_CHECK_EQUAL(to_string(*id.key), to_string(value{expected}));
  CAF_CHECK(*id.key == value{expected});
}

CAF_TEST(floats that are no plain numbers) {
  auto id = parsed("t:[NaN, Infinity, -Infinity, -0f, 5e-324f]");
  auto& xs = id.key->get<value::array>();
  CAF_REQUIRE_EQUAL(xs.size(), 5u);
  CAF_CHECK(std::isnan(xs[0].get<double>()));
  // CAF_CHECK_EQUAL compares doubles with a tolerance, which infinity fails.
  CAF_CHECK(xs[1].get<double>() == std::numeric_limits<double>::infinity());
  CAF_CHECK(xs[2].get<double>() == -std::numeric_limits<double>::infinity());
  CAF_CHECK(std::signbit(xs[3].get<double>()));
  CAF_CHECK_EQUAL(xs[4].get<double>(), 5e-324);
}

CAF_TEST(geojson objects inside keys are geometries) {
  CAF_CHECK_EQUAL(parsed("t:[{ type: 'Point', coordinates: [1f, 2f] }]"),
                  (record_id{"t", value::array{point{1, 2}}}));
  CAF_CHECK_EQUAL(parsed("t:[{ geometries: [(1, 2)], type: 'GeometryCollection' }]"),
                  (record_id{"t", value::array{geometry{geometry_collection{{point{1, 2}}}}}}));
  CAF_CHECK_EQUAL(
    parsed("t:[{ type: 'Polygon', coordinates: [[[1, 2], [3, 4], [5, 6], [1, 2]]] }]"),
    (record_id{"t", value::array{geometry{polygon{{line{{{1, 2}, {3, 4}, {5, 6}, {1, 2}}}}}}}}));
  // Not GeoJSON: a third field, or coordinates of the wrong shape.
  CAF_CHECK(parsed("t:[{ type: 'Point', coordinates: [1, 2], x: 1 }]")
              .key->get<value::array>()[0]
              .is<value::object>());
  CAF_CHECK(parsed("t:[{ type: 'Point', coordinates: [1] }]")
              .key->get<value::array>()[0]
              .is<value::object>());
}

CAF_TEST(record id ranges) {
  CAF_CHECK_EQUAL(parsed("person:1..10"),
                  (record_id{"person", make_range(bound::included(1), bound::excluded(10))}));
  CAF_CHECK_EQUAL(parsed("person:1>..=10"),
                  (record_id{"person", make_range(bound::excluded(1), bound::included(10))}));
  CAF_CHECK_EQUAL(parsed("person:a..z"),
                  (record_id{"person", make_range(bound::included("a"), bound::excluded("z"))}));
  CAF_CHECK_EQUAL(parsed("person:.."), (record_id{"person", range{}}));
  CAF_CHECK_EQUAL(parsed("person:..=5"),
                  (record_id{"person", make_range(bound::unbounded(), bound::included(5))}));
  CAF_CHECK_EQUAL(parsed("person:-5.."),
                  (record_id{"person", make_range(bound::included(-5), bound::unbounded())}));
  CAF_CHECK_EQUAL(parsed("t:[1, 'a']..[2]"),
                  (record_id{"t", make_range(bound::included(value::array{1, "a"}),
                                             bound::excluded(value::array{2}))}));
}

CAF_TEST(value ranges inside keys) {
  CAF_CHECK_EQUAL(parsed("t:[1..=5, 1>..5, ..5, .., 1>..]"),
                  (record_id{"t", value::array{make_range(bound::included(1), bound::included(5)),
                                               make_range(bound::excluded(1), bound::excluded(5)),
                                               make_range({}, bound::excluded(5)), range{},
                                               make_range(bound::excluded(1), {})}}));
}

// -- the round trip --------------------------------------------------------------

CAF_TEST(to_string output parses back to the same id) {
  generator gen{20260101};
  for (int i = 0; i < 3000; ++i) {
    auto id = gen.any_id(3);
    auto text = to_string(id);
    auto back = record_id::parse(text);
    if (!back) {
      CAF_FAIL("refused " << text << ": " << describe(back.error()));
    }
    if (*back != id)
      CAF_FAIL("read back differently: " << text << " as " << to_string(*back));
  }
  CAF_CHECK(true);
}

CAF_TEST(the round trip holds for every key kind) {
  const std::vector<record_id> ids{
    {"person", "tobie"},
    {"person", ""},
    {"person", "needs escaping ⟨⟩`\\'\""},
    {"person", "123"},
    {"person", "-5"},
    {"person", "NaN"},
    {"person", "Infinity"},
    {"person", 0},
    {"person", std::numeric_limits<int64_t>::min()},
    {"person", some_uuid},
    {"person", value::array{}},
    {"person", value::object{}},
    {"person", value{{"", 1}, {"1", 2}, {"NaN", 3}}},
    {"person", range{}},
    {"NONE", 1},
    {"null", 1},
    {"NaN", 1},
    {"Infinity", 1},
    {"", 1},
    {"1abc", 1},
    {"t", value::array{record_id{"true", 1}, record_id{"NONE", 2}}},
  };
  for (auto& id : ids) {
    auto text = to_string(id);
    auto back = record_id::parse(text);
    CAF_CHECK(back);
    if (back)
      CAF_CHECK_EQUAL(*back, id);
  }
}

// -- refusals --------------------------------------------------------------------

CAF_TEST(refusals name the byte where the text went wrong) {
  struct bad_case {
    std::string text;
    size_t at;
    std::string says;
  };
  const std::vector<bad_case> cases{
    {"", 0, "empty"},
    {"person", 6, "expected `:` after the table name"},
    {"person:", 7, "expected a record key"},
    {"person: tobie", 7, "expected a record key"},
    {"person :tobie", 6, "expected `:`"},
    {"person:⟨tobie", 7, "unclosed `⟨`"},
    {"person:`tobie", 7, "unclosed"},
    {"person:⟨a\\⟩b⟩", 11, "\\u{27E9}"},
    {"person:`a\\qb`", 9, "invalid escape `\\q`"},
    {"person:`a\\u{110000}`", 9, "not a Unicode character"},
    {"person:`a\\u12`", 13, "4 hex digits"},
    {"person:tobie junk", 12, "after the record id"},
    {"person:tobie:x", 12, "after the record id"},
    {"person:1.5", 8, "integers"},
    {"person:-1.5", 9, "integers"},
    {"person:'tobie'", 7, "string is no record key"},
    {"1person:x", 0, "cannot start with a digit"},
    {"NaN:x", 0, "backticks"},
    {"person:[1, 2", 7, "unclosed `[`"},
    {"person:[1 2]", 10, "expected `,` or `]`"},
    {"person:{ a 1 }", 11, "expected `:` after the object key"},
    {"person:{,}", 8, "expected an object key"},
    {"person:[{1}]", 10, "trailing comma"},
    {"person:[person]", 8, "alone is no value"},
    {"person:[9223372036854775808]", 8, "64-bit"},
    {"person:[1e]", 9, "exponent"},
    {"person:[1x]", 9, "after a number"},
    {"person:[1h30]", 12, "duration unit"},
    {"person:u'123'", 7, "UUID"},
    {"person:[d'yesterday']", 8, "RFC 3339"},
    {"person:[b\"012\"]", 8, "hex"},
    {"person:1>5", 9, "`..` after `>`"},
    {"person:[/* open", 8, "unclosed comment"},
    {"person:\xff", 7, "UTF-8"},
    {"person:\xe2\x9f", 7, "UTF-8"},
  };
  for (auto& c : cases) {
    auto text = refusal(c.text);
    auto where = "at byte " + std::to_string(c.at) + ":";
    if (!contains(text, where) || !contains(text, c.says))
      CAF_FAIL("for " << c.text << " expected '" << where << "' and '" << c.says
                      << "' in: " << text);
  }
  CAF_CHECK(true);
}

CAF_TEST(overlong nesting is refused not overflowed) {
  std::string arrays = "t:";
  for (int i = 0; i < 5000; ++i)
    arrays += "[";
  CAF_CHECK(contains(refusal(arrays), "at byte 2050: nested deeper than 2048 levels"));
  // Objects, parentheses, sets, record ids: refused at the limit, or where
  // the stack runs short first (as in a sanitizer build, whose frames are
  // larger).
  for (auto open : {"{a:", "(", "{", "t:[", "t:{a:"}) {
    std::string text = "t:[";
    for (int i = 0; i < 5000; ++i)
      text += open;
    CAF_CHECK(contains(refusal(text), ": nested "));
  }
  // Ranges nest too: `1..2..3..` reads as 1..(2..(3..)).
  std::string chain = "t:[";
  for (int i = 0; i < 100000; ++i)
    chain += "1..";
  CAF_CHECK(contains(refusal(chain), ": nested "));
  // 2000 levels still read.
  std::string deep = "t:";
  for (int i = 0; i < 2000; ++i)
    deep += "[";
  for (int i = 0; i < 2000; ++i)
    deep += "]";
  CAF_CHECK(record_id::parse(deep));
}

CAF_TEST(a small stack gets a refusal instead of an overflow) {
  std::string deep = "t:";
  for (int i = 0; i < 2000; ++i)
    deep += "[";
  for (int i = 0; i < 2000; ++i)
    deep += "]";
  struct job {
    const std::string* text;
    std::string result;
  } work{&deep, {}};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  CAF_REQUIRE_EQUAL(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    auto w = static_cast<job*>(arg);
    auto id = record_id::parse(*w->text);
    w->result = id ? "accepted" : describe(id.error());
    return nullptr;
  };
  CAF_REQUIRE_EQUAL(pthread_create(&thread, &attr, run, &work), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
  CAF_CHECK(contains(work.result, "nested too deeply for the stack of this thread"));
}

CAF_TEST(garbage never throws) {
  // Every prefix of a rich id, and every single-byte change of it, either
  // parses or is refused: no exception, no crash.
  const std::string rich = "t:[1, -2.5f, 'a\\n', {b: [u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11', "
                           "d'2026-01-01T00:00:00Z', 1h]}, ⟨x\\u{41}⟩:1..=`2`, (1, 2), {1,}]";
  CAF_REQUIRE(record_id::parse(rich));
  size_t refused = 0;
  try {
    for (size_t n = 0; n < rich.size(); ++n)
      refused += record_id::parse(rich.substr(0, n)) ? 0 : 1;
    for (size_t i = 0; i < rich.size(); ++i) {
      for (char c : std::string{"[]{}()'\"`\\:,.=>-+0aZ \x80"}) {
        auto mutated = rich;
        mutated[i] = c;
        refused += record_id::parse(mutated) ? 0 : 1;
      }
    }
  } catch (const std::exception& e) {
    CAF_FAIL("exception: " << e.what());
  }
  CAF_CHECK_GREATER(refused, rich.size());
}
