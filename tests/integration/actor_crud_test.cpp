// Every CRUD call on the actor face (`crud_atom` with a crud:: statement),
// each checked by reading the data back through a different session.
#define CAF_SUITE actor_crud

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <string>

#include "surrealcaf/crud.hpp"

using namespace surrealcaf;

namespace {

// A writer and a reader session in a database of the test's own.
struct fixture : test::actor_fixture {
  std::string db = test::fresh_database("crud");
  session_actor writer = session_in("actor", db);
  session_actor reader = session_in("actor", db);

  fixture() {
    run_all(writer, "DEFINE TABLE person; DEFINE TABLE knows; DEFINE TABLE likes");
  }

  // One CRUD statement on the writer's session.
  value crud(caf::expected<crud::statement> st) {
    return actor_fixture::crud(writer, std::move(st));
  }

  // What the other session sees.
  value read(const std::string& sql) {
    return single(reader, sql);
  }
};

record_id rid(const char* tb, value key) {
  return record_id{tb, std::move(key)};
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(actor_crud_tests, fixture)

CAF_TEST(every crud call is seen by another session) {
  auto tobie = rid("person", "tobie");
  auto created = crud(crud::create(tobie, value{{"name", "Tobie"}, {"age", 30}}));
  CAF_CHECK(created["name"] == value{"Tobie"});
  CAF_CHECK(read("RETURN person:tobie.name") == value{"Tobie"});
  CAF_CHECK(crud(crud::select(tobie))["age"] == value{30});
  crud(crud::insert(table{"person"}, value::array{value{{"id", rid("person", "a")}, {"age", 1}},
                                                  value{{"id", rid("person", "b")}, {"age", 2}}}));
  CAF_CHECK(read("RETURN count(SELECT * FROM person)") == value{3});
  CAF_CHECK_EQUAL(crud(crud::select(table{"person"})).get<value::array>().size(), 3u);
  crud(crud::update(tobie, value{{"name", "T"}}));
  CAF_CHECK(read("RETURN person:tobie.age").is_none());
  CAF_CHECK(read("RETURN person:tobie.name") == value{"T"});
  crud(crud::upsert(rid("person", "new"), value{{"age", 9}}));
  CAF_CHECK(read("RETURN person:new.age") == value{9});
  crud(crud::merge(tobie, value{{"age", 31}}));
  CAF_CHECK(read("RETURN person:tobie.age") == value{31});
  crud(crud::patch(tobie, value::array{value{{"op", "replace"}, {"path", "/age"}, {"value", 32}}}));
  CAF_CHECK(read("RETURN person:tobie.age") == value{32});
  auto edge = crud(crud::relate(tobie, table{"knows"}, rid("person", "a"), value{{"since", 2020}}));
  CAF_CHECK(edge["since"] == value{2020});
  CAF_CHECK(read("RETURN person:tobie->knows->person") == value::array{rid("person", "a")});
  crud(crud::insert_relation(table{"likes"},
                             value{{"in", rid("person", "a")}, {"out", rid("person", "b")}}));
  CAF_CHECK(read("RETURN person:a->likes->person") == value::array{rid("person", "b")});
  auto gone = crud(crud::delete_(rid("person", "new")));
  CAF_CHECK(gone["age"] == value{9});
  CAF_CHECK(read("SELECT * FROM ONLY person:new").is_none());
  CAF_CHECK(crud(crud::run("string::len", std::nullopt, {"four"})) == value{4});
}

CAF_TEST(a record id range selects and deletes a slice) {
  crud(crud::insert(table{"person"}, value::array{value{{"id", rid("person", 1)}},
                                                  value{{"id", rid("person", 2)}},
                                                  value{{"id", rid("person", 3)}}}));
  auto slice = rid("person", range{bound::included(1), bound::excluded(3)});
  CAF_CHECK_EQUAL(crud(crud::select(slice)).get<value::array>().size(), 2u);
  crud(crud::delete_(slice));
  CAF_CHECK(read("SELECT VALUE id FROM person") == value::array{rid("person", 3)});
}

CAF_TEST_FIXTURE_SCOPE_END()
