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

// commit or cancel: the transaction ends with the call, whatever the server
// answers (it forgets the transaction before committing, docs/protocol.md §5).
caf::result<value> end_transaction(self_pointer self, rpc::method m, const uuid& txn) {
  auto& st = self->state;
  if (auto err = st.data.check_transaction(txn)) {
    // A lost transaction ends with its commit or cancel too (nothing sent).
    st.data.lost_transactions.erase(txn);
    return err;
  }
  st.data.transactions.erase(txn);
  return forward<value>(self, m, {txn}, as_value);
}

} // namespace surrealcaf::detail::session_parts
