// A transaction open when the socket is lost died with it on the server:
// its calls and its commit fail with transaction_lost without sending
// anything, its RAII cancel sends nothing to the new socket either, its
// writes are gone, and the session begins new transactions as before.
#define CAF_SUITE faults_transaction

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "fresh_database.hpp"
#include "reconnect_faces.hpp"
#include "surreal_error_of.hpp"

#include <set>
#include <string>

using namespace surrealcaf;
using state = connection_state;

CAF_TEST_FIXTURE_SCOPE(faults_transaction_tests, test::fault_fixture)

CAF_TEST(a transaction open at the loss is lost and nothing of it reaches the new socket) {
  auto conn = test::connect_proxied();
  auto main = conn.default_session();
  main.use(test::run_name("txn"), test::fresh_database());
  main.query_value("DEFINE TABLE item SCHEMALESS");
  auto events = conn.events();
  {
    auto committed = main.begin_transaction();
    auto abandoned = main.begin_transaction();
    committed.create(value{record_id{"item", "a"}}, value{{"n", 1}});
    abandoned.create(value{record_id{"item", "b"}}, value{{"n", 2}});
    proxy.clear_log();
    proxy.drop();
    test::events_until(events, state::resumed);
    auto err = test::error_of([&] { committed.query_value("RETURN 1"); });
    CAF_CHECK_EQUAL(err.code(), errc::transaction_lost);
    err = test::error_of([&] { committed.commit(); });
    CAF_CHECK_EQUAL(err.code(), errc::transaction_lost);
    CAF_CHECK(!committed.open());
    // `abandoned` goes here: its destructor's cancel must stay local.
  }
  // Calls from one thread reach the session in order: a cancel sent by the
  // destructor would be in the log before this ping.
  main.ping();
  auto log = proxy.log();
  std::string sent;
  for (auto& frame : log)
    sent += " " + frame.method;
  CAF_MESSAGE("sent after the drop:" << sent);
  CAF_REQUIRE(!log.empty());
  CAF_CHECK_EQUAL(log.back().method, "ping");
  const std::set<std::string> forbidden{"query", "commit", "cancel", "begin"};
  for (auto& frame : log)
    CAF_CHECK(forbidden.count(frame.method) == 0);
  // The server dropped the transactions' writes with the socket.
  CAF_CHECK_EQUAL(main.query_value("SELECT VALUE id FROM item"), value{value::array{}});
  auto again = main.begin_transaction();
  again.create(value{record_id{"item", "c"}}, value{{"n", 3}});
  again.commit();
  CAF_CHECK_EQUAL(main.query_value("SELECT VALUE n FROM item"), value{value::array{3}});
}

CAF_TEST_FIXTURE_SCOPE_END()
