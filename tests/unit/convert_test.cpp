#define CAF_SUITE convert

#include "surrealcaf/convert.hpp"

#include "caf/test/unit_test.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "contains.hpp"
#include "thrown.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using surrealcaf::test::contains;
using surrealcaf::test::thrown_text;

namespace {

struct address {
  std::string city;
  std::string street;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, city, street)

bool operator==(const address& a, const address& b) {
  return a.city == b.city && a.street == b.street;
}

struct person {
  record_id id;
  std::string name;
  datetime born;
  decimal balance;
  duration session;
  uuid token;
  address home;
  std::vector<std::string> tags;
  std::vector<record_id> friends;
  std::optional<address> work;
  std::optional<std::string> nickname;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(person, id, name, born, balance, session, token, home, tags,
                                   friends, work, nickname)

bool operator==(const person& a, const person& b) {
  return a.id == b.id && a.name == b.name && a.born == b.born && a.balance == b.balance
         && a.session == b.session && a.token == b.token && a.home == b.home && a.tags == b.tags
         && a.friends == b.friends && a.work == b.work && a.nickname == b.nickname;
}

// 2026-01-01T00:00:00Z.
constexpr int64_t new_year_2026 = 1767225600;

person tobie() {
  person p;
  p.id = record_id{"person", "tobie"};
  p.name = "Tobie";
  p.born = datetime{new_year_2026, 500'000'000};
  p.balance = decimal{"1234.5600"};
  p.session = duration{5400, 0};
  p.token = test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
  p.home = address{"London", "Baker Street"};
  p.tags = {"admin", "founder"};
  p.friends = {record_id{"person", "jaime"}, record_id{"person", 7}};
  return p;
}

// A record as a server would send it for `person`.
value tobie_record() {
  return value::from(tobie());
}

// Carries an arbitrary value inside a user type.
struct envelope {
  std::string label;
  value payload;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(envelope, label, payload)

// Writes a nested value::from result into its own JSON.
struct wrapper {
  person inner;
};
void to_json(nlohmann::json& j, const wrapper& x) {
  j = nlohmann::json{{"inner", value::from(x.inner)}};
}

// Keeps the JSON its to_json wrote, so a placeholder outlives its conversion.
nlohmann::json leaked;
struct leaky {
  record_id id;
};
void to_json(nlohmann::json& j, const leaky& x) {
  j = nlohmann::json{{"id", x.id}};
  leaked = j;
}

} // namespace

// -- value::from on user types ------------------------------------------------

CAF_TEST(user types become objects with typed fields) {
  auto v = tobie_record();
  CAF_REQUIRE(v.is<value::object>());
  CAF_CHECK(v["id"] == value{record_id{"person", "tobie"}});
  CAF_CHECK(v["born"] == value{datetime{new_year_2026, 500'000'000}});
  CAF_CHECK(v["balance"] == value{decimal{"1234.5600"}});
  CAF_CHECK(v["session"] == value{duration{5400, 0}});
  CAF_CHECK(v["token"].is<uuid>());
  CAF_CHECK(v["name"] == value{"Tobie"});
  CAF_CHECK(v["home"] == (value{{"city", "London"}, {"street", "Baker Street"}}));
  CAF_CHECK(v["tags"] == (value::array{"admin", "founder"}));
  CAF_CHECK(v["friends"]
            == (value::array{record_id{"person", "jaime"}, record_id{"person", 7}}));
}

CAF_TEST(empty optionals become none and full ones their value) {
  auto p = tobie();
  auto v = value::from(p);
  CAF_REQUIRE(v.is<value::object>());
  CAF_CHECK_EQUAL(v.get<value::object>().count("work"), 1u);
  CAF_CHECK(v["work"].is_none());
  CAF_CHECK(v["nickname"].is_none());
  p.work = address{"Paris", "Rue de Rivoli"};
  p.nickname = "T";
  v = value::from(p);
  CAF_CHECK(v["work"] == (value{{"city", "Paris"}, {"street", "Rue de Rivoli"}}));
  CAF_CHECK(v["nickname"] == value{"T"});
}

CAF_TEST(user types round trip through value) {
  auto p = tobie();
  CAF_CHECK(value::from(p).as<person>() == p);
  p.work = address{"Paris", "Rue de Rivoli"};
  p.nickname = "T";
  CAF_CHECK(value::from(p).as<person>() == p);
}

CAF_TEST(as fills typed fields from a server record) {
  value reply{{"id", record_id{"person", "tobie"}},
              {"name", "Tobie"},
              {"born", datetime{new_year_2026, 0}},
              {"balance", decimal{"10"}},
              {"session", duration{60, 0}},
              {"token", test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11")},
              {"home", value{{"city", "London"}, {"street", "Baker Street"}}},
              {"tags", set{{"a", "b"}}},
              {"friends", value::array{}},
              {"work", null},
              {"nickname", "T"}};
  auto p = reply.as<person>();
  CAF_CHECK(p.id == (record_id{"person", "tobie"}));
  CAF_CHECK(p.born == (datetime{new_year_2026, 0}));
  CAF_CHECK(p.balance == decimal{"10"});
  CAF_CHECK(p.session == (duration{60, 0}));
  CAF_CHECK(p.tags == (std::vector<std::string>{"a", "b"}));
  CAF_CHECK(!p.work.has_value());
  CAF_CHECK(p.nickname == std::optional<std::string>{"T"});
}

CAF_TEST(value fields keep every kind including sets and none) {
  envelope e{"mixed", value{{"set", set{{1, 2}}},
                            {"none", value{}},
                            {"bytes", bytes{1, 2}},
                            {"when", datetime{new_year_2026, 0}},
                            {"where", point{1, 2}},
                            {"span", range{bound::included(1), bound::excluded(5)}}}};
  auto v = value::from(e);
  CAF_CHECK(v["payload"] == e.payload);
  auto back = v.as<envelope>();
  CAF_CHECK_EQUAL(back.label, "mixed");
  CAF_CHECK(back.payload == e.payload);
}

CAF_TEST(nested value from calls stay typed) {
  auto v = value::from(wrapper{tobie()});
  CAF_CHECK(v["inner"]["id"] == value{record_id{"person", "tobie"}});
  CAF_CHECK(v["inner"]["born"].is<datetime>());
}

// -- conversion errors --------------------------------------------------------

CAF_TEST(a wrong kind in a typed field names the field) {
  auto v = tobie_record();
  v.get<value::object>()["id"] = "person:tobie";
  auto text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "at /id"));
  CAF_CHECK(contains(text, "expected record, got string"));
  v = tobie_record();
  v.get<value::object>()["born"] = record_id{"person", 1};
  text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "at /born"));
  CAF_CHECK(contains(text, "expected datetime, got record"));
  v = tobie_record();
  v.get<value::object>()["friends"] = value::array{record_id{"person", 1}, "person:2"};
  text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "at /friends/1: expected record, got string"));
}

CAF_TEST(a missing field names the field) {
  auto v = tobie_record();
  v.get<value::object>().erase("name");
  auto text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "key 'name' not found"));
  CAF_CHECK(contains(text, "person"));
}

CAF_TEST(a wrong kind in a plain field is a conversion error) {
  auto v = tobie_record();
  v.get<value::object>()["name"] = 42;
  auto text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "type must be string, but is number"));
  v.get<value::object>()["name"] = record_id{"person", "x"};
  text = thrown_text<conversion_error>([&] { v.as<person>(); });
  CAF_CHECK(contains(text, "typed SurrealDB value"));
}

CAF_TEST(a non object for a struct is a conversion error) {
  auto text = thrown_text<conversion_error>([] { value{42}.as<address>(); });
  CAF_CHECK(contains(text, "converting int to"));
  CAF_CHECK(contains(text, "address"));
}

CAF_TEST(errors inside containers carry the element path) {
  auto good = tobie_record();
  auto bad = tobie_record();
  bad.get<value::object>()["id"] = 5;
  value list = value::array{good, bad};
  auto text = thrown_text<conversion_error>([&] { list.as<std::vector<person>>(); });
  CAF_CHECK(contains(text, "at /1/id: expected record, got int"));
  value scores{{"a", 1}, {"b~/c", "x"}};
  text = thrown_text<conversion_error>([&] { scores.as<std::map<std::string, int>>(); });
  CAF_CHECK(contains(text, "at /b~0~1c: expected int, got string"));
}

CAF_TEST(a placeholder used after its conversion is reported) {
  value::from(leaky{record_id{"person", 1}});
  auto text = thrown_text<conversion_error>([] { leaked.at("id").get<record_id>(); });
  CAF_CHECK(contains(text, "placeholder"));
}

// -- direct conversions -------------------------------------------------------

CAF_TEST(as reads scalars directly) {
  CAF_CHECK_EQUAL(value{42}.as<int64_t>(), 42);
  CAF_CHECK_EQUAL(value{42}.as<uint8_t>(), 42u);
  CAF_CHECK_EQUAL(value{-1}.as<int8_t>(), -1);
  CAF_CHECK_EQUAL(value{42}.as<double>(), 42.0);
  CAF_CHECK_EQUAL(value{0.5}.as<double>(), 0.5);
  CAF_CHECK_EQUAL(value{true}.as<bool>(), true);
  CAF_CHECK_EQUAL(value{"text"}.as<std::string>(), "text");
  CAF_CHECK(value{decimal{"1.5"}}.as<decimal>() == decimal{"1.5"});
}

CAF_TEST(as refuses wrong kinds and integers that do not fit) {
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{300}.as<uint8_t>(); }),
                     "does not fit"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{-1}.as<uint64_t>(); }),
                     "does not fit"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{1.5}.as<int64_t>(); }),
                     "expected int, got float"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{"1"}.as<int>(); }),
                     "expected int, got string"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{1}.as<bool>(); }),
                     "expected bool, got int"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{"person:1"}.as<record_id>(); }),
                     "expected record, got string"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{point{1, 2}}.as<line>(); }),
                     "expected geometry (line), got geometry (point)"));
}

CAF_TEST(as reads our types directly) {
  record_id id{"person", "tobie"};
  CAF_CHECK(value{id}.as<record_id>() == id);
  CAF_CHECK(value{datetime{1, 2}}.as<datetime>() == (datetime{1, 2}));
  CAF_CHECK(value{point{1, 2}}.as<point>() == (point{1, 2}));
  CAF_CHECK(value{point{1, 2}}.as<geometry>() == geometry{point{1, 2}});
  CAF_CHECK(value{table{"t"}}.as<table>() == table{"t"});
}

CAF_TEST(as reads containers directly) {
  value list = value::array{1, 2, 3};
  CAF_CHECK(list.as<std::vector<int>>() == (std::vector<int>{1, 2, 3}));
  CAF_CHECK(value{set{{1, 2}}}.as<std::vector<int>>() == (std::vector<int>{1, 2}));
  CAF_CHECK(list.as<set>() == (set{{1, 2, 3}}));
  CAF_CHECK(value{}.as<std::optional<int>>() == std::nullopt);
  CAF_CHECK(value{null}.as<std::optional<int>>() == std::nullopt);
  CAF_CHECK(value{5}.as<std::optional<int>>() == std::optional<int>{5});
  value scores{{"a", 1}, {"b", 2}};
  CAF_CHECK((scores.as<std::map<std::string, int>>()
             == std::map<std::string, int>{{"a", 1}, {"b", 2}}));
  CAF_CHECK(value{bytes{1, 2}}.as<bytes>() == (bytes{1, 2}));
  CAF_CHECK(list.as<bytes>() == (bytes{1, 2, 3}));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { value{value::array{1, 256}}.as<bytes>(); }),
                     "at /1: int 256 does not fit"));
  CAF_CHECK(tobie_record().as<nlohmann::json>() == to_json(tobie_record()));
}

CAF_TEST(from converts containers and scalars directly) {
  CAF_CHECK(value::from(std::vector<int>{1, 2}) == (value::array{1, 2}));
  CAF_CHECK(value::from(std::optional<int>{}).is_none());
  CAF_CHECK(value::from(std::optional<int>{3}) == value{3});
  CAF_CHECK(value::from(std::map<std::string, double>{{"x", 0.5}}) == (value{{"x", 0.5}}));
  CAF_CHECK(value::from(bytes{1, 2}) == value{bytes{1, 2}});
  CAF_CHECK(value::from("text") == value{"text"});
  CAF_CHECK(value::from(record_id{"a", 1}) == value{record_id{"a", 1}});
  CAF_CHECK(value::from(nlohmann::json::parse(R"({"a":[1]})")) == (value{{"a", value::array{1}}}));
  CAF_CHECK(contains(thrown_text<conversion_error>([] {
                       value::from(std::vector<uint64_t>{1, std::numeric_limits<uint64_t>::max()});
                     }),
                     "at /1: integer 18446744073709551615 is above INT64_MAX"));
}

// -- our types with plain nlohmann, outside value::from / as -------------------

CAF_TEST(plain nlohmann writes the lossy JSON form) {
  nlohmann::json j = tobie();
  CAF_CHECK_EQUAL(j.at("id").dump(), "\"person:tobie\"");
  CAF_CHECK_EQUAL(j.at("born").dump(), "\"2026-01-01T00:00:00.500Z\"");
  CAF_CHECK_EQUAL(j.at("balance").dump(), "\"1234.5600\"");
  CAF_CHECK_EQUAL(j.at("session").dump(), "\"1h30m\"");
  CAF_CHECK_EQUAL(j.at("work").dump(), "null");
}

CAF_TEST(plain nlohmann reads the text forms that need no parser) {
  auto j = nlohmann::json::parse(R"({"when":"2026-01-01T00:00:00Z","for":"1h30m",)"
                                 R"("id":"0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11","amount":"1.50",)"
                                 R"("from":"person","any":{"x":[1,null]}})");
  CAF_CHECK(j.at("when").get<datetime>() == (datetime{new_year_2026, 0}));
  CAF_CHECK(j.at("for").get<duration>() == (duration{5400, 0}));
  CAF_CHECK(j.at("id").get<uuid>()
            == test::uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"));
  CAF_CHECK(j.at("amount").get<decimal>() == decimal{"1.50"});
  CAF_CHECK(j.at("from").get<table>() == table{"person"});
  CAF_CHECK(j.at("any").get<value>() == (value{{"x", value::array{1, null}}}));
  CAF_CHECK(contains(thrown_text<conversion_error>([] {
                       nlohmann::json("person:1").get<record_id>();
                     }),
                     "expected record, got string"));
  CAF_CHECK(contains(thrown_text<conversion_error>([] { nlohmann::json("soon").get<datetime>(); }),
                     "expected datetime, got string"));
}

// -- tolerant structs ---------------------------------------------------------

namespace {

struct profile {
  record_id id;
  std::optional<std::string> bio;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(profile, id, bio)

} // namespace

CAF_TEST(structs with defaults accept absent fields) {
  // SurrealDB leaves NONE fields out of records it returns.
  value reply{{"id", record_id{"profile", 1}}};
  auto p = reply.as<profile>();
  CAF_CHECK(p.id == (record_id{"profile", 1}));
  CAF_CHECK(!p.bio.has_value());
}

namespace {

struct blob {
  std::vector<uint8_t> data;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(blob, data)

} // namespace

CAF_TEST(byte vector fields write arrays and read bytes) {
  // A standard container keeps nlohmann's standard form on the way in ...
  CAF_CHECK(value::from(blob{{1, 2}})["data"] == (value::array{1, 2}));
  // ... and reads both bytes values and arrays on the way out.
  value stored{{"data", bytes{3, 4}}};
  CAF_CHECK(stored.as<blob>().data == (std::vector<uint8_t>{3, 4}));
  CAF_CHECK(value::from(blob{{5}}).as<blob>().data == (std::vector<uint8_t>{5}));
}
