// The data calls of the blocking and async faces against the real engine: CRUD
// (each write read back through another session), typed results,
// transactions, live streams and fork.
#define CAF_SUITE faces_data

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/typed.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_faces.hpp"
#include "fresh_database.hpp"
#include "live_stream_checks.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::error_of;
using surrealcaf::test::run_name;
using surrealcaf::test::signed_in_session;
using namespace std::chrono_literals;

namespace {

struct address {
  std::string city;
  int zip = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(address, city, zip)

struct account {
  record_id id;
  datetime opened;
  decimal balance;
  address home;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(account, id, opened, balance, home)

bool operator==(const account& a, const account& b) {
  return a.id == b.id && a.opened == b.opened && a.balance == b.balance
         && a.home.city == b.home.city && a.home.zip == b.home.zip;
}

record_id rid(const std::string& tb, value key) {
  return record_id{tb, std::move(key)};
}

// A writer session and a reader session on the database `db`; the reader
// checks every write.
struct fixture {
  blocking_connection conn = connect_engine();
  blocking_session writer = signed_in_session(conn);
  blocking_session reader = signed_in_session(conn);
  // This run's namespace: the server may have seen earlier runs.
  std::string ns = run_name("faces_data");

  void use(const std::string& db) {
    writer.use(ns, db);
    reader.use(ns, db);
    // Reading a table that does not exist is an error in 3.x.
    writer.query_value("DEFINE TABLE item SCHEMALESS");
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
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  auto f = writer.async().run("x; DELETE person", {}, {});
  err = error_of([&] { f.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST(typed results round trip through create_as and select_as) {
  use("typed");
  account acc{rid("account", "one"), datetime{1700000000, 123456000}, decimal{"12.5"},
              address{"Berlin", 10115}};
  auto created = create_as<account>(writer, acc.id, acc);
  CAF_CHECK(created == acc);
  CAF_CHECK_EQUAL(read("RETURN type::is_decimal(account:one.balance)"), value{true});
  CAF_CHECK_EQUAL(read("RETURN type::is_datetime(account:one.opened)"), value{true});
  auto all = select_as<account>(reader, table{"account"});
  CAF_REQUIRE_EQUAL(all.size(), 1u);
  CAF_CHECK(all[0] == acc);
  CAF_CHECK(select_as<account>(reader, acc.id).at(0) == acc);
  CAF_CHECK(select_as<account>(reader, rid("account", "none")).empty());
  auto as = reader.async();
  auto fut = select_as<account>(as, acc.id);
  CAF_CHECK(fut.get().at(0) == acc);
  CAF_CHECK_EQUAL(query_as<int>(reader, "RETURN 1; RETURN 2", {}, 1), 2);
  auto hit = query_as<std::vector<account>>(reader, "SELECT * FROM account");
  CAF_CHECK(hit.at(0) == acc);
  CAF_CHECK_EQUAL(query_as<std::string>(as, "RETURN $x", {{"x", "y"}}).get(), "y");
}

CAF_TEST(transaction writes stay invisible until commit) {
  use("txn_commit");
  auto t = writer.begin_transaction();
  CAF_CHECK(t.open());
  t.create(rid("item", 1), value{{"n", 1}});
  t.query("CREATE item:2 SET n = 2");
  CAF_CHECK_EQUAL(t.select(table{"item"}).get<value::array>().size(), 2u);
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{0});
  t.commit();
  CAF_CHECK(!t.open());
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{2});
  auto err = error_of([&] { t.select(table{"item"}); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
  err = error_of([&] { t.commit(); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
}

CAF_TEST(cancel and scope exit leave nothing) {
  use("txn_cancel");
  auto t = writer.begin_transaction();
  t.create(rid("item", 1));
  t.cancel();
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{0});
  {
    auto u = writer.begin_transaction();
    u.create(rid("item", 2));
    u.insert(table{"item"}, value{{"id", rid("item", 3)}});
  }
  // The RAII cancel left before this call on the same bridge; it is done
  // once the writer's next call returns.
  writer.ping();
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{0});
  writer.create(rid("item", 4));
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{1});
}

CAF_TEST(conflicting commits report transaction_conflict) {
  use("txn_conflict");
  writer.create(rid("item", 1), value{{"n", 0}});
  auto a = writer.begin_transaction();
  auto b = reader.begin_transaction();
  a.merge(rid("item", 1), value{{"n", 1}});
  b.merge(rid("item", 1), value{{"n", 2}});
  a.commit();
  auto err = error_of([&] { b.commit(); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_conflict);
  CAF_CHECK(err.server() != nullptr);
  CAF_CHECK_EQUAL(read("RETURN item:1.n"), value{1});
}

CAF_TEST(async transactions commit in call order) {
  use("txn_async");
  auto t = writer.async().begin_transaction().get();
  auto c = t.create(rid("item", 1));
  auto done = t.commit();
  c.get();
  done.get();
  CAF_CHECK_EQUAL(read("RETURN count(SELECT * FROM item)"), value{1});
  auto err = error_of([&] { t.query("RETURN 1").get(); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
}

CAF_TEST(a live stream delivers create update delete and ends on kill) {
  use("live");
  auto stream = reader.live(table{"item"});
  // Each write waits for its notification: the engine (3.0.2) may deliver
  // the notifications of back-to-back transactions out of order.
  auto expect = [&](rpc::live_action action) {
    auto x = stream.next(5s);
    CAF_REQUIRE(x);
    CAF_CHECK_EQUAL(x->live_id, stream.id());
    CAF_CHECK_EQUAL(x->record, value{rid("item", 1)});
    CAF_CHECK_EQUAL(rpc::to_string(x->action), rpc::to_string(action));
  };
  writer.create(rid("item", 1), value{{"n", 1}});
  expect(rpc::live_action::create);
  writer.merge(rid("item", 1), value{{"n", 2}});
  expect(rpc::live_action::update);
  writer.delete_(rid("item", 1));
  expect(rpc::live_action::delete_);
  CAF_CHECK(!stream.next(50ms));
  CAF_CHECK(!stream.ended());
  test::check_kill_ends(stream);
}

CAF_TEST(a diff live stream carries JSON patches and ends when dropped) {
  use("live_diff");
  auto lives = [&] { return reader.query_value("INFO FOR TABLE item")["lives"]; };
  {
    auto stream = reader.live(table{"item"}, true);
    CAF_CHECK(lives() != value{value::object{}});
    writer.create(rid("item", 1), value{{"n", 1}});
    auto x = stream.next(5s);
    CAF_REQUIRE(x);
    CAF_CHECK(x->action == rpc::live_action::create);
    CAF_CHECK(x->result.is<value::array>());
  }
  // Dropping the stream killed the live query on the server (the kill was
  // sent without waiting, so give it time).
  value left;
  CAF_CHECK(test::wait_until([&] { return (left = lives()) == value{value::object{}}; }));
  CAF_CHECK_EQUAL(left, value{value::object{}}); // on a failure, what was left
}

CAF_TEST(live_query takes a LIVE SELECT and the async face) {
  use("live_query");
  auto stream = reader.async().live_query("LIVE SELECT * FROM item WHERE n > $min",
                                          {{"min", 5}}).get();
  writer.create(rid("item", 1), value{{"n", 1}});
  writer.create(rid("item", 2), value{{"n", 9}});
  auto x = stream.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK_EQUAL(x->record, value{rid("item", 2)});
  auto err = error_of([&] { reader.live_query("SELECT * FROM item"); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST(fork sees the same namespace database and variables) {
  use("fork");
  writer.let("greeting", "hello");
  auto forked = writer.fork_session();
  CAF_CHECK_EQUAL(forked.query_value("RETURN [session::ns(), session::db(), $greeting]"),
                  (value::array{ns, "fork", "hello"}));
  forked.let("greeting", "bye");
  CAF_CHECK_EQUAL(writer.query_value("RETURN $greeting"), value{"hello"});
  auto af = writer.async().fork_session().get();
  CAF_CHECK_EQUAL(af.query_value("RETURN $greeting").get(), value{"hello"});
}

CAF_TEST(refresh and revoke on both faces) {
  use("refresh");
  auto err = error_of([&] { writer.refresh(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  // A record user sees only what the table's permissions allow: itself.
  writer.query_value("DEFINE TABLE member SCHEMALESS PERMISSIONS FOR select WHERE id = $auth.id");
  writer.query_value("DEFINE ACCESS acct ON DATABASE TYPE RECORD"
                     "  SIGNUP (CREATE member SET name = $name)"
                     "  SIGNIN (SELECT * FROM member WHERE name = $name)"
                     "  WITH REFRESH DURATION FOR TOKEN 1h, FOR SESSION 1h");
  auto user = conn.new_session();
  auto pair = user.signup(record_credentials{ns, "refresh", "acct", {{"name", "bob"}}});
  CAF_REQUIRE(pair["refresh"].is<std::string>());
  auto first = user.refresh();
  CAF_CHECK(first["access"].is<std::string>());
  CAF_CHECK(first["refresh"] != pair["refresh"]);
  auto second = user.async().refresh().get();
  CAF_CHECK(second["refresh"] != first["refresh"]);
  user.async().revoke().get();
  err = error_of([&] { user.refresh(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK(user.info()["name"] == value{"bob"});
}

CAF_TEST_FIXTURE_SCOPE_END()
