#define CAF_SUITE crud

#include "surrealcaf/crud.hpp"

#include "caf/test/unit_test.hpp"

#include "surrealcaf/errc.hpp"

#include <string>

#include "text_cases.hpp"

using namespace surrealcaf;
using crud::statement;

namespace {

const value person = table{"person"};
const value tobie = record_id{"person", "tobie"};
const value some = record_id{"person", range{bound::included(1), bound::excluded(10)}};
const value knows = table{"knows"};

value name(const char* x) {
  return value{{"name", x}};
}

// Checks that `result` holds exactly `sql` with exactly `vars`.
void check_statement(const caf::expected<statement>& result, const std::string& sql,
                     const value::object& vars) {
  if (!result) {
    CAF_FAIL("expected " << sql << ", got error " << describe(result.error()));
  }
  CAF_CHECK_EQUAL(result->sql, sql);
  CAF_CHECK(result->vars == vars);
}

// "rejected" if `result` is an invalid_argument error whose text mentions
// `what`, else what it is instead.
std::string rejection(const caf::expected<statement>& result, const std::string& what) {
  if (result)
    return "accepted as " + result->sql;
  auto text = describe(result.error());
  if (result.error().category() != errc_category
      || result.error().code() != static_cast<uint8_t>(errc::invalid_argument))
    return "not an invalid_argument error: " + text;
  if (text.find(what) == std::string::npos)
    return "'" + text + "' does not mention '" + what + "'";
  return "rejected";
}

// Checks that `result` is an invalid_argument error whose text mentions `what`.
void check_rejected(const caf::expected<statement>& result, const std::string& what) {
  CAF_CHECK_EQUAL(rejection(result, what), "rejected");
}

} // namespace

// -- targets ----------------------------------------------------------------

CAF_TEST(select uses ONLY for a record id and binds every target kind) {
  check_statement(crud::select(tobie), "SELECT * FROM ONLY $target", {{"target", tobie}});
  check_statement(crud::select(person), "SELECT * FROM $target", {{"target", person}});
  check_statement(crud::select(some), "SELECT * FROM $target", {{"target", some}});
}

CAF_TEST(record ids with any key kind are single records) {
  for (auto key : {value{42}, value{"x"}, value{value::array{1, "a"}}, value{name("k")}}) {
    value id = record_id{"person", key};
    check_statement(crud::select(id), "SELECT * FROM ONLY $target", {{"target", id}});
  }
}

CAF_TEST(values that are no target are rejected) {
  check_rejected(crud::select("person"), "not a value of kind string");
  check_rejected(crud::select("person:tobie"), "kind string");
  check_rejected(crud::select(42), "kind int");
  check_rejected(crud::select(none), "kind none");
  check_rejected(crud::select(value::array{tobie}), "kind array");
  check_rejected(crud::select(table{""}), "a table without a name");
  check_rejected(crud::select(record_id{"", "x"}), "without a table name");
  check_rejected(crud::select(record_id{"person", none}), "valid key");
  check_rejected(crud::select(record_id{"person", 1.5}), "valid key");
  check_rejected(crud::delete_("person"), "kind string");
  check_rejected(crud::update(7, name("x")), "kind int");
}

CAF_TEST(rejections name the operation) {
  check_rejected(crud::select(1), "select:");
  check_rejected(crud::create(1), "create:");
  check_rejected(crud::update(1), "update:");
  check_rejected(crud::upsert(1), "upsert:");
  check_rejected(crud::merge(1, name("x")), "merge:");
  check_rejected(crud::patch(1, value::array{}), "patch:");
  check_rejected(crud::delete_(1), "delete:");
  check_rejected(crud::insert(1, name("x")), "insert:");
  check_rejected(crud::insert_relation(1, name("x")), "insert_relation:");
  check_rejected(crud::relate(1, knows, tobie), "relate:");
  check_rejected(crud::run("1"), "run:");
}

// -- create -------------------------------------------------------------------

CAF_TEST(create returns one record for a table and for a record id) {
  check_statement(crud::create(tobie, name("Tobie")), "CREATE ONLY $target CONTENT $data",
                  {{"target", tobie}, {"data", name("Tobie")}});
  check_statement(crud::create(person, name("Anon")), "CREATE ONLY $target CONTENT $data",
                  {{"target", person}, {"data", name("Anon")}});
}

CAF_TEST(create without data has no CONTENT clause) {
  check_statement(crud::create(person), "CREATE ONLY $target", {{"target", person}});
  check_statement(crud::create(tobie, null), "CREATE ONLY $target", {{"target", tobie}});
}

CAF_TEST(create rejects ranges and data that is no object) {
  check_rejected(crud::create(some, name("x")), "not a record-id range");
  check_rejected(crud::create(tobie, value::array{1}), "the data must be an object");
  check_rejected(crud::create(tobie, "text"), "not a value of kind string");
}

// -- insert -------------------------------------------------------------------

CAF_TEST(insert binds the table and takes an object or an array of objects) {
  check_statement(crud::insert(person, name("a")), "INSERT INTO $table $data",
                  {{"table", person}, {"data", name("a")}});
  value rows = value::array{name("a"), name("b")};
  check_statement(crud::insert(person, rows), "INSERT INTO $table $data",
                  {{"table", person}, {"data", rows}});
  check_statement(crud::insert(person, value::array{}), "INSERT INTO $table $data",
                  {{"table", person}, {"data", value::array{}}});
}

CAF_TEST(insert needs a table) {
  check_rejected(crud::insert(tobie, name("a")), "needs a table, not a record id");
  check_rejected(crud::insert(some, name("a")), "needs a table, not a record-id range");
  check_rejected(crud::insert("person", name("a")), "needs a table, not a value of kind string");
}

CAF_TEST(insert rejects rows that are no objects) {
  check_rejected(crud::insert(person, 1), "the data must be an object");
  check_rejected(crud::insert(person, none), "kind none");
  check_rejected(crud::insert(person, value::array{name("a"), 2}), "kind int");
}

CAF_TEST(insert_relation binds the table and needs in and out) {
  value edge{{"in", tobie}, {"out", record_id{"person", "jaime"}}, {"since", 2020}};
  check_statement(crud::insert_relation(knows, edge), "INSERT RELATION INTO $table $data",
                  {{"table", knows}, {"data", edge}});
  value edges = value::array{edge, edge};
  check_statement(crud::insert_relation(knows, edges), "INSERT RELATION INTO $table $data",
                  {{"table", knows}, {"data", edges}});
}

CAF_TEST(insert_relation rejects edges without in or out) {
  check_rejected(crud::insert_relation(knows, value{{"in", tobie}}), "`in` and an `out`");
  check_rejected(crud::insert_relation(knows, value{{"out", tobie}}), "`in` and an `out`");
  value good{{"in", tobie}, {"out", tobie}};
  check_rejected(crud::insert_relation(knows, value::array{good, name("x")}), "`out`");
  check_rejected(crud::insert_relation(tobie, good), "needs a table");
}

// -- update, upsert, merge, patch ------------------------------------------

CAF_TEST(update replaces content and uses ONLY for a record id) {
  check_statement(crud::update(tobie, name("T")), "UPDATE ONLY $target CONTENT $data",
                  {{"target", tobie}, {"data", name("T")}});
  check_statement(crud::update(person, name("T")), "UPDATE $target CONTENT $data",
                  {{"target", person}, {"data", name("T")}});
  check_statement(crud::update(some, name("T")), "UPDATE $target CONTENT $data",
                  {{"target", some}, {"data", name("T")}});
}

CAF_TEST(update without data touches) {
  check_statement(crud::update(tobie), "UPDATE ONLY $target", {{"target", tobie}});
  check_statement(crud::update(person, null), "UPDATE $target", {{"target", person}});
  check_rejected(crud::update(tobie, 3), "the data must be an object");
}

CAF_TEST(upsert mirrors update) {
  check_statement(crud::upsert(tobie, name("T")), "UPSERT ONLY $target CONTENT $data",
                  {{"target", tobie}, {"data", name("T")}});
  check_statement(crud::upsert(some), "UPSERT $target", {{"target", some}});
  check_rejected(crud::upsert(tobie, value::array{}), "the data must be an object");
}

CAF_TEST(merge needs an object) {
  check_statement(crud::merge(tobie, name("T")), "UPDATE ONLY $target MERGE $data",
                  {{"target", tobie}, {"data", name("T")}});
  check_statement(crud::merge(person, name("T")), "UPDATE $target MERGE $data",
                  {{"target", person}, {"data", name("T")}});
  check_rejected(crud::merge(tobie, none), "the data must be an object");
}

CAF_TEST(patch binds the operations and can return the diff) {
  value ops = value::array{value{{"op", "replace"}, {"path", "/name"}, {"value", "T"}}};
  check_statement(crud::patch(tobie, ops), "UPDATE ONLY $target PATCH $data",
                  {{"target", tobie}, {"data", ops}});
  check_statement(crud::patch(tobie, ops, true), "UPDATE ONLY $target PATCH $data RETURN DIFF",
                  {{"target", tobie}, {"data", ops}});
  check_statement(crud::patch(person, ops, true), "UPDATE $target PATCH $data RETURN DIFF",
                  {{"target", person}, {"data", ops}});
}

CAF_TEST(patch needs an array of objects) {
  check_rejected(crud::patch(tobie, name("x")), "array of JSON Patch objects");
  check_rejected(crud::patch(tobie, value::array{"replace"}), "array of JSON Patch objects");
}

// -- delete -------------------------------------------------------------------

CAF_TEST(delete returns the records as they were) {
  check_statement(crud::delete_(tobie), "DELETE ONLY $target RETURN BEFORE", {{"target", tobie}});
  check_statement(crud::delete_(person), "DELETE $target RETURN BEFORE", {{"target", person}});
  check_statement(crud::delete_(some), "DELETE $target RETURN BEFORE", {{"target", some}});
}

// -- relate -------------------------------------------------------------------

CAF_TEST(relate between two records returns one edge) {
  value jaime = record_id{"person", "jaime"};
  check_statement(crud::relate(tobie, knows, jaime), "RELATE ONLY $from->$edge->$to",
                  {{"from", tobie}, {"edge", knows}, {"to", jaime}});
  value since{{"since", 2020}};
  check_statement(crud::relate(tobie, knows, jaime, since),
                  "RELATE ONLY $from->$edge->$to CONTENT $data",
                  {{"from", tobie}, {"edge", knows}, {"to", jaime}, {"data", since}});
}

CAF_TEST(relate with arrays of records returns an array) {
  value many = value::array{tobie, record_id{"person", "jaime"}};
  check_statement(crud::relate(many, knows, tobie), "RELATE $from->$edge->$to",
                  {{"from", many}, {"edge", knows}, {"to", tobie}});
  check_statement(crud::relate(tobie, knows, many), "RELATE $from->$edge->$to",
                  {{"from", tobie}, {"edge", knows}, {"to", many}});
}

CAF_TEST(relate rejects ranges tables and edge records) {
  check_rejected(crud::relate(some, knows, tobie), "`from` must be a record id");
  check_rejected(crud::relate(tobie, knows, person), "`to` must be a record id");
  check_rejected(crud::relate(value::array{tobie, some}, knows, tobie), "`from`");
  check_rejected(crud::relate(tobie, record_id{"knows", 1}, tobie), "needs a table");
  check_rejected(crud::relate(tobie, "knows", tobie), "needs a table");
  check_rejected(crud::relate(tobie, knows, tobie, value::array{}), "must be an object");
}

// -- run ----------------------------------------------------------------------

CAF_TEST(run calls builtins with bound arguments) {
  check_statement(crud::run("string::len", {}, {"hello"}), "RETURN string::len($arg0)",
                  {{"arg0", "hello"}});
  check_statement(crud::run("time::now"), "RETURN time::now()", {});
  check_statement(crud::run("math::max", {}, {1, 2, 3}), "RETURN math::max($arg0, $arg1, $arg2)",
                  {{"arg0", 1}, {"arg1", 2}, {"arg2", 3}});
  check_statement(crud::run("rand::uuid::v7"), "RETURN rand::uuid::v7()", {});
  check_statement(crud::run("count", {}, {value::array{1}}), "RETURN count($arg0)",
                  {{"arg0", value::array{1}}});
  check_statement(crud::run("rand"), "RETURN rand()", {});
}

CAF_TEST(run calls custom functions and versioned models) {
  check_statement(crud::run("fn::greet", {}, {"Tobie"}), "RETURN fn::greet($arg0)",
                  {{"arg0", "Tobie"}});
  check_statement(crud::run("fn::a::b_2"), "RETURN fn::a::b_2()", {});
  check_statement(crud::run("ml::price", std::string{"1.0.12"}, {value{{"size", 3}}}),
                  "RETURN ml::price<1.0.12>($arg0)", {{"arg0", value{{"size", 3}}}});
}

CAF_TEST(run rejects names that could carry SurrealQL) {
  auto run_name = [](const std::string& name) { return rejection(crud::run(name), "identifiers"); };
  test::check_cases(run_name,
                    {"fn::x; DELETE person", "fn::x() ; DELETE person; RETURN fn::x", "fn::x($a)",
                     "fn::x<1.0.0>", "string::len\n", "fn:x", "", "fn::", "::len", "string::::len",
                     "fn::1x", "fn::`x`", "fn::é"},
                    "rejected");
}

CAF_TEST(run rejects incomplete and unsupported names) {
  check_rejected(crud::run("fn"), "fn:: needs a function name");
  check_rejected(crud::run("ml", std::string{"1.0.0"}), "ml:: needs a model name");
  check_rejected(crud::run("RETURN"), "count, not, rand or sleep");
  check_rejected(crud::run("select"), "count, not, rand or sleep");
  check_rejected(crud::run("mod::m::f"), "not supported");
  check_rejected(crud::run("silo::org::pkg", std::string{"1.0.0"}), "not supported");
}

CAF_TEST(run takes a version only for models) {
  check_rejected(crud::run("ml::price"), "need a version");
  auto model_version = [](const std::string& version) {
    return rejection(crud::run("ml::price", version), "major.minor.patch");
  };
  test::check_cases(model_version,
                    {"1.0", "1.0.0>(1); DELETE person; RETURN <1", "1..0", "1.0.0."}, "rejected");
  check_rejected(crud::run("fn::greet", std::string{"1.0.0"}), "only ml:: models");
  check_rejected(crud::run("string::len", std::string{"1.0.0"}), "only ml:: models");
}

CAF_TEST(rejections keep user input out of the error text) {
  auto result = crud::run("fn::x; DELETE person");
  CAF_REQUIRE(!result);
  CAF_CHECK_EQUAL(describe(result.error()).find("DELETE"), std::string::npos);
  auto inserted = crud::insert(record_id{"secret", "id"}, name("x"));
  CAF_REQUIRE(!inserted);
  CAF_CHECK_EQUAL(describe(inserted.error()).find("secret"), std::string::npos);
}
