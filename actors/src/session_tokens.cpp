// Refreshing a session's token pair before its access token expires, so
// long-lived sessions and reconnects do not meet an expired token.

#include "session_actor_parts.hpp"

#include <chrono>
#include <utility>

#include "surrealcaf/detail/jwt_claims.hpp"

namespace surrealcaf::detail::session_parts {

void schedule_token_refresh(self_pointer self) {
  auto& st = self->state;
  // The timer on its way is for this very token (a resume that renewed
  // nothing, say): one is enough. The connection holds each until it fires,
  // so re-arming on every resume would pile them up.
  if (!st.armed_for.is_none() && st.armed_for == st.data.token && !st.data.closed)
    return;
  st.armed_for = none;
  // Any timer set before is for an older token.
  auto round = ++st.token_round;
  if (st.data.closed || !st.data.has_refresh_token())
    return;
  auto expiry = jwt_expiry(st.data.access_token());
  if (!expiry)
    return;
  auto delay = refresh_delay(std::chrono::system_clock::now(), *expiry,
                             st.settings.token_refresh_margin);
  // Expired by our clock although the server just issued or accepted it:
  // our clock runs ahead of the server's, and a refresh would only bring
  // another such token, at once, again and again. A resume still renews it
  // when the server refuses it.
  if (!delay || delay->count() == 0)
    return;
  // The connection keeps the timer: a timer of the session's own would hold
  // the session alive until it fires, long after it closed.
  if (st.conn) {
    st.armed_for = st.data.token;
    self->send(st.conn, token_atom::value, round, static_cast<int64_t>(delay->count()));
  }
}

void on_token_timer(self_pointer self, uint64_t round) {
  auto& st = self->state;
  if (round == st.token_round)
    st.armed_for = none;
  // While the socket is down the resume renews the token if it must, and
  // sets the timer again.
  if (round != st.token_round || st.data.closed || st.suspended || !st.data.has_refresh_token())
    return;
  auto sent = st.data.token;
  ask_connection(self, st.data.make_request(rpc::method::refresh, {sent}),
                 [self, sent](caf::expected<value> res) {
                   // A failed refresh keeps the session as it is: it stays
                   // signed in on the server; a resume tries again. A new
                   // pair is kept while the session still holds the pair it
                   // replaced (the server has spent that one), even when a
                   // resume re-armed the timer meanwhile.
                   if (!res || self->state.data.closed || self->state.data.token != sent)
                     return;
                   value no_secret;
                   after_success(self, rpc::method::refresh, {}, *res, no_secret);
                 });
}

} // namespace surrealcaf::detail::session_parts
