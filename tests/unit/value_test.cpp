#define CAF_SUITE value

#include <string_view>
#include "surrealcaf/value.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include <boost/uuid/nil_generator.hpp>

#include "thrown.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using surrealcaf::test::thrown_text;

namespace {

range make_range(bound begin, bound end) {
  return range{std::move(begin), std::move(end)};
}

const datetime new_year_2026{1'767'225'600, 0};

} // namespace

// -- building values ----------------------------------------------------------

CAF_TEST(objects build from key value pairs) {
  value person{{"name", "Tobie"}, {"age", 42}, {"id", record_id{"person", "tobie"}}};
  CAF_REQUIRE(person.is<value::object>());
  CAF_CHECK(person.type() == value::kind::object);
  CAF_CHECK_EQUAL(person.get<value::object>().size(), 3u);
  CAF_CHECK_EQUAL(person["name"], value{"Tobie"});
  CAF_CHECK_EQUAL(person["age"].get<int64_t>(), 42);
  CAF_CHECK_EQUAL(person["id"].get<record_id>(), (record_id{"person", "tobie"}));
  CAF_CHECK_EQUAL(to_string(person), "{ age: 42, id: person:tobie, name: 'Tobie' }");
}

CAF_TEST(arrays build from lists of values) {
  value list = value::array{1, "two", 3.0, nullptr, none};
  CAF_REQUIRE(list.is<value::array>());
  CAF_CHECK_EQUAL(list.get<value::array>().size(), 5u);
  CAF_CHECK(list[0].is<int64_t>());
  CAF_CHECK(list[1].is<std::string>());
  CAF_CHECK(list[2].is<double>());
  CAF_CHECK(list[3].is_null());
  CAF_CHECK(list[4].is_none());
  CAF_CHECK_EQUAL(to_string(list), "[1, 'two', 3f, NULL, NONE]");
}

CAF_TEST(scalars pick the matching kind) {
  CAF_CHECK(value{}.type() == value::kind::none);
  CAF_CHECK(value{none}.type() == value::kind::none);
  CAF_CHECK(value{null}.type() == value::kind::null);
  CAF_CHECK(value{nullptr}.type() == value::kind::null);
  CAF_CHECK(value{true}.type() == value::kind::boolean);
  CAF_CHECK(value{int8_t{-1}}.type() == value::kind::integer);
  CAF_CHECK(value{uint32_t{7}}.type() == value::kind::integer);
  CAF_CHECK(value{1.5f}.type() == value::kind::floating);
  CAF_CHECK(value{decimal{"1.5"}}.type() == value::kind::decimal);
  CAF_CHECK(value{std::string{"x"}}.type() == value::kind::string);
  CAF_CHECK(value{std::string_view{"x"}}.type() == value::kind::string);
  CAF_CHECK(value{bytes{1, 2}}.type() == value::kind::bytes);
  CAF_CHECK(value{boost::uuids::nil_uuid()}.type() == value::kind::uuid);
  CAF_CHECK(value{datetime{}}.type() == value::kind::datetime);
  CAF_CHECK(value{duration{}}.type() == value::kind::duration);
  CAF_CHECK(value{table{"person"}}.type() == value::kind::table);
  CAF_CHECK(value{record_id{"person", 1}}.type() == value::kind::record_id);
  CAF_CHECK(value{range{}}.type() == value::kind::range);
  CAF_CHECK(value{point{1, 2}}.type() == value::kind::geometry);
  CAF_CHECK(value{file_ref{"b", "/k"}}.type() == value::kind::file);
  CAF_CHECK(value{set{}}.type() == value::kind::set);
  CAF_CHECK_EQUAL(to_string(value::kind::record_id), std::string{"record"});
  CAF_CHECK_EQUAL(to_string(value::kind::integer), std::string{"int"});
}

CAF_TEST(unsigned integers above the int64 maximum throw) {
  constexpr auto int64_max = std::numeric_limits<int64_t>::max();
  const value largest{static_cast<uint64_t>(int64_max)};
  CAF_CHECK_EQUAL(largest.get<int64_t>(), int64_max);
  CAF_CHECK_EQUAL(thrown_text<std::out_of_range>(
                    [] { value{static_cast<uint64_t>(int64_max) + 1}; }),
                  "integer above INT64_MAX cannot be a SurrealDB value");
  CAF_CHECK_EQUAL(thrown_text<std::out_of_range>(
                    [] { value{std::numeric_limits<unsigned long long>::max()}; }),
                  "integer above INT64_MAX cannot be a SurrealDB value");
  const value smallest{std::numeric_limits<int64_t>::min()};
  CAF_CHECK_EQUAL(smallest.get<int64_t>(), std::numeric_limits<int64_t>::min());
}

// -- access -------------------------------------------------------------------

CAF_TEST(get get_if and is see only the held kind) {
  value x = 42;
  CAF_CHECK(x.is<int64_t>());
  CAF_CHECK(!x.is<double>());
  CAF_CHECK_EQUAL(x.get<int64_t>(), 42);
  CAF_REQUIRE(x.get_if<int64_t>() != nullptr);
  CAF_CHECK_EQUAL(*x.get_if<int64_t>(), 42);
  CAF_CHECK(x.get_if<std::string>() == nullptr);
  // Mutable access changes the value in place.
  x.get<int64_t>() = 7;
  *x.get_if<int64_t>() += 1;
  CAF_CHECK_EQUAL(x, value{8});
}

CAF_TEST(get of another kind throws bad_value_access naming both kinds) {
  value x = 42;
  CAF_CHECK_EQUAL(thrown_text<bad_value_access>([&] { x.get<std::string>(); }),
                  "value holds int, not string");
  const value record = record_id{"person", "tobie"};
  CAF_CHECK_EQUAL(thrown_text<bad_value_access>([&] { record.get<value::object>(); }),
                  "value holds record, not object");
  CAF_CHECK_EQUAL(thrown_text<bad_value_access>([] { value{}.get<bool>(); }),
                  "value holds none, not bool");
  // bad_value_access is a logic_error.
  CAF_CHECK_EQUAL(thrown_text<std::logic_error>([] { value{null}.get<double>(); }),
                  "value holds null, not float");
}

CAF_TEST(subscripts give NONE when missing) {
  const value obj{{"a", 1}};
  CAF_CHECK_EQUAL(obj["a"], value{1});
  CAF_CHECK(obj["b"].is_none());
  const value arr = value::array{"x", "y"};
  CAF_CHECK_EQUAL(arr[size_t{1}], value{"y"});
  CAF_CHECK(arr[size_t{2}].is_none());
  // Wrong kinds are not an error either: SurrealQL's `x.missing` is NONE.
  CAF_CHECK(arr["a"].is_none());
  CAF_CHECK(obj[size_t{0}].is_none());
  CAF_CHECK(value{5}["a"].is_none());
}

// -- equality -----------------------------------------------------------------

CAF_TEST(equality compares kind and content) {
  CAF_CHECK_EQUAL(value{}, value{none});
  CAF_CHECK_EQUAL(value{null}, value{nullptr});
  CAF_CHECK_NOT_EQUAL(value{none}, value{null});
  CAF_CHECK_NOT_EQUAL(value{1}, value{1.0});
  CAF_CHECK_NOT_EQUAL(value{1}, value{true});
  CAF_CHECK_NOT_EQUAL(value{"1"}, value{1});
  CAF_CHECK_EQUAL(value{decimal{"1.50"}}, value{decimal{"1.50"}});
  CAF_CHECK_NOT_EQUAL(value{decimal{"1.5"}}, value{decimal{"1.50"}});
  CAF_CHECK_EQUAL((value{{"a", value::array{1, 2}}}), (value{{"a", value::array{1, 2}}}));
  CAF_CHECK_NOT_EQUAL((value{{"a", value::array{1, 2}}}), (value{{"a", value::array{2, 1}}}));
  CAF_CHECK_EQUAL(value(record_id{"person", 1}), value(record_id{"person", 1}));
  CAF_CHECK_NOT_EQUAL(value(record_id{"person", 1}), value(record_id{"person", "1"}));
  CAF_CHECK_NOT_EQUAL(value(record_id{"person", 1}), value(record_id{"user", 1}));
  CAF_CHECK_NOT_EQUAL(value(table{"person"}), value("person"));
  CAF_CHECK_EQUAL(value(set{{1, 2}}), value(set{{1, 2}}));
  CAF_CHECK_NOT_EQUAL(value(set{{1, 2}}), value(value::array{1, 2}));
}

CAF_TEST(bounds compare their limit only when bounded) {
  bound stray;
  stray.limit = value{5}; // an unbounded end ignores whatever its limit holds
  CAF_CHECK(stray == bound::unbounded());
  CAF_CHECK(bound::included(1) == bound::included(1));
  CAF_CHECK(bound::included(1) != bound::included(2));
  CAF_CHECK(bound::included(1) != bound::excluded(1));
  CAF_CHECK(bound::excluded(1) != bound::unbounded());
  CAF_CHECK(make_range(bound::included(1), bound::excluded(10))
            == make_range(bound::included(1), bound::excluded(10)));
  CAF_CHECK(make_range(bound::included(1), bound::excluded(10))
            != make_range(bound::included(1), bound::included(10)));
}

// -- copies and moves ---------------------------------------------------------

CAF_TEST(copies are deep) {
  value original{{"tags", value::array{"a"}}, {"id", record_id{"person", value::array{1}}}};
  value copy = original;
  copy.get<value::object>()["tags"].get<value::array>().emplace_back("b");
  copy.get<value::object>()["id"].get<record_id>().key->get<value::array>().emplace_back(2);
  CAF_CHECK_EQUAL(to_string(original), "{ id: person:[1], tags: ['a'] }");
  CAF_CHECK_EQUAL(to_string(copy), "{ id: person:[1, 2], tags: ['a', 'b'] }");
  record_id a{"person", "tobie"};
  record_id b{"x", 1};
  b = a;
  *b.key = "jaime";
  CAF_CHECK_EQUAL(to_string(a), "person:tobie");
  CAF_CHECK_EQUAL(to_string(b), "person:jaime");
}

CAF_TEST(moves transfer content and a moved from record id reads as NONE) {
  record_id a{"person", "tobie"};
  record_id b = std::move(a);
  CAF_CHECK_EQUAL(to_string(b), "person:tobie");
  const auto& moved_from = a; // const access reads, it does not allocate
  CAF_CHECK(moved_from.key->is_none());
  CAF_CHECK(*moved_from.key == value{});
  // A moved-from record id is still usable: assign to it again.
  a = record_id{"person", 7};
  CAF_CHECK_EQUAL(to_string(a), "person:7");
  value x = value::array{1, 2};
  value y = std::move(x);
  CAF_CHECK_EQUAL(to_string(y), "[1, 2]");
  x = "again";
  CAF_CHECK_EQUAL(x, value{"again"});
  bound c = bound::included(3);
  bound d = std::move(c);
  CAF_CHECK(d == bound::included(3));
}

// -- printing -----------------------------------------------------------------

CAF_TEST(none null and booleans print as keywords) {
  CAF_CHECK_EQUAL(to_string(value{}), "NONE");
  CAF_CHECK_EQUAL(to_string(value{null}), "NULL");
  CAF_CHECK_EQUAL(to_string(value{true}), "true");
  CAF_CHECK_EQUAL(to_string(value{false}), "false");
}

CAF_TEST(numbers print as SurrealQL literals) {
  CAF_CHECK_EQUAL(to_string(value{0}), "0");
  CAF_CHECK_EQUAL(to_string(value{-5}), "-5");
  CAF_CHECK_EQUAL(to_string(value{std::numeric_limits<int64_t>::max()}),
                  "9223372036854775807");
  CAF_CHECK_EQUAL(to_string(value{std::numeric_limits<int64_t>::min()}),
                  "-9223372036854775808");
  CAF_CHECK_EQUAL(to_string(value{0.0}), "0f");
  CAF_CHECK_EQUAL(to_string(value{-0.0}), "-0f");
  CAF_CHECK_EQUAL(to_string(value{5.0}), "5f");
  CAF_CHECK_EQUAL(to_string(value{-5.5}), "-5.5f");
  CAF_CHECK_EQUAL(to_string(value{3.12345}), "3.12345f");
  CAF_CHECK_EQUAL(to_string(value{0.1}), "0.1f");
  CAF_CHECK_EQUAL(to_string(value{1.0 / 3}), "0.3333333333333333f");
  CAF_CHECK_EQUAL(to_string(value{1e21}), "1000000000000000000000f");
  CAF_CHECK_EQUAL(to_string(value{1e-7}), "0.0000001f");
  CAF_CHECK_EQUAL(to_string(value{std::nan("")}), "NaN");
  CAF_CHECK_EQUAL(to_string(value{std::numeric_limits<double>::infinity()}), "Infinity");
  CAF_CHECK_EQUAL(to_string(value{-std::numeric_limits<double>::infinity()}), "-Infinity");
  // The smallest subnormal needs the longest text of all doubles.
  auto tiny = to_string(value{std::numeric_limits<double>::denorm_min()});
  CAF_CHECK_EQUAL(tiny.size(), 2u + 323u + 1u + 1u);
  CAF_CHECK_EQUAL(tiny.substr(tiny.size() - 3), "05f");
  CAF_CHECK_EQUAL(to_string(value{decimal{"0"}}), "0dec");
  CAF_CHECK_EQUAL(to_string(value{decimal{"-5"}}), "-5dec");
  CAF_CHECK_EQUAL(to_string(value{decimal{"123.45"}}), "123.45dec");
  CAF_CHECK_EQUAL(to_string(value{decimal{"3.14159265358979323846"}}),
                  "3.14159265358979323846dec");
}

CAF_TEST(strings use single quotes unless they hold one) {
  CAF_CHECK_EQUAL(to_string(value{""}), "''");
  CAF_CHECK_EQUAL(to_string(value{"hello world"}), "'hello world'");
  CAF_CHECK_EQUAL(to_string(value{"escap'd"}), "\"escap'd\"");
  CAF_CHECK_EQUAL(to_string(value{"\"escaped\""}), "'\"escaped\"'");
  CAF_CHECK_EQUAL(to_string(value{"mix'd \"quotes\""}), "\"mix'd \\\"quotes\\\"\"");
  CAF_CHECK_EQUAL(to_string(value{"tab\there"}), "'tab\\there'");
  CAF_CHECK_EQUAL(to_string(value{"new\nline\r"}), "'new\\nline\\r'");
  CAF_CHECK_EQUAL(to_string(value{"back\\slash"}), "'back\\\\slash'");
  CAF_CHECK_EQUAL(to_string(value{"\b\f"}), "'\\u{8}\\f'");
  CAF_CHECK_EQUAL(to_string(value{std::string{"a\0b", 3}}), "'a\\0b'");
  CAF_CHECK_EQUAL(to_string(value{"\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x8E\x89"}),
                  "'\xE4\xBD\xA0\xE5\xA5\xBD \xF0\x9F\x8E\x89'");
}

CAF_TEST(bytes uuids datetimes and durations use their prefixes) {
  CAF_CHECK_EQUAL(to_string(value{bytes{}}), "b\"\"");
  CAF_CHECK_EQUAL(to_string(value{bytes{1, 2, 3}}), "b\"010203\"");
  CAF_CHECK_EQUAL(to_string(value{bytes{255, 0, 128}}), "b\"FF0080\"");
  CAF_CHECK_EQUAL(to_string(value{boost::uuids::nil_uuid()}),
                  "u'00000000-0000-0000-0000-000000000000'");
  auto id = test::uuid_of("0199C6C4-5F0E-7C1A-9A6A-3B1D2F6E4A11");
  CAF_CHECK_EQUAL(to_string(value{id}), "u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11'");
  CAF_CHECK_EQUAL(to_string(id), "u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11'");
  CAF_CHECK_EQUAL(to_string(value{datetime{0, 0}}), "d'1970-01-01T00:00:00Z'");
  CAF_CHECK_EQUAL(to_string(value{new_year_2026}), "d'2026-01-01T00:00:00Z'");
  CAF_CHECK_EQUAL(to_string(value{datetime{-1, 500'000'000}}), "d'1969-12-31T23:59:59.500Z'");
  CAF_CHECK_EQUAL(to_string(value{duration{5400, 0}}), "1h30m");
  CAF_CHECK_EQUAL(to_string(value{duration{}}), "0ns");
}

CAF_TEST(tables print as identifiers) {
  CAF_CHECK_EQUAL(to_string(value{table{"test"}}), "test");
  CAF_CHECK_EQUAL(to_string(value{table{"snake_Case9"}}), "snake_Case9");
  CAF_CHECK_EQUAL(to_string(value{table{"escap'd"}}), "`escap'd`");
  CAF_CHECK_EQUAL(to_string(value{table{"9lives"}}), "`9lives`");
  CAF_CHECK_EQUAL(to_string(value{table{""}}), "``");
  CAF_CHECK_EQUAL(to_string(value{table{"a`b c"}}), "`a\\`b c`");
  CAF_CHECK_EQUAL(to_string(value{table{"none"}}), "`none`");
  CAF_CHECK_EQUAL(to_string(value{table{"NULL"}}), "`NULL`");
  CAF_CHECK_EQUAL(to_string(value{table{"NaN"}}), "`NaN`");
}

CAF_TEST(record ids escape tables and string keys) {
  CAF_CHECK_EQUAL(to_string(record_id{"person", "tobie"}), "person:tobie");
  CAF_CHECK_EQUAL(to_string(record_id{"user", 123}), "user:123");
  CAF_CHECK_EQUAL(to_string(record_id{"user", -5}), "user:-5");
  CAF_CHECK_EQUAL(to_string(record_id{"table", "complex_id"}), "table:complex_id");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "123abc"}), "person:123abc");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "123"}), "person:`123`");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "1_000"}), "person:`1_000`");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "needs escaping"}), "person:`needs escaping`");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "he said `hi`"}),
                  "person:`he said \\`hi\\``");
  CAF_CHECK_EQUAL(to_string(record_id{"person", ""}), "person:``");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "NaN"}), "person:`NaN`");
  CAF_CHECK_EQUAL(to_string(record_id{"we:ird", "tobie"}), "`we:ird`:tobie");
  CAF_CHECK_EQUAL(to_string(record_id{"person", "to:bie"}), "person:`to:bie`");
}

CAF_TEST(record ids with compound keys) {
  auto id = test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
  CAF_CHECK_EQUAL(to_string(record_id{"person", id}),
                  "person:u'0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11'");
  CAF_CHECK_EQUAL(to_string(record_id{"temperature", value::array{"London", new_year_2026}}),
                  "temperature:['London', d'2026-01-01T00:00:00Z']");
  CAF_CHECK_EQUAL(to_string(record_id{"person", value{{"city", "London"}, {"n", 1}}}),
                  "person:{ city: 'London', n: 1 }");
  // A key of a kind SurrealDB rejects still prints what it holds.
  CAF_CHECK_EQUAL(to_string(record_id{}), "``:NONE");
  CAF_CHECK_EQUAL(to_string(record_id{"person", 1.5}), "person:1.5f");
}

CAF_TEST(record id ranges print their bounds as keys) {
  CAF_CHECK_EQUAL(
    to_string(record_id{"person", make_range(bound::included(1), bound::included(10))}),
    "person:1..=10");
  CAF_CHECK_EQUAL(
    to_string(record_id{"person", make_range(bound::excluded(1), bound::excluded(10))}),
    "person:1>..10");
  CAF_CHECK_EQUAL(to_string(record_id{"person", make_range(bound::unbounded(),
                                                           bound::excluded(5))}),
                  "person:..5");
  CAF_CHECK_EQUAL(to_string(record_id{"person", range{}}), "person:..");
  CAF_CHECK_EQUAL(
    to_string(record_id{"person", make_range(bound::included("a"), bound::excluded("m n"))}),
    "person:a..`m n`");
  CAF_CHECK_EQUAL(
    to_string(record_id{"t", make_range(bound::included(value::array{"x", 1}),
                                        bound::unbounded())}),
    "t:['x', 1]..");
}

CAF_TEST(ranges print in SurrealQL range syntax) {
  CAF_CHECK_EQUAL(to_string(range{}), "..");
  CAF_CHECK_EQUAL(to_string(make_range(bound::included(1), bound::excluded(10))), "1..10");
  CAF_CHECK_EQUAL(to_string(make_range(bound::included(0), bound::included(100))), "0..=100");
  CAF_CHECK_EQUAL(to_string(make_range(bound::unbounded(), bound::excluded(50))), "..50");
  CAF_CHECK_EQUAL(to_string(make_range(bound::unbounded(), bound::included(50))), "..=50");
  CAF_CHECK_EQUAL(to_string(make_range(bound::included(10), bound::unbounded())), "10..");
  CAF_CHECK_EQUAL(to_string(make_range(bound::excluded(1), bound::excluded(10))), "1>..10");
  CAF_CHECK_EQUAL(to_string(make_range(bound::excluded(1), bound::included(10))), "1>..=10");
  CAF_CHECK_EQUAL(to_string(make_range(bound::excluded(1), bound::unbounded())), "1>..");
  CAF_CHECK_EQUAL(to_string(value{make_range(bound::included("a"), bound::included("z"))}),
                  "'a'..='z'");
}

CAF_TEST(arrays and objects) {
  CAF_CHECK_EQUAL(to_string(value{value::array{}}), "[]");
  CAF_CHECK_EQUAL(to_string(value{value::array{1}}), "[1]");
  CAF_CHECK_EQUAL(to_string(value{value::array{"hello", 42, true}}), "['hello', 42, true]");
  CAF_CHECK_EQUAL(to_string(value{value::array{value::array{1, 2}, value::array{3}}}),
                  "[[1, 2], [3]]");
  CAF_CHECK_EQUAL(to_string(value{value::object{}}), "{  }");
  CAF_CHECK_EQUAL(to_string(value{{"hello", "world"}}), "{ hello: 'world' }");
  CAF_CHECK_EQUAL(to_string(value{{"user", value{{"name", "Jane"}}}}),
                  "{ user: { name: 'Jane' } }");
  CAF_CHECK_EQUAL(to_string(value{{"items", value::array{1, 2}}}), "{ items: [1, 2] }");
  // Keys that are no plain identifier get double quotes; keys sort by bytes.
  CAF_CHECK_EQUAL(to_string(value{{"a b", 2}, {"1st", 1}, {"", 3}, {"_x", 4}, {"Z", 5}}),
                  "{ \"\": 3, \"1st\": 1, Z: 5, _x: 4, \"a b\": 2 }");
  CAF_CHECK_EQUAL(to_string(value{{"say \"hi\"", 1}}), "{ \"say \\\"hi\\\"\": 1 }");
  CAF_CHECK_EQUAL(to_string(value{{"Infinity", 1}}), "{ \"Infinity\": 1 }");
}

CAF_TEST(sets print with a comma that sets them apart from objects) {
  CAF_CHECK_EQUAL(to_string(value{set{}}), "{,}");
  CAF_CHECK_EQUAL(to_string(value{set{{1}}}), "{1,}");
  CAF_CHECK_EQUAL(to_string(value{set{{1, "b", 3}}}), "{1, 'b', 3}");
}

CAF_TEST(files print as f strings with escaped path characters) {
  CAF_CHECK_EQUAL(to_string(value{file_ref{"bucket", "/key.txt"}}), "f\"bucket:/key.txt\"");
  CAF_CHECK_EQUAL(to_string(value{file_ref{"my-bucket_1", "dir/a b.txt"}}),
                  "f\"my-bucket_1:/dir/a\\ b.txt\"");
  CAF_CHECK_EQUAL(to_string(value{file_ref{"my:bucket/x", "/k"}}), "f\"my\\:bucket\\/x:/k\"");
  CAF_CHECK_EQUAL(to_string(value{file_ref{"b", "/caf\xC3\xA9"}}), "f\"b:/caf\\\xC3\xA9\"");
}

CAF_TEST(geometries print as points or GeoJSON objects) {
  CAF_CHECK_EQUAL(to_string(value{point{0, 0}}), "(0f, 0f)");
  CAF_CHECK_EQUAL(to_string(value{point{1, 2}}), "(1f, 2f)");
  CAF_CHECK_EQUAL(to_string(geometry{point{-123.45, 67.89}}), "(-123.45f, 67.89f)");
  line l{{{0, 0}, {1, 1.5}}};
  CAF_CHECK_EQUAL(to_string(geometry{l}),
                  "{ type: 'LineString', coordinates: [[0f, 0f], [1f, 1.5f]] }");
  line outer{{{0, 0}, {1, 0}, {1, 1}, {0, 0}}};
  line hole{{{0.2, 0.2}, {0.4, 0.2}, {0.2, 0.2}}};
  polygon poly{{outer, hole}};
  CAF_CHECK_EQUAL(to_string(geometry{poly}),
                  "{ type: 'Polygon', coordinates: [[[0f, 0f], [1f, 0f], [1f, 1f], [0f, 0f]], "
                  "[[0.2f, 0.2f], [0.4f, 0.2f], [0.2f, 0.2f]]] }");
  CAF_CHECK_EQUAL(to_string(geometry{multi_point{{{1, 2}, {3, 4}}}}),
                  "{ type: 'MultiPoint', coordinates: [[1f, 2f], [3f, 4f]] }");
  CAF_CHECK_EQUAL(to_string(geometry{multi_line{{l, l}}}),
                  "{ type: 'MultiLineString', coordinates: [[[0f, 0f], [1f, 1.5f]], "
                  "[[0f, 0f], [1f, 1.5f]]] }");
  CAF_CHECK_EQUAL(to_string(geometry{multi_polygon{{poly, polygon{{outer}}}}}),
                  "{ type: 'MultiPolygon', coordinates: [[[[0f, 0f], [1f, 0f], [1f, 1f], "
                  "[0f, 0f]], [[0.2f, 0.2f], [0.4f, 0.2f], [0.2f, 0.2f]]], "
                  "[[[0f, 0f], [1f, 0f], [1f, 1f], [0f, 0f]]]] }");
  geometry_collection inner{{geometry{point{5, 6}}}};
  geometry_collection coll{{geometry{point{1, 2}}, geometry{l}, geometry{inner}}};
  CAF_CHECK_EQUAL(to_string(value{geometry{coll}}),
                  "{ type: 'GeometryCollection', geometries: [(1f, 2f), "
                  "{ type: 'LineString', coordinates: [[0f, 0f], [1f, 1.5f]] }, "
                  "{ type: 'GeometryCollection', geometries: [(5f, 6f)] }] }");
  CAF_CHECK_EQUAL(to_string(geometry{geometry_collection{}}),
                  "{ type: 'GeometryCollection', geometries: [] }");
  CAF_CHECK_EQUAL(to_string(geometry{point{std::nan(""), 1}}), "(NaN, 1f)");
}

CAF_TEST(nested values print recursively) {
  value doc{{"id", record_id{"person", "tobie"}},
            {"born", new_year_2026},
            {"tags", set{{"a"}}},
            {"friends", value::array{record_id{"person", 2}, none}},
            {"meta", value{{"ratio", 0.5}, {"span", duration{90, 0}}}}};
  CAF_CHECK_EQUAL(to_string(doc),
                  "{ born: d'2026-01-01T00:00:00Z', friends: [person:2, NONE], "
                  "id: person:tobie, meta: { ratio: 0.5f, span: 1m30s }, tags: {'a',} }");
}
