// fork_session(): a new session with this one's state replayed on it.

#include "session_actor_parts.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/actor_cast.hpp"
#include "caf/sec.hpp"

#include "surrealcaf/detail/ignore_reply.hpp"

namespace surrealcaf::detail::session_parts {

namespace {

// One call that makes a new session like this one.
struct replay_step {
  enum class kind { authenticate, use, let } what;
  value first;
  value second;
};

// Authentication first: a token that names a namespace or database selects
// it, so `use` must come after to end where this session is.
std::vector<replay_step> replay_plan(const session_state& st) {
  std::vector<replay_step> result;
  if (auto token = st.access_token(); token.is<std::string>())
    result.push_back({replay_step::kind::authenticate, std::move(token), none});
  if (st.ns.is<std::string>())
    result.push_back({replay_step::kind::use, st.ns, st.db.is<std::string>() ? st.db : none});
  for (auto& [name, x] : st.vars)
    result.push_back({replay_step::kind::let, name, x});
  return result;
}

// The steps, and when the whole fork must be done: a fork is several calls
// in a row, each with its own deadline at the connection, and the caller
// waits for all of them at once (the faces wait twice request_timeout).
struct replay_plan_t {
  std::vector<replay_step> steps;
  std::optional<caf::actor_clock::time_point> deadline;
  std::chrono::milliseconds limit{0};
  /// The fork call's own deadline (`timeout_atom`), which each step gets
  /// too; zero: the connection's.
  std::chrono::milliseconds step_timeout{0};
};

// Sends one step to the fork: as it is, or wrapped with the fork call's own
// deadline (the fork is a session actor, which takes `timeout_atom`).
template <class Next, class Fail, class... Ts>
void send_step(self_pointer self, const session_actor& fork, const replay_plan_t& plan, Next next,
               Fail fail, Ts... xs) {
  if (plan.step_timeout.count() > 0)
    self
      ->request(caf::actor_cast<caf::actor>(fork), caf::infinite, timeout_atom::value,
                plan.step_timeout, caf::make_message(std::move(xs)...))
      .then(std::move(next), std::move(fail));
  else
    self->request(fork, caf::infinite, std::move(xs)...).then(std::move(next), std::move(fail));
}

using replay_ptr = std::shared_ptr<const replay_plan_t>;

void replay(self_pointer self, caf::typed_response_promise<forked_session> rp,
            session_actor fork, replay_ptr plan, size_t i) {
  if (i == plan->steps.size()) {
    rp.deliver(forked_session{std::move(fork)});
    return;
  }
  auto next = [self, rp, fork, plan, i](value&) mutable {
    replay(self, std::move(rp), std::move(fork), std::move(plan), i + 1);
  };
  auto fail = [self, rp, fork, plan](caf::error& err) mutable {
    // A half-made fork is of no use to anyone.
    request_ignoring_reply(self, caf::infinite, fork, close_atom::value);
    if (err == caf::sec::request_timeout)
      err = make_error(errc::timeout, "fork: not done within "
                                        + std::to_string(plan->limit.count()) + " ms");
    rp.deliver(std::move(err));
  };
  // Checked between steps: a step under way has its connection deadline,
  // so a fork ends at most one request_timeout after its own deadline.
  if (plan->deadline && self->clock().now() >= *plan->deadline) {
    caf::error late = caf::sec::request_timeout;
    fail(late);
    return;
  }
  auto& step = plan->steps[i];
  switch (step.what) {
    case replay_step::kind::authenticate:
      send_step(self, fork, *plan, std::move(next), std::move(fail), auth_atom::value,
                step.first.get<std::string>());
      break;
    case replay_step::kind::use:
      send_step(self, fork, *plan, std::move(next), std::move(fail), use_atom::value, step.first,
                step.second);
      break;
    case replay_step::kind::let:
      send_step(self, fork, *plan, std::move(next), std::move(fail), let_atom::value,
                step.first.get<std::string>(), step.second);
      break;
  }
}

} // namespace

caf::result<forked_session> fork_session(self_pointer self) {
  auto& st = self->state;
  if (st.data.closed)
    return st.data.close_reason;
  // The new session would be made on the connection that gave up.
  if (st.moving)
    return make_error(errc::connection_lost,
                      "fork: the session is moving to another connection of its pool; "
                      "nothing was sent");
  // A fork copies the authentication, which this session has lost.
  if (st.data.signin_required)
    return make_error(errc::signin_required,
                      "fork: the session's authentication could not be resumed after a "
                      "reconnect; sign in again");
  auto plan = std::make_shared<replay_plan_t>();
  plan->steps = replay_plan(st.data);
  plan->step_timeout = st.call_timeout;
  plan->limit = st.call_timeout.count() > 0 ? st.call_timeout : st.settings.request_timeout;
  if (plan->limit.count() > 0)
    plan->deadline = self->clock().now() + plan->limit;
  auto rp = self->make_response_promise<forked_session>();
  self->request(st.conn, caf::infinite, session_atom::value)
    .then([self, rp, plan = replay_ptr{std::move(plan)}](session_actor& fork) mutable {
            replay(self, std::move(rp), std::move(fork), std::move(plan), 0);
          },
          [rp](caf::error& err) mutable { rp.deliver(as_session_error(std::move(err))); });
  return rp;
}

} // namespace surrealcaf::detail::session_parts
