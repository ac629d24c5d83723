// The interactive transactions of a session: begin, commit, cancel.

#include "session_actor_parts.hpp"

#include <utility>

#include "surrealcaf/detail/ignore_reply.hpp"

namespace surrealcaf::detail::session_parts {

caf::result<uuid> begin_transaction(self_pointer self) {
  auto& st = self->state;
  if (auto err = st.data.check(rpc::method::begin, {}))
    return err;
  auto rp = self->make_response_promise<uuid>();
  auto conn = st.conn;
  ask_connection(self, st.data.make_request(rpc::method::begin, {}),
                 [self, rp, conn](caf::expected<value> res) mutable {
                   if (!res) {
                     rp.deliver(std::move(res.error()));
                     return;
                   }
                   auto id = reply_as<uuid>("begin", *res);
                   if (!id) {
                     rp.deliver(std::move(id.error()));
                     return;
                   }
                   auto& st = self->state;
                   if (st.data.closed) {
                     // Closed meanwhile, so its close could not cancel this one.
                     // Transactions are the socket's: cancel it there.
                     request_ignoring_reply(
                       self, caf::infinite, conn, call_atom::value,
                       rpc::request{0, rpc::method::cancel, {*id}, std::nullopt, std::nullopt});
                     rp.deliver(st.data.close_reason);
                     return;
                   }
                   st.data.transactions.insert(*id);
                   rp.deliver(*id);
                 });
  return rp;
}

namespace {

// Sends the commit or cancel of `txn` now.
template <class Promise>
void send_end(self_pointer self, rpc::method m, const uuid& txn, Promise rp) {
  auto& st = self->state;
  if (auto err = st.data.check_transaction(txn)) {
    // A lost transaction ends with its commit or cancel too (nothing sent).
    st.data.lost_transactions.erase(txn);
    rp.deliver(std::move(err));
    return;
  }
  st.data.transactions.erase(txn);
  forward_to<value>(self, m, {txn}, as_value, std::nullopt, rp);
}

} // namespace

// commit or cancel: the transaction ends with the call, whatever the server
// answers (it forgets the transaction before committing, docs/protocol.md §5).
// With calls of the transaction still in flight, it waits for their replies:
// the server may run one socket's requests at once, and a commit that
// overtook a call would end the transaction under it.
caf::result<value> end_transaction(self_pointer self, rpc::method m, const uuid& txn) {
  auto& st = self->state;
  auto i = st.transaction_calls_in_flight.find(txn);
  if (i != st.transaction_calls_in_flight.end() && i->second.end)
    return make_error(errc::transaction_closed,
                      "the transaction is ending: its commit or cancel waits for its calls");
  auto rp = self->make_response_promise<value>();
  if (i == st.transaction_calls_in_flight.end())
    send_end(self, m, txn, rp);
  else
    i->second.end = [self, m, txn, rp, timeout = st.call_timeout]() mutable {
      // Sent later, with the deadline the commit or cancel was made with.
      call_timeout_scope scope{self, timeout};
      send_end(self, m, txn, rp);
    };
  return rp;
}

caf::error check_transaction_call(self_pointer self, const uuid& txn) {
  auto& st = self->state;
  auto i = st.transaction_calls_in_flight.find(txn);
  if (i != st.transaction_calls_in_flight.end() && i->second.end)
    return make_error(errc::transaction_closed, "the transaction is ending: its commit or cancel "
                                                "was called");
  return st.data.check_transaction(txn);
}

void transaction_call_done(self_pointer self, const uuid& txn) {
  auto& calls = self->state.transaction_calls_in_flight;
  auto i = calls.find(txn);
  if (i == calls.end() || --i->second.in_flight > 0)
    return;
  auto end = std::move(i->second.end);
  calls.erase(i);
  if (end)
    end();
}

} // namespace surrealcaf::detail::session_parts
