// Transactions and CRUD statements of a session on a mock connection: the
// frames begin, commit, cancel and queries inside a transaction produce, the
// session's bookkeeping of its open transactions, and how conflicts surface.
#define CAF_SUITE session_txn

#include "session_fixture.hpp"

#include <string>

#include "surrealcaf/crud.hpp"

#include "server_error_objects.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

uuid txn_id(int n) {
  return uuid_of("01900000-0000-7000-8000-00000000000" + std::to_string(n));
}

struct fixture : session_fixture {
  /// Begins a transaction answered with `txn_id(n)`.
  uuid begin(int n) {
    auto rh = self->request(s, caf::infinite, begin_atom::value);
    run();
    answer(rpc::method::begin, {}, txn_id(n));
    return result_of<uuid>(rh);
  }

  query_results query_in(const uuid& txn, const std::string& sql) {
    auto rh = self->request(s, caf::infinite, query_atom::value, sql, value::object{}, txn);
    run();
    answer(rpc::method::query, {sql, value::object{}}, value::array{ok_statement(1)}, txn);
    return result_of<query_results>(rh);
  }

  /// The error a commit of `txn` fails with when the server answers `error`.
  caf::error failed_commit(const uuid& txn, value error) {
    auto rh = self->request(s, caf::infinite, commit_atom::value, txn);
    run();
    reply_error(last_request(), std::move(error));
    return error_of<value>(rh);
  }

  /// The error of a call in `txn` that must fail locally, without a frame.
  template <class T, class... Ts>
  caf::error refused(Ts&&... xs) {
    auto before = frames();
    auto rh = self->request(s, caf::infinite, std::forward<Ts>(xs)...);
    run();
    CAF_CHECK_EQUAL(frames(), before);
    return error_of<T>(rh);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(session_txn_tests, fixture)

CAF_TEST(begin query and commit carry the session and the transaction) {
  auto txn = begin(1);
  CAF_CHECK(txn == txn_id(1));
  auto results = query_in(txn, "CREATE item:1");
  CAF_REQUIRE_EQUAL(results.size(), 1u);
  CAF_CHECK(results[0].result == value{1});
  auto commit = self->request(s, caf::infinite, commit_atom::value, txn);
  run();
  // The id goes in params as a uuid value, not in the txn field.
  answer(rpc::method::commit, {txn}, none);
  CAF_CHECK(result_of<value>(commit).is_none());
}

CAF_TEST(a commit waits for the calls of its transaction still in flight) {
  auto txn = begin(1);
  auto before = frames();
  auto query = self->request(s, caf::infinite, query_atom::value, std::string{"CREATE item:1"},
                             value::object{}, txn);
  auto commit = self->request(s, caf::infinite, commit_atom::value, txn);
  run();
  // Only the query left: the server may run one socket's requests at once.
  CAF_CHECK_EQUAL(frames(), before + 1);
  auto second = self->request(s, caf::infinite, cancel_atom::value, txn);
  run();
  CAF_CHECK_EQUAL(error_of<value>(second), errc::transaction_closed);
  answer(rpc::method::query, {std::string{"CREATE item:1"}, value::object{}},
         value::array{ok_statement(1)}, txn);
  CAF_CHECK_EQUAL(result_of<query_results>(query).size(), 1u);
  CAF_CHECK_EQUAL(frames(), before + 2);
  answer(rpc::method::commit, {txn}, none);
  CAF_CHECK(result_of<value>(commit).is_none());
}

CAF_TEST(a finished transaction is closed and nothing is sent for it) {
  auto txn = begin(1);
  auto cancel = self->request(s, caf::infinite, cancel_atom::value, txn);
  run();
  answer(rpc::method::cancel, {txn}, none);
  CAF_CHECK(result_of<value>(cancel).is_none());
  auto err = refused<query_results>(query_atom::value, std::string{"RETURN 1"}, value::object{},
                                    txn);
  CAF_CHECK(is(err, errc::transaction_closed));
  CAF_MESSAGE(describe(err));
  CAF_CHECK(is(refused<value>(commit_atom::value, txn), errc::transaction_closed));
  CAF_CHECK(is(refused<value>(cancel_atom::value, txn), errc::transaction_closed));
  auto stmt = crud::select(table{"item"});
  CAF_REQUIRE(stmt);
  CAF_CHECK(is(refused<value>(crud_atom::value, *stmt, std::optional<uuid>{txn}),
               errc::transaction_closed));
}

CAF_TEST(a transaction never begun here is closed) {
  auto other = txn_id(7);
  CAF_CHECK(is(refused<query_results>(query_atom::value, std::string{"RETURN 1"},
                                      value::object{}, other),
               errc::transaction_closed));
  CAF_CHECK(is(refused<value>(commit_atom::value, other), errc::transaction_closed));
  // Another session's transaction is not this one's either.
  auto txn = begin(1);
  auto b = new_session();
  auto before = frames();
  auto rh = self->request(b, caf::infinite, commit_atom::value, txn);
  run();
  CAF_CHECK(is(error_of<value>(rh), errc::transaction_closed));
  CAF_CHECK_EQUAL(frames(), before);
}

CAF_TEST(a commit conflict is transaction_conflict and ends the transaction) {
  auto txn = begin(1);
  auto server = server_error_in(failed_commit(txn, commit_conflict_error()),
                                errc::transaction_conflict);
  CAF_CHECK(server.is_transaction_conflict());
  CAF_CHECK_EQUAL(server.code, -32000);
  // The server forgot it before committing: it cannot be retried.
  CAF_CHECK(is(refused<value>(commit_atom::value, txn), errc::transaction_closed));
  // A typed conflict (Query/TransactionConflict) maps the same way.
  auto typed = error_object(-32009, "Transaction conflict", "Query",
                            detail_node("TransactionConflict"));
  CAF_CHECK(is(failed_commit(begin(2), typed), errc::transaction_conflict));
}

CAF_TEST(any other failed commit is a server error and still ends the transaction) {
  auto txn = begin(1);
  auto error = error_object(-32603, "Transaction not found", "Validation",
                            detail_node("InvalidParams"));
  CAF_CHECK(is(failed_commit(txn, error), errc::server_error));
  CAF_CHECK(is(refused<value>(cancel_atom::value, txn), errc::transaction_closed));
}

CAF_TEST(begin must reply a uuid) {
  auto rh = self->request(s, caf::infinite, begin_atom::value);
  run();
  reply(last_request(), "not a uuid");
  CAF_CHECK(is(error_of<uuid>(rh), errc::protocol_error));
}

CAF_TEST(close cancels the open transactions before it detaches) {
  auto t1 = begin(1);
  auto t2 = begin(2);
  auto t3 = begin(3);
  auto commit = self->request(s, caf::infinite, commit_atom::value, t2);
  run();
  reply(last_request(), none);
  CAF_CHECK(result_of<value>(commit).is_none());
  auto before = frames();
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  CAF_REQUIRE_EQUAL(frames(), before + 3);
  auto c1 = request_at(before);
  auto c2 = request_at(before + 1);
  auto detach = request_at(before + 2);
  CAF_CHECK_EQUAL(name(c1.method), "cancel");
  CAF_CHECK_EQUAL(name(c2.method), "cancel");
  CAF_CHECK(c1.session == id && c2.session == id);
  CAF_CHECK((c1.params == value::array{t1} && c2.params == value::array{t3})
            || (c1.params == value::array{t3} && c2.params == value::array{t1}));
  CAF_CHECK_EQUAL(name(detach.method), "detach");
  // The reply waits for every one of them; a failed cancel is no failure.
  reply(detach, none);
  reply(c1, none);
  CAF_CHECK(self->mailbox().empty());
  reply_error(c2, error_object(-32603, "Transaction not found"));
  CAF_CHECK(result_of<value>(closing).is_none());
  CAF_CHECK(is(refused<value>(commit_atom::value, t1), errc::session_closed));
}

CAF_TEST(a transaction begun while closing is cancelled on the socket) {
  auto rh = self->request(s, caf::infinite, begin_atom::value);
  run();
  auto begin_req = last_request();
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  auto detach = last_request();
  reply(begin_req, txn_id(4));
  CAF_CHECK(is(error_of<uuid>(rh), errc::session_closed));
  auto cancel = last_request();
  CAF_CHECK_EQUAL(name(cancel.method), "cancel");
  CAF_CHECK(cancel.params == value::array{txn_id(4)});
  // The session is detached: the default session names the socket's
  // transaction.
  CAF_CHECK(!cancel.session);
  reply(detach, none);
  CAF_CHECK(result_of<value>(closing).is_none());
}

CAF_TEST(a closed connection ends the transactions) {
  auto txn = begin(1);
  self->send(conn, close_atom::value);
  run();
  self->receive([](bool) {});
  CAF_CHECK(is(refused<query_results>(query_atom::value, std::string{"RETURN 1"},
                                      value::object{}, txn),
               errc::connection_closed));
}

CAF_TEST(a crud statement is sent as query and replies its one result) {
  auto stmt = crud::create(record_id{"item", 1}, value{{"v", 1}});
  CAF_REQUIRE(stmt);
  auto plain = self->request(s, caf::infinite, crud_atom::value, *stmt, std::optional<uuid>{});
  run();
  value created{{"id", record_id{"item", 1}}, {"v", 1}};
  answer(rpc::method::query, {stmt->sql, stmt->vars}, value::array{ok_statement(created)});
  CAF_CHECK(result_of<value>(plain) == created);
  // Inside a transaction it carries the txn field.
  auto txn = begin(1);
  auto inside = self->request(s, caf::infinite, crud_atom::value, *stmt,
                              std::optional<uuid>{txn});
  run();
  answer(rpc::method::query, {stmt->sql, stmt->vars}, value::array{ok_statement(created)}, txn);
  CAF_CHECK(result_of<value>(inside) == created);
}

CAF_TEST(a failed crud statement is the call error) {
  auto stmt = crud::select(table{"item"});
  CAF_REQUIRE(stmt);
  auto rh = self->request(s, caf::infinite, crud_atom::value, *stmt, std::optional<uuid>{});
  run();
  reply(last_request(),
        value::array{err_statement("The table 'item' does not exist", "NotFound")});
  auto server = server_error_in(error_of<value>(rh), errc::server_error);
  CAF_CHECK(server.kind == rpc::error_kind::not_found);
  // A conflicting statement is a transaction conflict.
  auto conflict = self->request(s, caf::infinite, crud_atom::value, *stmt,
                                std::optional<uuid>{});
  run();
  reply(last_request(), value::array{value{{"status", "ERR"},
                                           {"time", "1µs"},
                                           {"result", "Transaction conflict"},
                                           {"kind", "Query"},
                                           {"details", value{{"kind", "TransactionConflict"}}}}});
  CAF_CHECK(is(error_of<value>(conflict), errc::transaction_conflict));
  // Anything but exactly one result breaks the protocol.
  auto two = self->request(s, caf::infinite, crud_atom::value, *stmt, std::optional<uuid>{});
  run();
  reply(last_request(), value::array{ok_statement(1), ok_statement(2)});
  CAF_CHECK(is(error_of<value>(two), errc::protocol_error));
}

CAF_TEST_FIXTURE_SCOPE_END()
