// record_id::parse against the real engine: records created with tricky
// keys, the text the engine prints for their ids read back by our parser,
// compared with the id the engine sends as a value, and used to find the
// record again.
#define CAF_SUITE record_id_parse

#include "surrealcaf/value.hpp"

#include "caf/test/unit_test.hpp"

#include <limits>
#include <string>
#include <vector>

#include "engine_query.hpp"
#include "fresh_database.hpp"

using namespace surrealcaf;

namespace {

struct fixture {
  test::engine_client db;

  // A database of its own in a namespace of this run.
  fixture() {
    db.use(test::run_name("ids"), test::fresh_database("ids"));
  }

  // Creates the record `literal` (SurrealQL) with `n`, then checks that the
  // engine's text for its id parses to the id the engine sends, and that the
  // parsed id finds the record, bound as a variable and printed by us.
  void check(const std::string& literal, int64_t n) {
    CAF_MESSAGE("id " << literal);
    db.single("CREATE " + literal + " SET n = $n RETURN NONE", {{"n", n}});
    auto row = db.single("SELECT VALUE [id, <string> id, type::string(id)] FROM ONLY " + literal);
    CAF_REQUIRE(row.is<value::array>());
    auto& engine_id = row[0];
    CAF_REQUIRE(engine_id.is<record_id>());
    auto& cast_text = row[1];
    auto& function_text = row[2];
    CAF_REQUIRE(cast_text.is<std::string>());
    CAF_CHECK_EQUAL(cast_text, function_text);
    auto parsed = record_id::parse(cast_text.get<std::string>());
    if (!parsed)
      CAF_FAIL("the engine's " << cast_text.get<std::string>()
                               << " is refused: " << describe(parsed.error()));
    CAF_CHECK_EQUAL(*parsed, engine_id.get<record_id>());
    // Our literal, as written in the statement, reads as the same id too.
    auto from_literal = record_id::parse(literal);
    CAF_REQUIRE(from_literal);
    CAF_CHECK_EQUAL(*from_literal, *parsed);
    // The parsed id finds the record: as a bound variable and as our text.
    CAF_CHECK_EQUAL(db.single("SELECT VALUE n FROM ONLY $id", {{"id", *parsed}}), value{n});
    CAF_CHECK_EQUAL(db.single("SELECT VALUE n FROM ONLY " + to_string(*parsed)), value{n});
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(record_id_parse_tests, fixture)

CAF_TEST(the angle bracket example) {
  check("person:⟨tobie⟩", 1);
  CAF_CHECK_EQUAL(db.single("SELECT VALUE <string> id FROM ONLY person:tobie"),
                  value{"person:tobie"});
}

CAF_TEST(text keys that need escaping) {
  const std::vector<std::string> literals{
    "person:⟨with space⟩",  "person:⟨é ✓ 𝄞⟩",      "person:⟨-⟩",          "person:⟨a-b⟩",
    "person:⟨-5⟩",          "person:⟨123⟩",        "person:⟨1_000⟩",      "person:⟨⟩",
    "person:`back\\`tick`", "person:⟨a`b⟩",        "person:`a⟩b`",        "person:⟨c\\u{27E9}d⟩",
    "person:⟨tab\\there⟩",  "person:⟨new\\nline⟩", "person:⟨quote'\"⟩",   "person:⟨back\\\\slash⟩",
    "person:⟨NaN⟩",         "person:⟨Infinity⟩",   "person:⟨nul\\0byte⟩", "person:⟨😀⟩",
  };
  int64_t n = 0;
  for (auto& literal : literals)
    check(literal, ++n);
}

CAF_TEST(text keys that look like numbers or keywords) {
  const std::vector<std::string> literals{
    "person:123abc", "person:1e5", "person:1_000",  "person:99999999999999999999",
    "person:_",      "person:_1",  "person:select", "person:true",
    "person:none",
  };
  int64_t n = 0;
  for (auto& literal : literals)
    check(literal, ++n);
}

CAF_TEST(integer keys) {
  const std::vector<std::string> literals{
    "person:42",
    "person:-7",
    "person:007",
    "person:0",
    "person:-1_000",
    "person:9223372036854775807",
    "person:-9223372036854775808",
  };
  int64_t n = 0;
  for (auto& literal : literals)
    check(literal, ++n);
}

CAF_TEST(uuid array and object keys) {
  const std::vector<std::string> literals{
    "person:u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11'",
    "temperature:['London', 2026]",
    "temperature:['London', d'2026-01-01T00:00:00Z']",
    "weird:[1, 'two', [3, [4]], { five: 5 }, NONE, NULL, true, 1.5f, 2.5dec, 1h30m, "
    "u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11', b\"00FF\", other:⟨x y⟩, (1, 2), {1, 2}]",
    "weird:['it\\'s', \"quote\\\"d\", '⟨⟩`', -Infinity, 1e300f, 0.1f]",
    "weird:[{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }]",
    "place:{ city: 'Paris', n: 1, `odd key`: [1] }",
    "place:{  }",
    "place:[]",
  };
  int64_t n = 0;
  for (auto& literal : literals)
    check(literal, ++n);
}

CAF_TEST(escaped table names) {
  check("`odd table`:1", 1);
  check("⟨été⟩:⟨x⟩", 2);
  check("`123`:x", 3);
}

CAF_TEST(ranges of ids print and parse back) {
  // A record-id range is no record, but the engine prints it and parses it
  // back; so do we.
  for (auto literal :
       {"person:1..10", "person:1>..=10", "person:a..z", "person:..", "person:..=5"}) {
    auto text = db.single(std::string{"RETURN <string> "} + literal);
    CAF_REQUIRE(text.is<std::string>());
    auto parsed = record_id::parse(text.get<std::string>());
    CAF_REQUIRE(parsed);
    auto engine_id = db.single(std::string{"RETURN "} + literal);
    CAF_CHECK_EQUAL(value{*parsed}, engine_id);
  }
}

CAF_TEST(ids we send print on the engine as text we read back) {
  // The engine prints ids built here (sent as CBOR); parse gives them back.
  const std::vector<record_id> ids{
    {"person", "needs escaping ⟨⟩`\\'\""},
    {"person", "\t\n\r\b\f"},
    {"person", "-1"},
    {"person", ""},
    {"person", "0123"},
    {"person", std::numeric_limits<int64_t>::min()},
    {"a b", value::array{"x", 1, value::array{}, value::object{{"k", "v"}}}},
    {"person", value::object{{"", 1}, {"1", 2}, {"a\"b", 3}}},
    {"person", value::array{decimal{"1.25"}, duration{90, 0}, datetime{-1, 500000000}, bytes{}}},
  };
  for (auto& id : ids) {
    auto text = db.single("RETURN <string> $id", {{"id", id}});
    CAF_REQUIRE(text.is<std::string>());
    CAF_MESSAGE("engine prints " << text.get<std::string>());
    auto parsed = record_id::parse(text.get<std::string>());
    if (!parsed)
      CAF_FAIL("refused " << text.get<std::string>() << ": " << describe(parsed.error()));
    CAF_CHECK_EQUAL(*parsed, id);
  }
}

CAF_TEST_FIXTURE_SCOPE_END()
