// fork_session() on a mock connection: a new attached session, then this
// session's authentication, namespace and database, and variables replayed
// on it, in that order, before the reply.
#define CAF_SUITE session_fork

#include "session_fixture.hpp"

#include <string>

#include "surrealcaf/credentials.hpp"

using namespace surrealcaf;
using surrealcaf::test::is;

namespace {

std::string name(rpc::method m) {
  return rpc::to_string(m);
}

struct fixture : test::session_fixture {
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
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto fork_id = answer_attach();
  // One step at a time, each on the new session, after the last answered.
  answer_for(fork_id, rpc::method::authenticate, {"jwt-a"}, none);
  answer_for(fork_id, rpc::method::use, {"app", "other"},
             value{{"namespace", "app"}, {"database", "other"}});
  answer_for(fork_id, rpc::method::let, {"x", 1}, null);
  CAF_CHECK(self->mailbox().empty());
  answer_for(fork_id, rpc::method::let, {"y", "two"}, null);
  auto fork = result_of<forked_session>(rh).session;
  CAF_REQUIRE(fork);
  CAF_CHECK(fork != s);
  // The two are separate: each call names its own session.
  auto on_fork = self->request(fork, caf::infinite, let_atom::value, std::string{"x"}, value{2});
  run();
  answer_for(fork_id, rpc::method::let, {"x", 2}, null);
  result_of<value>(on_fork);
  auto on_original = self->request(s, caf::infinite, ping_atom::value);
  run();
  answer(rpc::method::ping, {}, none);
  result_of<value>(on_original);
  // A fork of the fork replays what the fork holds now.
  auto again = self->request(fork, caf::infinite, fork_atom::value);
  run();
  auto third = answer_attach();
  answer_for(third, rpc::method::authenticate, {"jwt-a"}, none);
  answer_for(third, rpc::method::use, {"app", "other"},
             value{{"namespace", "app"}, {"database", "other"}});
  answer_for(third, rpc::method::let, {"x", 2}, null);
  answer_for(third, rpc::method::let, {"y", "two"}, null);
  CAF_CHECK(result_of<forked_session>(again).session);
}

CAF_TEST(a fresh session forks into a fresh session) {
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto before = frames();
  answer_attach();
  CAF_CHECK_EQUAL(frames(), before);
  CAF_CHECK(result_of<forked_session>(rh).session);
}

CAF_TEST(a namespace without database is replayed alone) {
  prepare(s, value{{"namespace", "app"}, {"database", none}}, use_atom::value, value{"app"},
          value{});
  auto d = default_session();
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto fork_id = answer_attach();
  answer_for(fork_id, rpc::method::use, {"app", none}, value{{"namespace", "app"}});
  CAF_CHECK(result_of<forked_session>(rh).session);
  // The default session forks too, into an attached one.
  prepare(d, "jwt-d", signin_atom::value, credentials{root_credentials{"root", "root"}});
  auto from_default = self->request(d, caf::infinite, fork_atom::value);
  run();
  auto attached = answer_attach();
  answer_for(attached, rpc::method::authenticate, {"jwt-d"}, none);
  CAF_CHECK(result_of<forked_session>(from_default).session);
}

CAF_TEST(a failed replay closes the fork and replies the error) {
  prepare(s, "expired", auth_atom::value, std::string{"expired"});
  auto rh = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto fork_id = answer_attach();
  reply_error(last_request(), value{{"code", -32002},
                                    {"message", "There was a problem with authentication"},
                                    {"kind", "NotAllowed"}});
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
