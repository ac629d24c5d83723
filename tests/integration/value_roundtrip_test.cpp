// Every value kind survives a round trip through the real engine: sent as a
// bound variable in `RETURN $v`, it comes back == to what was sent. This is
// what proves our CBOR dialect matches the server's, tag by tag.
#define CAF_SUITE value_roundtrip

#include "surrealcaf/value.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_query.hpp"
#include "uuid_of.hpp"

#include <limits>

using namespace surrealcaf;

namespace {

struct fixture {
  test::engine_client db;

  void round_trip(const value& v) {
    auto back = db.echo(v);
    CAF_CHECK_EQUAL(to_string(back), to_string(v));
    CAF_CHECK(back == v);
  }
};

uuid some_uuid() {
  return test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
}

line square(double x0, double y0, double size) {
  return line{{{x0, y0}, {x0 + size, y0}, {x0 + size, y0 + size}, {x0, y0 + size}, {x0, y0}}};
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(value_roundtrip_tests, fixture)

CAF_TEST(none) {
  round_trip(none);
}

CAF_TEST(null) {
  round_trip(null);
}

CAF_TEST(bool) {
  round_trip(true);
  round_trip(false);
}

CAF_TEST(int) {
  round_trip(0);
  round_trip(-1);
  round_trip(42);
  round_trip(std::numeric_limits<int64_t>::max());
  round_trip(std::numeric_limits<int64_t>::min());
}

CAF_TEST(float) {
  round_trip(1.5);
  round_trip(-0.25);
  round_trip(1e300);
}

CAF_TEST(decimal) {
  round_trip(decimal{"3.14"});
  round_trip(decimal{"-12345678901234567890.123456789"});
}

CAF_TEST(string) {
  round_trip("Tobie");
  round_trip("");
  round_trip("ünïcödé ✓ 𝄞");
}

CAF_TEST(bytes) {
  round_trip(bytes{0x00, 0x01, 0xfe, 0xff});
  round_trip(bytes{});
}

CAF_TEST(uuid) {
  round_trip(some_uuid());
}

CAF_TEST(datetime) {
  round_trip(datetime{1767225600, 0});          // 2026-01-01T00:00:00Z
  round_trip(datetime{1767225600, 123456789});  // with nanoseconds
}

CAF_TEST(datetime negative and pre 1970) {
  round_trip(datetime{-1, 500000000});          // 1969-12-31T23:59:59.5Z
  round_trip(datetime{-14182940, 0});           // 1969-07-20T20:17:40Z
  round_trip(datetime{-62135596800, 0});        // 0001-01-01T00:00:00Z
}

CAF_TEST(duration) {
  round_trip(duration{5400, 0});                // 1h30m
  round_trip(duration{1, 500000000});           // 1s500ms
}

CAF_TEST(duration zero and huge) {
  round_trip(duration{0, 0});
  round_trip(duration{1'000'000'000'000, 999'999'999});
}

CAF_TEST(table) {
  round_trip(table{"person"});
}

CAF_TEST(record id with int key) {
  round_trip(record_id{"person", 1});
}

CAF_TEST(record id with string key) {
  round_trip(record_id{"person", "tobie"});
  round_trip(record_id{"person", "needs escaping ⟨⟩"});
}

CAF_TEST(record id with uuid key) {
  round_trip(record_id{"person", some_uuid()});
}

CAF_TEST(record id with array key) {
  round_trip(record_id{"temperature", value::array{"London", datetime{1767225600, 0}}});
}

CAF_TEST(record id with object key) {
  round_trip(record_id{"visit", value{{"city", "Paris"}, {"n", 3}}});
}

CAF_TEST(record id with range key) {
  round_trip(record_id{"person", range{bound::included(1), bound::excluded(10)}});
  round_trip(record_id{"person", range{bound::unbounded(), bound::included(5)}});
}

CAF_TEST(range with included and excluded bounds) {
  round_trip(range{bound::included(1), bound::excluded(10)});
  round_trip(range{bound::included(1), bound::included(10)});
  round_trip(range{bound::excluded(1), bound::excluded(10)});
  round_trip(range{bound::excluded("a"), bound::included("z")});
}

CAF_TEST(range with unbounded ends) {
  round_trip(range{bound::unbounded(), bound::excluded(10)});
  round_trip(range{bound::included(1), bound::unbounded()});
  round_trip(range{bound::unbounded(), bound::unbounded()});
}

CAF_TEST(geometry point) {
  round_trip(point{-0.118092, 51.509865});
}

CAF_TEST(geometry line) {
  round_trip(geometry{line{{{0, 0}, {1, 1}, {2, 0}}}});
}

CAF_TEST(geometry polygon) {
  round_trip(geometry{polygon{{square(0, 0, 10), square(2, 2, 1)}}});
}

CAF_TEST(geometry multipoint) {
  round_trip(geometry{multi_point{{{0, 0}, {1, 2}}}});
}

CAF_TEST(geometry multiline) {
  round_trip(geometry{multi_line{{line{{{0, 0}, {1, 1}}}, line{{{2, 2}, {3, 3}}}}}});
}

CAF_TEST(geometry multipolygon) {
  round_trip(geometry{multi_polygon{{polygon{{square(0, 0, 1)}}, polygon{{square(5, 5, 2)}}}}});
}

CAF_TEST(geometry collection) {
  round_trip(geometry{geometry_collection{
    {point{1, 2}, line{{{0, 0}, {1, 1}}}, polygon{{square(0, 0, 1)}},
     geometry{geometry_collection{{point{3, 4}}}}}}});
}

CAF_TEST(file) {
  round_trip(file_ref{"bucket", "/path/to/file.txt"});
}

CAF_TEST(set) {
  round_trip(set{{1, 2, 3}});
}

CAF_TEST(array) {
  round_trip(value::array{1, "two", 3.5, true, null});
}

CAF_TEST(object) {
  round_trip(value{{"name", "Tobie"}, {"age", 42}, {"tags", value::array{"a", "b"}},
                   {"address", value{{"city", "London"}}}});
}

CAF_TEST(none inside objects and arrays) {
  round_trip(value::array{1, none, 3});
  round_trip(value{{"a", 1}, {"b", none}});
}

CAF_TEST_FIXTURE_SCOPE_END()
