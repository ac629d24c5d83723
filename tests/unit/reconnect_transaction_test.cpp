// Interactive transactions belong to one socket: those open when it is lost
// are gone with it. Later calls in one fail with transaction_lost and send
// nothing; commit and cancel send nothing either and forget it.
#define CAF_SUITE reconnect_transaction

#include "reconnect_fixture.hpp"

#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using strings = std::vector<std::string>;

struct fixture : reconnect_fixture {
  session_actor a;
  std::optional<uuid> a_id;

  fixture() {
    a = new_session();
    a_id = last_request().session;
  }

  uuid begin(const uuid& txn) {
    return call<uuid>(a, a_id, rpc::method::begin, txn, begin_atom::value);
  }

  auto query_in(const uuid& txn) {
    return self->request(a, caf::infinite, query_atom::value, std::string{"CREATE t"},
                         value::object{}, txn);
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(reconnect_transaction_tests, fixture)

CAF_TEST(a call in a transaction from before the loss fails and sends nothing) {
  auto txn = begin(numbered_uuid(1, 'a'));
  drop();
  auto frames = wire->sent.size();
  auto during = query_in(txn);
  auto crud = self->request(a, caf::infinite, crud_atom::value,
                            crud::statement{"SELECT * FROM t", {}}, std::optional<uuid>{txn});
  run();
  auto err = error_of<query_results>(during);
  CAF_CHECK(is(err, errc::transaction_lost));
  CAF_CHECK(contains(describe(err), "Retry from a new begin"));
  CAF_CHECK(is(error_of<value>(crud), errc::transaction_lost));
  wait_for_attempt();
  open_socket();
  serve(a_id, rpc::method::attach);
  auto after = query_in(txn);
  run();
  CAF_CHECK(is(error_of<query_results>(after), errc::transaction_lost));
  CAF_CHECK_EQUAL(wire->sent.size(), frames + 1);
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
}

CAF_TEST(a call in a transaction that meets the loss at the connection fails and sends nothing) {
  auto txn = begin(numbered_uuid(1, 'a'));
  // The session passes the call on before it hears of the loss.
  self->send(io, closed_atom::value, make_error(errc::connection_closed, "reset"));
  auto rh = query_in(txn);
  run();
  CAF_CHECK(is(error_of<query_results>(rh), errc::transaction_lost));
  wait_for_attempt();
  open_socket();
  serve(a_id, rpc::method::attach);
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
}

CAF_TEST(cancel and commit of a lost transaction send nothing and forget it) {
  auto first = begin(numbered_uuid(1, 'a'));
  auto second = begin(numbered_uuid(2, 'a'));
  reconnect();
  serve(a_id, rpc::method::attach);
  auto cancel = self->request(a, caf::infinite, cancel_atom::value, first);
  auto commit = self->request(a, caf::infinite, commit_atom::value, second);
  run();
  CAF_CHECK(is(error_of<value>(cancel), errc::transaction_lost));
  CAF_CHECK(is(error_of<value>(commit), errc::transaction_lost));
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
  // Forgotten: it is closed now, like any ended transaction.
  auto again = self->request(a, caf::infinite, cancel_atom::value, first);
  auto later = query_in(second);
  run();
  CAF_CHECK(is(error_of<value>(again), errc::transaction_closed));
  CAF_CHECK(is(error_of<query_results>(later), errc::transaction_closed));
  CAF_CHECK((methods_for(a_id) == strings{"attach"}));
}

CAF_TEST(a transaction begun after the resume works as usual) {
  begin(numbered_uuid(1, 'a'));
  reconnect();
  serve(a_id, rpc::method::attach);
  auto txn = begin(numbered_uuid(2, 'a'));
  auto rh = query_in(txn);
  run();
  auto req = serve(a_id, rpc::method::query, value::array{ok_statement(1)});
  CAF_CHECK(req.txn == txn);
  CAF_CHECK_EQUAL(result_of<query_results>(rh).size(), 1u);
}

CAF_TEST(a begin in flight at the loss fails with connection_lost) {
  auto rh = self->request(a, caf::infinite, begin_atom::value);
  run();
  drop();
  CAF_CHECK(is(error_of<uuid>(rh), errc::connection_lost));
}

CAF_TEST(closing after the loss cancels no lost transaction) {
  begin(numbered_uuid(1, 'a'));
  reconnect();
  serve(a_id, rpc::method::attach);
  auto closing = self->request(a, caf::infinite, close_atom::value);
  run();
  CAF_CHECK((methods_for(a_id) == strings{"attach", "detach"}));
  serve(a_id, rpc::method::detach);
  CAF_CHECK(result_of<value>(closing).is_none());
}

CAF_TEST_FIXTURE_SCOPE_END()
