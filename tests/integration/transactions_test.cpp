// Interactive transactions of sessions against the real engine: isolation
// between two sessions on one socket, cancel, write conflicts, CRUD inside a
// transaction, and what closing a session or the connection leaves behind.
#define CAF_SUITE transactions

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <optional>
#include <string>

#include "surrealcaf/crud.hpp"

using namespace surrealcaf;
using surrealcaf::test::is;

namespace {

// Two sessions in a database of the test's own.
struct fixture : test::actor_fixture {
  std::string db = test::fresh_database();
  session_actor a = session_in("txn", db);
  session_actor b = session_in("txn", db);

  uuid begin(const session_actor& s) {
    return call<uuid>(s, begin_atom::value);
  }

  value names(const session_actor& s) {
    return single(s, "SELECT VALUE name FROM item ORDER BY name");
  }
};

value list(std::initializer_list<value> xs) {
  return value::array(xs);
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(transactions_tests, fixture)

CAF_TEST(two sessions on one socket write in their own transactions unseen until commit) {
  run_all(a, "DEFINE TABLE item SCHEMALESS");
  auto ta = begin(a);
  auto tb = begin(b);
  CAF_CHECK(ta != tb);
  single(a, ta, "CREATE item:a SET name = 'a'");
  single(b, tb, "CREATE item:b SET name = 'b'");
  // Each transaction sees its own write only; outside, nothing is there yet.
  CAF_CHECK(single(a, ta, "SELECT VALUE name FROM item") == list({"a"}));
  CAF_CHECK(single(b, tb, "SELECT VALUE name FROM item") == list({"b"}));
  CAF_CHECK(names(a) == list({}));
  CAF_CHECK(names(b) == list({}));
  CAF_CHECK(call<value>(a, commit_atom::value, ta).is_none());
  CAF_CHECK(names(b) == list({"a"}));
  CAF_CHECK(call<value>(b, commit_atom::value, tb).is_none());
  CAF_CHECK(names(a) == list({"a", "b"}));
  // Both are over.
  auto err = failure<query_results>(a, query_atom::value, std::string{"RETURN 1"},
                                    value::object{}, ta);
  CAF_CHECK(is(err, errc::transaction_closed));
}

CAF_TEST(cancel leaves nothing behind) {
  run_all(a, "DEFINE TABLE item SCHEMALESS");
  auto txn = begin(a);
  single(a, txn, "CREATE item:1 SET name = 'gone'");
  single(a, txn, "CREATE item:2 SET name = 'gone too'");
  CAF_CHECK(call<value>(a, cancel_atom::value, txn).is_none());
  CAF_CHECK(names(a) == list({}));
  CAF_CHECK(names(b) == list({}));
  CAF_CHECK(is(failure<value>(a, commit_atom::value, txn), errc::transaction_closed));
}

CAF_TEST(an update inside a transaction is rolled back by cancel) {
  crud(a, crud::create(record_id{"item", 1}, value{{"name", "before"}}));
  auto txn = begin(a);
  auto updated = crud(a, crud::merge(record_id{"item", 1}, value{{"name", "after"}}), txn);
  CAF_CHECK(updated["name"] == value{"after"});
  CAF_CHECK(single(a, txn, "SELECT VALUE name FROM item") == list({"after"}));
  CAF_CHECK(names(b) == list({"before"}));
  call<value>(a, cancel_atom::value, txn);
  CAF_CHECK(names(a) == list({"before"}));
  auto read = crud(b, crud::select(record_id{"item", 1}));
  CAF_CHECK(read["name"] == value{"before"});
}

CAF_TEST(a write conflict between two transactions is transaction_conflict) {
  crud(a, crud::create(record_id{"item", 1}, value{{"name", "start"}}));
  auto ta = begin(a);
  auto tb = begin(b);
  single(a, ta, "UPDATE item:1 SET name = 'from a'");
  single(b, tb, "UPDATE item:1 SET name = 'from b'");
  CAF_CHECK(call<value>(a, commit_atom::value, ta).is_none());
  auto err = failure<value>(b, commit_atom::value, tb);
  CAF_MESSAGE("conflicting commit: " << describe(err));
  CAF_REQUIRE(is(err, errc::transaction_conflict));
  auto server = server_error_of(err);
  CAF_REQUIRE(server != nullptr);
  CAF_CHECK(server->is_transaction_conflict());
  CAF_CHECK(names(a) == list({"from a"}));
  // The failed transaction is gone; a new one succeeds.
  CAF_CHECK(is(failure<value>(b, cancel_atom::value, tb), errc::transaction_closed));
  auto retry = begin(b);
  single(b, retry, "UPDATE item:1 SET name = 'from b'");
  CAF_CHECK(call<value>(b, commit_atom::value, retry).is_none());
  CAF_CHECK(names(a) == list({"from b"}));
}

CAF_TEST(crud statements run inside and outside a transaction) {
  auto created = crud(a, crud::create(record_id{"item", "x"}, value{{"name", "x"}}));
  CAF_CHECK(created["id"] == value{record_id{"item", "x"}});
  auto txn = begin(a);
  crud(a, crud::insert(table{"item"}, value{{"id", record_id{"item", "y"}}, {"name", "y"}}), txn);
  crud(a, crud::delete_(record_id{"item", "x"}), txn);
  CAF_CHECK(names(b) == list({"x"}));
  call<value>(a, commit_atom::value, txn);
  CAF_CHECK(names(b) == list({"y"}));
  // A failed statement is the call's error.
  auto st = crud::select(table{"nowhere"});
  CAF_REQUIRE(st);
  auto err = failure<value>(a, crud_atom::value, *st, std::optional<uuid>{});
  CAF_REQUIRE(is(err, errc::server_error));
  CAF_CHECK(server_error_of(err)->kind == rpc::error_kind::not_found);
}

CAF_TEST(closing a session cancels its open transactions) {
  run_all(a, "DEFINE TABLE item SCHEMALESS");
  auto txn = begin(a);
  single(a, txn, "CREATE item:1 SET name = 'never'");
  CAF_CHECK(call<value>(a, close_atom::value).is_none());
  // The socket no longer knows it: a raw commit of it (past the session
  // bookkeeping) is refused by the server, and nothing was written.
  auto err = failure<value>(b, rpc_atom::value, rpc::method::commit, value::array{txn});
  CAF_REQUIRE(is(err, errc::server_error));
  CAF_MESSAGE("commit after close: " << server_error_of(err)->readable());
  CAF_CHECK(names(b) == list({}));
}

CAF_TEST(a closed connection ends the transactions of its sessions) {
  run_all(a, "DEFINE TABLE item SCHEMALESS");
  auto other = open_connection();
  auto s = call<session_actor>(other, session_atom::value);
  sign_in(s);
  use(s, "txn", db + "_closing");
  run_all(s, "DEFINE TABLE item SCHEMALESS");
  auto txn = begin(s);
  single(s, txn, "CREATE item:1 SET name = 'never'");
  CAF_CHECK(call<bool>(other, close_atom::value));
  CAF_CHECK(is(failure<value>(s, commit_atom::value, txn), errc::connection_closed));
  // The server dropped it with the socket.
  use(a, "txn", db + "_closing");
  CAF_CHECK(names(a) == list({}));
}

CAF_TEST_FIXTURE_SCOPE_END()
