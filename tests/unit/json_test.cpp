#define CAF_SUITE json

#include "surrealcaf/json.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "uuid_of.hpp"

using namespace surrealcaf;

namespace {

std::string dumped(const value& x) {
  return to_json(x).dump();
}

std::string wire(const value& x) {
  return to_wire_json(x).dump();
}

// 2026-01-01T00:00:00Z.
constexpr int64_t new_year_2026 = 1767225600;

} // namespace

// -- to_json: the server's JSON output ----------------------------------------

CAF_TEST(none and null become null) {
  CAF_CHECK_EQUAL(dumped(value{}), "null");
  CAF_CHECK_EQUAL(dumped(null), "null");
}

CAF_TEST(scalars keep their JSON form) {
  CAF_CHECK_EQUAL(dumped(true), "true");
  CAF_CHECK_EQUAL(dumped(-42), "-42");
  CAF_CHECK_EQUAL(dumped(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
  CAF_CHECK_EQUAL(dumped(1.5), "1.5");
  CAF_CHECK_EQUAL(dumped("Tobie"), "\"Tobie\"");
  CAF_CHECK_EQUAL(dumped("person:tobie"), "\"person:tobie\"");
}

CAF_TEST(non finite floats become null) {
  CAF_CHECK_EQUAL(dumped(std::nan("")), "null");
  CAF_CHECK_EQUAL(dumped(std::numeric_limits<double>::infinity()), "null");
  CAF_CHECK_EQUAL(dumped(-std::numeric_limits<double>::infinity()), "null");
}

CAF_TEST(decimal becomes its text) {
  CAF_CHECK_EQUAL(dumped(decimal{"3.14159265358979323846"}), "\"3.14159265358979323846\"");
}

CAF_TEST(bytes become an array of numbers) {
  CAF_CHECK_EQUAL(dumped(bytes{0, 1, 255}), "[0,1,255]");
  CAF_CHECK_EQUAL(dumped(bytes{}), "[]");
}

CAF_TEST(uuid becomes a hyphenated lowercase string) {
  auto id = test::uuid_of("0199C6C4-5F0E-7C1A-9A6A-3B1D2F6E4A11");
  CAF_CHECK_EQUAL(dumped(id), "\"0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11\"");
}

CAF_TEST(datetime becomes RFC 3339) {
  CAF_CHECK_EQUAL(dumped(datetime{new_year_2026, 0}), "\"2026-01-01T00:00:00Z\"");
}

CAF_TEST(duration becomes SurrealQL duration text) {
  CAF_CHECK_EQUAL(dumped(duration{5400, 0}), "\"1h30m\"");
}

CAF_TEST(table becomes its name) {
  CAF_CHECK_EQUAL(dumped(table{"person"}), "\"person\"");
}

CAF_TEST(record id becomes table colon key) {
  CAF_CHECK_EQUAL(dumped(record_id{"person", "tobie"}), "\"person:tobie\"");
  CAF_CHECK_EQUAL(dumped(record_id{"person", 42}), "\"person:42\"");
}

CAF_TEST(arrays sets and objects nest) {
  value nested{{"tags", value::array{"a", 1, null}},
               {"set", set{{1, 2}}},
               {"owner", record_id{"person", "tobie"}},
               {"missing", value{}}};
  CAF_CHECK_EQUAL(dumped(nested),
                  R"({"missing":null,"owner":"person:tobie","set":[1,2],"tags":["a",1,null]})");
  CAF_CHECK_EQUAL(dumped(value::array{}), "[]");
  CAF_CHECK_EQUAL(dumped(value::object{}), "{}");
}

CAF_TEST(range and file become SurrealQL text) {
  CAF_CHECK_EQUAL(dumped(range{bound::included(1), bound::included(10)}), "\"1..=10\"");
  CAF_CHECK_EQUAL(dumped(file_ref{"docs", "/a.txt"}), R"("f\"docs:/a.txt\"")");
}

CAF_TEST(geometries become GeoJSON) {
  CAF_CHECK_EQUAL(dumped(point{1.5, -2}), R"({"coordinates":[1.5,-2.0],"type":"Point"})");
  CAF_CHECK_EQUAL(dumped(geometry{line{{{0, 0}, {1, 1}}}}),
                  R"({"coordinates":[[0.0,0.0],[1.0,1.0]],"type":"LineString"})");
  auto ring = line{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}};
  CAF_CHECK_EQUAL(
    dumped(geometry{polygon{{ring}}}),
    R"({"coordinates":[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]],"type":"Polygon"})");
  CAF_CHECK_EQUAL(dumped(geometry{multi_point{{{1, 2}, {3, 4}}}}),
                  R"({"coordinates":[[1.0,2.0],[3.0,4.0]],"type":"MultiPoint"})");
  CAF_CHECK_EQUAL(dumped(geometry{multi_line{{line{{{1, 2}, {3, 4}}}}}}),
                  R"({"coordinates":[[[1.0,2.0],[3.0,4.0]]],"type":"MultiLineString"})");
  CAF_CHECK_EQUAL(dumped(geometry{multi_polygon{{polygon{{ring}}}}}),
                  R"({"coordinates":[[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]]]],)"
                  R"("type":"MultiPolygon"})");
  CAF_CHECK_EQUAL(dumped(geometry{geometry_collection{{point{1, 2}, line{{{0, 0}, {1, 1}}}}}}),
                  R"({"geometries":[{"coordinates":[1.0,2.0],"type":"Point"},)"
                  R"({"coordinates":[[0.0,0.0],[1.0,1.0]],"type":"LineString"}],)"
                  R"("type":"GeometryCollection"})");
}

// -- from_json: the plain inverse ---------------------------------------------

CAF_TEST(from json maps every JSON type) {
  auto parsed = from_json(nlohmann::json::parse(
    R"({"n":null,"t":true,"neg":-5,"pos":42,"f":1.5,"s":"text","a":[1,"x"],"o":{"k":false}})"));
  CAF_REQUIRE(parsed.is<value::object>());
  CAF_CHECK(parsed["n"].is_null());
  CAF_CHECK(parsed["t"] == value{true});
  CAF_CHECK(parsed["neg"] == value{-5});
  CAF_CHECK(parsed["pos"] == value{42});
  CAF_CHECK(parsed["pos"].is<int64_t>());
  CAF_CHECK(parsed["f"] == value{1.5});
  CAF_CHECK(parsed["s"] == value{"text"});
  CAF_CHECK(parsed["a"] == (value::array{1, "x"}));
  CAF_CHECK(parsed["o"] == (value{{"k", false}}));
}

CAF_TEST(from json guesses no types from strings) {
  auto parsed = from_json(nlohmann::json::array(
    {"person:tobie", "2026-01-01T00:00:00Z", "0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11", "1h30m"}));
  CAF_REQUIRE(parsed.is<value::array>());
  for (const auto& item : parsed.get<value::array>())
    CAF_CHECK(item.is<std::string>());
}

CAF_TEST(from json keeps integers above INT64_MAX as exact decimals) {
  auto big = from_json(nlohmann::json::parse("18446744073709551615"));
  CAF_CHECK(big == value{decimal{"18446744073709551615"}});
  auto max = from_json(nlohmann::json::parse("9223372036854775807"));
  CAF_CHECK(max == value{std::numeric_limits<int64_t>::max()});
}

CAF_TEST(from json turns binary into bytes) {
  CAF_CHECK(from_json(nlohmann::json::binary({1, 2, 3})) == value{bytes{1, 2, 3}});
  CAF_CHECK(from_json(nlohmann::json::binary({9}, 42)) == value{bytes{9}});
}

CAF_TEST(json native values round trip) {
  value doc{{"name", "Tobie"}, {"age", 42}, {"score", 0.25},
            {"tags", value::array{"a", null, true}}, {"nested", value{{"x", value::array{}}}}};
  CAF_CHECK(from_json(to_json(doc)) == doc);
  CAF_CHECK(from_json(nlohmann::json::parse(to_json(doc).dump())) == doc);
}

// -- to_wire_json: what a json-subprotocol server gets ------------------------

CAF_TEST(wire json leaves out none fields) {
  value doc{{"keep", null}, {"drop", value{}}, {"inner", value{{"gone", value{}}, {"x", 1}}}};
  CAF_CHECK_EQUAL(wire(doc), R"({"inner":{"x":1},"keep":null})");
}

CAF_TEST(wire json writes none outside objects as null) {
  CAF_CHECK_EQUAL(wire(value{}), "null");
  CAF_CHECK_EQUAL(wire(value::array{value{}, 1}), "[null,1]");
}

CAF_TEST(wire json sends typed values as the strings the server reparses) {
  value params = value::array{record_id{"person", "tobie"}, datetime{new_year_2026, 0},
                              test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"),
                              decimal{"1.10"}, duration{5400, 0}, table{"person"}};
  CAF_CHECK_EQUAL(wire(params),
                  R"(["person:tobie","2026-01-01T00:00:00Z",)"
                  R"("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11","1.10","1h30m","person"])");
}

CAF_TEST(wire json matches to json apart from none fields) {
  value doc{{"bytes", bytes{1, 2}}, {"set", set{{1}}}, {"point", point{1, 2}},
            {"nan", std::nan("")}, {"n", 7}};
  CAF_CHECK_EQUAL(wire(doc), dumped(doc));
}
