// The data calls on the blocking and async faces over mock session actors: what
// the faces send for CRUD, transactions and live queries, and the rules they
// keep locally (argument errors, transaction_closed, RAII cancel, the live
// stream's queue and end).
#define CAF_SUITE faces_data

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/faces_from_actor.hpp"
#include "surrealcaf/typed.hpp"

#include "caf/actor_system.hpp"
#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "faces_mocks.hpp"
#include "live_stream_checks.hpp"
#include "surreal_error_of.hpp"
#include "thrown.hpp"
#include "wait_until.hpp"

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

bool contains(const value& text, const std::string& what) {
  auto str = text.get_if<std::string>();
  return str != nullptr && str->find(what) != std::string::npos;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faces_data_tests, faces_fixture)

CAF_TEST(crud calls send one statement with bound variables) {
  auto res = db.select(record_id{"person", "tobie"});
  CAF_CHECK(contains(res["sql"], "SELECT"));
  CAF_CHECK_EQUAL(res["vars"]["target"], (value{record_id{"person", "tobie"}}));
  CAF_CHECK(res["txn"].is_none());
  CAF_CHECK(contains(db.create(table{"person"}, value{{"a", 1}})["sql"], "CREATE"));
  CAF_CHECK(contains(db.insert(table{"person"}, value{{"a", 1}})["sql"], "INSERT"));
  CAF_CHECK(contains(db.insert_relation(table{"likes"}, value{{"in", record_id{"a", 1}},
                                                               {"out", record_id{"b", 2}}})["sql"],
                     "INSERT RELATION"));
  CAF_CHECK(contains(db.update(table{"person"})["sql"], "UPDATE"));
  CAF_CHECK(contains(db.upsert(record_id{"person", 1})["sql"], "UPSERT"));
  CAF_CHECK(contains(db.merge(table{"person"}, value{{"a", 1}})["sql"], "MERGE"));
  CAF_CHECK(contains(db.patch(table{"person"}, value::array{}, true)["sql"], "RETURN DIFF"));
  CAF_CHECK(contains(db.delete_(table{"person"})["sql"], "DELETE"));
  CAF_CHECK(contains(db.relate(record_id{"a", 1}, table{"e"}, record_id{"b", 2})["sql"],
                     "RELATE"));
  CAF_CHECK(contains(db.run("string::len", {}, {"x"})["sql"], "string::len"));
  auto f = db.async().select(table{"person"});
  CAF_CHECK(contains(f.get()["sql"], "SELECT"));
  CAF_CHECK_EQUAL(dflt()->received.load(), 12);
}

CAF_TEST(invalid crud arguments fail locally) {
  auto err = error_of([&] { db.select("person"); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  err = error_of([&] { db.create(record_id{"p", range{}}); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  err = error_of([&] { db.run("fn::x; DELETE person"); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  auto f = db.async().insert(record_id{"p", 1}, value{{"a", 1}});
  CAF_CHECK(f.wait_for(0s) == std::future_status::ready);
  err = error_of([&] { f.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK_EQUAL(dflt()->received.load(), 0);
}

CAF_TEST(a transaction carries its id and closes on commit) {
  auto t = db.begin_transaction();
  CAF_CHECK(t.open());
  auto q = t.query_value("x");
  CAF_CHECK_EQUAL(q["txn"], value{t.id()});
  auto c = t.create(table{"person"});
  CAF_CHECK_EQUAL(c["txn"], value{t.id()});
  t.commit();
  CAF_CHECK(!t.open());
  CAF_CHECK_EQUAL(dflt()->commits.load(), 1);
  auto sent = dflt()->received.load();
  auto err = error_of([&] { t.select(table{"person"}); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
  err = error_of([&] { t.query("x"); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
  err = error_of([&] { t.commit(); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
  err = error_of([&] { t.cancel(); });
  CAF_CHECK_EQUAL(err.code(), errc::transaction_closed);
  CAF_CHECK_EQUAL(dflt()->received.load(), sent);
  CAF_CHECK_EQUAL(dflt()->cancels.load(), 0);
}

CAF_TEST(a transaction dropped while open is cancelled and never committed) {
  {
    auto t = db.begin_transaction();
    t.update(table{"person"});
  }
  CAF_CHECK(wait_until([&] { return dflt()->cancels.load() == 1; }));
  {
    auto t = db.begin_transaction();
    t.cancel();
    auto moved = std::move(t);
    CAF_CHECK(!t.open());
    CAF_CHECK(!moved.open());
  }
  {
    auto t = db.async().begin_transaction().get();
    auto c = t.commit();
    c.get();
  }
  // Moving onto an open transaction cancels the one it replaces.
  auto a = db.begin_transaction();
  a = db.begin_transaction();
  CAF_CHECK(wait_until([&] { return dflt()->cancels.load() == 3; }));
  db.ping();
  CAF_CHECK_EQUAL(dflt()->commits.load(), 1);
  CAF_CHECK_EQUAL(dflt()->cancels.load(), 3);
  auto err = error_of([&] { blocking_transaction{}.commit(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST(a dropped begin_transaction future still cancels its transaction) {
  db.async().begin_transaction();
  CAF_CHECK(wait_until([&] { return dflt()->cancels.load() == 1; }));
  CAF_CHECK_EQUAL(dflt()->begins.load(), 1);
  CAF_CHECK_EQUAL(dflt()->commits.load(), 0);
}

CAF_TEST(two threads share one live stream and each notification once) {
  auto stream = db.live(table{"item"});
  std::atomic<int> taken{0};
  // A waiting thread returns as soon as the other one took `killed`, not
  // at its timeout.
  auto start = std::chrono::steady_clock::now();
  auto pull = [&] {
    while (auto x = stream.next(30s))
      ++taken;
  };
  std::thread a{pull};
  std::thread b{pull};
  stream.kill();
  a.join();
  b.join();
  CAF_CHECK(std::chrono::steady_clock::now() - start < 10s);
  // The mock's create, then killed.
  CAF_CHECK_EQUAL(taken.load(), 2);
  CAF_CHECK(stream.ended());
}

CAF_TEST(a live stream queues notifications and ends with killed) {
  auto stream = db.live(table{"item"});
  CAF_CHECK_EQUAL(stream.id(), mock_id(1));
  auto x = stream.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->action == rpc::live_action::create);
  CAF_CHECK_EQUAL(x->live_id, stream.id());
  CAF_CHECK(!stream.next(20ms));
  CAF_CHECK(!stream.ended());
  // Killed twice: only the first kill reaches the session.
  stream.kill();
  check_kill_ends(stream);
  CAF_CHECK_EQUAL(dflt()->kills.load(), 1);
  live_stream empty;
  CAF_CHECK(empty.ended());
  CAF_CHECK(!empty.next(0ms));
}

CAF_TEST_FIXTURE_SCOPE_END()

namespace {

struct bounded_live_fixture : faces_fixture {
  static client_options limited(live_overflow policy) {
    client_options opts;
    opts.live_queue_limit = 10;
    opts.on_live_overflow = policy;
    return opts;
  }

  explicit bounded_live_fixture(live_overflow policy = live_overflow::end_stream)
    : faces_fixture(limited(policy)) {
  }
};

struct dropping_live_fixture : bounded_live_fixture {
  dropping_live_fixture() : bounded_live_fixture(live_overflow::drop_oldest) {
  }
};

// The `flood` stream's notifications as the reader gets them; waits until
// the mock's whole flood reached the queue first.
std::vector<rpc::notification> drain(live_stream& stream) {
  std::this_thread::sleep_for(200ms);
  std::vector<rpc::notification> result;
  while (auto x = stream.next(100ms))
    result.push_back(std::move(*x));
  return result;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(bounded_live_tests, bounded_live_fixture)

CAF_TEST(an unread stream ends at its limit and keeps what it held) {
  auto stream = db.live(table{"flood"});
  auto got = drain(stream);
  // The first ten, then the stream's own end.
  CAF_REQUIRE_EQUAL(got.size(), 11u);
  for (int64_t i = 0; i < 10; ++i)
    CAF_CHECK(got[i].record == value{record_id{"item", i + 1}});
  CAF_CHECK(got.back().action == rpc::live_action::killed);
  CAF_CHECK_EQUAL(got.back().live_id, stream.id());
  CAF_CHECK(stream.ended());
  CAF_CHECK(stream.overflowed());
  CAF_CHECK_EQUAL(stream.dropped(), 0u);
}

CAF_TEST(a zero live queue limit is refused) {
  client_options bad;
  bad.live_queue_limit = 0;
  auto err = error_of([&] { make_blocking_connection(sys, mock, bad); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(dropping_live_tests, dropping_live_fixture)

CAF_TEST(an unread stream drops its oldest and counts them) {
  auto stream = db.live(table{"flood"});
  auto got = drain(stream);
  CAF_REQUIRE_EQUAL(got.size(), 10u);
  // The newest ten are kept.
  for (int64_t i = 0; i < 10; ++i)
    CAF_CHECK(got[i].record == value{record_id{"item", flood_size - 9 + i}});
  CAF_CHECK_EQUAL(stream.dropped(), static_cast<size_t>(flood_size - 10));
  CAF_CHECK(!stream.ended());
  CAF_CHECK(!stream.overflowed());
  stream.kill();
  auto last = stream.next(5s);
  CAF_REQUIRE(last);
  CAF_CHECK(last->action == rpc::live_action::killed);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(faces_data_more_tests, faces_fixture)

CAF_TEST(dropping a live stream kills its query) {
  {
    auto stream = db.async().live_query("LIVE SELECT * FROM item", {}).get();
    CAF_CHECK(!stream.ended());
  }
  CAF_CHECK(wait_until([&] { return dflt()->kills.load() == 1; }));
  auto err = error_of([&] { db.live_query("SELECT * FROM item"); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST(refresh revoke and fork) {
  CAF_CHECK_EQUAL(db.refresh(), (value{{"access", "a2"}, {"refresh", "r2"}}));
  db.revoke();
  auto forked = db.fork_session();
  CAF_CHECK_EQUAL(forked.version(), "surrealdb-mock");
  auto af = db.async().fork_session().get();
  CAF_CHECK_EQUAL(af.version().get(), "surrealdb-mock");
  conn.close();
  auto err = error_of([&] { db.fork_session(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
  err = error_of([&] { db.live(table{"item"}); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(typed helpers convert through value) {
  CAF_CHECK_EQUAL(query_as<std::string>(db, "hello"), "hello");
  auto err = error_of([&] { query_as<std::string>(db, "hello", {}, 1); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  err = error_of([&] { query_as<int>(db, "fail", {}, 1); });
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  // The mock answers a CRUD call with one object: a list of one.
  auto rows = select_as<std::map<std::string, value>>(db, table{"person"});
  CAF_REQUIRE_EQUAL(rows.size(), 1u);
  CAF_CHECK(contains(rows[0]["sql"], "SELECT"));
  auto adb = db.async();
  auto f = query_as<std::string>(adb, "async");
  CAF_CHECK_EQUAL(f.get(), "async");
  auto bad = thrown<conversion_error>([&] { query_as<int>(db, "text"); });
  CAF_CHECK_EQUAL(bad.reason(), "expected int, got string");
}

CAF_TEST_FIXTURE_SCOPE_END()
