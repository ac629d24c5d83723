// A session after its connection's socket was lost: what is gone, and how it
// replays itself on the new socket (docs/reliability.md): attach with the same
// UUID, authentication, use, let, live queries, then its waiting calls go out.
// Each step waits for the one before: the server runs a socket's requests
// concurrently, so pipelined steps could overtake each other.

#include "session_actor_parts.hpp"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "surrealcaf/detail/ignore_reply.hpp"

namespace surrealcaf::detail::session_parts {

namespace {

struct resume_run {
  uint64_t round = 0;
  /// False once the authentication could not be resumed.
  bool signed_in = true;
  /// The live queries to register again, by the id their subscriber holds.
  std::vector<uuid> lives;
  size_t next_live = 0;
  /// The variables to set again.
  std::vector<std::pair<std::string, value>> vars;
  size_t next_var = 0;
};

using run_ptr = std::shared_ptr<resume_run>;

bool stale(self_pointer self, uint64_t round) {
  auto& st = self->state;
  return st.data.closed || !st.conn || st.resume_round != round;
}

void finish(self_pointer self, const run_ptr& run) {
  auto& st = self->state;
  st.suspended = false;
  self->send(st.conn, resumed_atom::value, st.data.id, run->signed_in, run->round);
  schedule_token_refresh(self);
}

void restart_lives(self_pointer self, run_ptr run) {
  if (run->next_live == run->lives.size()) {
    finish(self, run);
    return;
  }
  auto id = run->lives[run->next_live++];
  restart_live(self, id, run->round, [self, run] {
    if (!stale(self, run->round))
      restart_lives(self, run);
  });
}

// Every step below ends the resume quietly when the socket is lost again: a
// new round starts on the next socket.
void ignore_abort(const caf::error&) {
}

void let_vars(self_pointer self, run_ptr run) {
  if (run->next_var == run->vars.size()) {
    restart_lives(self, std::move(run));
    return;
  }
  auto& [name, x] = run->vars[run->next_var++];
  // A variable the server refuses now is still the session's; go on.
  resume_call(self, self->state.data.make_request(rpc::method::let, {name, x}), run->round,
              [self, run](caf::expected<value>) { let_vars(self, run); }, ignore_abort);
}

void use_ns_db(self_pointer self, run_ptr run) {
  auto& data = self->state.data;
  if (!data.ns.is<std::string>()) {
    let_vars(self, std::move(run));
    return;
  }
  value db = data.db.is<std::string>() ? data.db : value{none};
  resume_call(self, data.make_request(rpc::method::use, {data.ns, std::move(db)}), run->round,
              [self, run](caf::expected<value>) { let_vars(self, run); }, ignore_abort);
}

// Neither the token nor a refresh works: the kept credentials, else the
// session is told to sign in again.
void sign_in_again(self_pointer self, run_ptr run) {
  auto& data = self->state.data;
  if (data.resume_credentials.is_none()) {
    data.lose_auth();
    run->signed_in = false;
    use_ns_db(self, std::move(run));
    return;
  }
  auto m = data.resume_method;
  value::array params{data.resume_credentials};
  auto kept = kept_params(m, params);
  resume_call(self, data.make_request(m, std::move(params)), run->round,
              [self, run, m, kept](caf::expected<value> res) {
                if (res) {
                  value keep = self->state.data.resume_credentials;
                  after_success(self, m, kept, *res, keep);
                } else {
                  self->state.data.lose_auth();
                  run->signed_in = false;
                }
                use_ns_db(self, run);
              },
              ignore_abort);
}

void refresh_token(self_pointer self, run_ptr run) {
  auto& data = self->state.data;
  if (!data.has_refresh_token()) {
    sign_in_again(self, std::move(run));
    return;
  }
  resume_call(self, data.make_request(rpc::method::refresh, {data.token}), run->round,
              [self, run](caf::expected<value> res) {
                if (!res) {
                  sign_in_again(self, run);
                  return;
                }
                value no_secret;
                after_success(self, rpc::method::refresh, {}, *res, no_secret);
                use_ns_db(self, run);
              },
              ignore_abort);
}

// The access token first; refused (expired, say), a refresh, then the kept
// credentials.
void authenticate(self_pointer self, run_ptr run) {
  auto& data = self->state.data;
  if (data.auth == auth_kind::none) {
    use_ns_db(self, std::move(run));
    return;
  }
  auto access = data.access_token();
  if (!access.is<std::string>()) {
    sign_in_again(self, std::move(run));
    return;
  }
  resume_call(self, data.make_request(rpc::method::authenticate, {std::move(access)}),
              run->round,
              [self, run](caf::expected<value> res) {
                if (res)
                  use_ns_db(self, run);
                else
                  refresh_token(self, run);
              },
              ignore_abort);
}

// A session the server will not attach again cannot live on: it closes, as
// if its connection had.
void close_unattachable(self_pointer self, const caf::error& why) {
  auto& st = self->state;
  st.data.close(make_error(errc::connection_closed,
                           "the session could not be attached again after a reconnect: "
                             + describe(why)));
  st.data.transactions.clear();
  end_all_streams(self);
  // The detach tells the connection to forget it; nothing goes to the server.
  request_ignoring_reply(self, caf::infinite, st.conn, call_atom::value,
                         st.data.make_request(rpc::method::detach, {}));
  st.conn = nullptr;
}

} // namespace

void on_socket_lost(self_pointer self) {
  auto& st = self->state;
  if (st.data.closed)
    return;
  st.suspended = true;
  // A resume under way belongs to the socket that is gone.
  ++st.resume_round;
  st.data.lose_transactions();
  if (st.live_part) {
    st.live_part->subscriptions.forget_server_ids();
    for (auto& entry : st.live_part->origins)
      entry.second.on_socket = false;
  }
}

void resume(self_pointer self, uint64_t round) {
  auto& st = self->state;
  if (st.data.closed || !st.conn)
    return;
  st.resume_round = round;
  auto run = std::make_shared<resume_run>();
  run->round = round;
  // One that lost its authentication on an earlier socket still has to
  // sign in again.
  run->signed_in = !st.data.signin_required;
  if (st.live_part)
    for (auto& entry : st.live_part->origins)
      run->lives.push_back(entry.first);
  for (auto& entry : st.data.vars)
    run->vars.emplace_back(entry.first, entry.second);
  if (!st.data.id) {
    authenticate(self, std::move(run));
    return;
  }
  resume_call(self, st.data.make_request(rpc::method::attach, {}), round,
              [self, run](caf::expected<value> res) {
                if (res)
                  authenticate(self, run);
                else
                  close_unattachable(self, res.error());
              },
              ignore_abort);
}

void resume_call(self_pointer self, rpc::request req, uint64_t round, reply_fn done,
                 std::function<void(const caf::error&)> aborted) {
  auto& st = self->state;
  self->request(st.conn, caf::infinite, resume_atom::value, round, std::move(req))
    .then(
      [self, round, done, aborted](value& x) {
        if (stale(self, round)) {
          aborted(make_error(errc::connection_lost, "a newer resume began"));
          return;
        }
        done(std::move(x));
      },
      [self, round, done, aborted](caf::error& err) {
        err = as_session_error(std::move(err));
        if (stale(self, round) || is(err, errc::connection_lost)
            || is(err, errc::connection_closed)) {
          aborted(err);
          return;
        }
        done(std::move(err));
      });
}

} // namespace surrealcaf::detail::session_parts
