// fork_session() on a mock connection: a new attached session, then this
// session's authentication, namespace and database, and variables replayed
// on it, in that order, before the reply.
#define CAF_SUITE session_fork

#include "session_fixture.hpp"

#include <string>
#include <vector>

#include "surrealcaf/credentials.hpp"

#include "server_error_objects.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

/// A frame the fork must send to replay the original's state, and the
/// server's answer to it.
struct replayed {
  rpc::method method;
  value::array params;
  value result;
};

/// What a session signed in with "jwt-a", using app/other and holding the
/// variables x and y = "two" replays, in order.
std::vector<replayed> full_replay(value x) {
  return {
    {rpc::method::authenticate, {"jwt-a"}, none},
    {rpc::method::use, {"app", "other"}, value{{"namespace", "app"}, {"database", "other"}}},
    {rpc::method::let, {"x", std::move(x)}, null},
    {rpc::method::let, {"y", "two"}, null},
  };
}

struct fixture : session_fixture {
  /// Sends `xs` to session `who` and answers its one frame with `result`.
  template <class... Ts>
  void prepare(const session_actor& who, value result, Ts&&... xs) {
    auto rh = self->request(who, caf::infinite, std::forward<Ts>(xs)...);
    run();
    reply(last_request(), std::move(result));
    result_of<value>(rh);
  }

  /// The fork's attach has been sent: answers it and returns its session id.
  uuid answer_attach() {
    auto attach = last_request();
    CAF_REQUIRE_EQUAL(name(attach.method), "attach");
    CAF_REQUIRE(attach.session.has_value());
    CAF_CHECK(attach.session != id);
    reply(attach, none);
    return *attach.session;
  }

  struct fork_reply {
    uuid id;
    session_actor session;
  };

  /// Forks `who` playing the server: answers the attach, then expects
  /// exactly `steps`, one at a time, each on the new session after the last
  /// was answered, and no reply before the last one.
  fork_reply play_fork(const session_actor& who, const std::vector<replayed>& steps) {
    auto rh = self->request(who, caf::infinite, fork_atom::value);
    run();
    auto sent = frames();
    auto fork_id = answer_attach();
    for (auto& step : steps) {
      CAF_CHECK(self->mailbox().empty());
      sent = frames();
      answer_for(fork_id, step.method, step.params, step.result);
    }
    // Nothing more was sent after the last answer.
    CAF_CHECK_EQUAL(frames(), sent);
    return {fork_id, result_of<forked_session>(rh).session};
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(session_fork_tests, fixture)

CAF_TEST(fork replays authentication then namespace and database then variables) {
  prepare(s, value{{"access", "jwt-a"}, {"refresh", "r"}}, signin_atom::value,
          credentials{record_credentials{"app", "main", "account", {{"name", "ann"}}}});
  prepare(s, value{{"namespace", "app"}, {"database", "other"}}, use_atom::value, value{"app"},
          value{"other"});
  prepare(s, null, let_atom::value, std::string{"x"}, value{1});
  prepare(s, null, let_atom::value, std::string{"y"}, value{"two"});
  auto fork = play_fork(s, full_replay(1));
  CAF_REQUIRE(fork.session);
  CAF_CHECK(fork.session != s);
  // The two are separate: each call names its own session.
  auto on_fork = self->request(fork.session, caf::infinite, let_atom::value, std::string{"x"},
                               value{2});
  run();
  answer_for(fork.id, rpc::method::let, {"x", 2}, null);
  result_of<value>(on_fork);
  auto on_original = self->request(s, caf::infinite, ping_atom::value);
  run();
  answer(rpc::method::ping, {}, none);
  result_of<value>(on_original);
  // A fork of the fork replays what the fork holds now.
  CAF_CHECK(play_fork(fork.session, full_replay(2)).session);
}

CAF_TEST(a fresh session forks into a fresh session) {
  CAF_CHECK(play_fork(s, {}).session);
}

CAF_TEST(a namespace without database is replayed alone) {
  prepare(s, value{{"namespace", "app"}, {"database", none}}, use_atom::value, value{"app"},
          value{});
  auto d = default_session();
  CAF_CHECK(play_fork(s, {{rpc::method::use, {"app", none}, value{{"namespace", "app"}}}}).session);
  // The default session forks too, into an attached one.
  prepare(d, "jwt-d", signin_atom::value, credentials{root_credentials{"root", "root"}});
  CAF_CHECK(play_fork(d, {{rpc::method::authenticate, {"jwt-d"}, none}}).session);
}

CAF_TEST(a failed replay closes the fork and replies the error) {
  prepare(s, "expired", auth_atom::value, std::string{"expired"});
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto fork_id = answer_attach();
  reply_error(last_request(), invalid_auth_error());
  auto err = error_of<forked_session>(rh);
  CAF_CHECK(is(err, errc::server_error));
  auto detach = last_request();
  CAF_CHECK_EQUAL(name(detach.method), "detach");
  CAF_CHECK(detach.session == fork_id);
}

CAF_TEST(a closed session does not fork) {
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  reply(last_request(), none);
  result_of<value>(closing);
  auto before = frames();
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  CAF_CHECK(is(error_of<forked_session>(rh), errc::session_closed));
  CAF_CHECK_EQUAL(frames(), before);
}

CAF_TEST_FIXTURE_SCOPE_END()
