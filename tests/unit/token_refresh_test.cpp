// A session holding an {access, refresh} pair refreshes it before the access
// token expires (its `exp` claim minus token_refresh_margin, 60 s here)
// through a timer the connection keeps: the timer of an older token does
// nothing, none fires while the socket is down (the resume sets it again),
// and a closed session is not refreshed.
#define CAF_SUITE token_refresh

#include "reconnect_fixture.hpp"

#include <string>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using strings = std::vector<std::string>;

value pair_expiring_in(std::chrono::seconds from_now, const std::string& refresh) {
  return value{{"access", jwt_expiring_in(from_now)}, {"refresh", refresh}};
}

credentials root() {
  return credentials{root_credentials{"root", "root"}};
}

struct fixture : reconnect_fixture {
  size_t refreshes(const std::optional<uuid>& sid) {
    size_t n = 0;
    for (auto& m : methods_for(sid))
      if (m == "refresh")
        ++n;
    return n;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(token_refresh_tests, fixture)

CAF_TEST(a pair is refreshed the margin before its access token expires) {
  auto d = default_session();
  auto first = pair_expiring_in(120s, "r1");
  signin(d, std::nullopt, root(), first);
  // `exp` is in whole seconds: the refresh is due 59 to 60 s from now.
  wait(58s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 0u);
  wait(2s);
  auto req = serve(std::nullopt, rpc::method::refresh, pair_expiring_in(1000s, "r2"));
  CAF_CHECK(req.params == value::array{first});
  // The next one follows the new token.
  wait(900s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 1u);
  wait(41s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 2u);
  CAF_CHECK(pending(std::nullopt, rpc::method::refresh).params[0]["refresh"] == value{"r2"});
}

CAF_TEST(the timer of an older token does nothing) {
  auto d = default_session();
  signin(d, std::nullopt, root(), pair_expiring_in(120s, "r1"));
  auto second = pair_expiring_in(1000s, "r2");
  signin(d, std::nullopt, root(), second);
  wait(61s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 0u);
  wait(880s);
  CAF_REQUIRE_EQUAL(refreshes(std::nullopt), 1u);
  CAF_CHECK(pending(std::nullopt, rpc::method::refresh).params == value::array{second});
}

CAF_TEST(a token without a pair or without exp sets no timer) {
  auto d = default_session();
  auto a = new_session();
  auto a_id = last_request().session;
  signin(d, std::nullopt, root(), jwt_expiring_in(120s));
  signin(a, a_id, root(), value{{"access", "opaque"}, {"refresh", "r1"}});
  wait(3600s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 0u);
  CAF_CHECK_EQUAL(refreshes(a_id), 0u);
}

CAF_TEST(a token already expired by our clock is not refreshed back to back) {
  // The server just issued it, so our clock runs ahead of the server's: a
  // refresh would only bring another such token, at once, again and again.
  auto d = default_session();
  signin(d, std::nullopt, root(), pair_expiring_in(-3600s, "r1"));
  wait(1s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 0u);
  // Also when a refresh brings one.
  signin(d, std::nullopt, root(), pair_expiring_in(120s, "r2"));
  wait(60s);
  serve(std::nullopt, rpc::method::refresh, pair_expiring_in(-3600s, "r3"));
  wait(1s);
  CAF_CHECK_EQUAL(refreshes(std::nullopt), 1u);
}

CAF_TEST(no refresh goes out while the socket is down and the resume sets the timer again) {
  auto d = default_session();
  auto token = pair_expiring_in(120s, "r1");
  signin(d, std::nullopt, root(), token);
  drop();
  auto frames = wire->sent.size();
  wait(61s);
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  open_socket();
  serve(std::nullopt, rpc::method::authenticate);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  wait(61s);
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate", "refresh"}));
  CAF_CHECK(pending(std::nullopt, rpc::method::refresh).params == value::array{token});
}

CAF_TEST(a closed session is not refreshed and its timer does not keep it alive) {
  caf::actor_addr weak;
  std::optional<uuid> a_id;
  {
    auto a = new_session();
    a_id = last_request().session;
    weak = a.address();
    signin(a, a_id, root(), pair_expiring_in(120s, "r1"));
    call(a, a_id, rpc::method::detach, none, close_atom::value);
  }
  run();
  CAF_CHECK(caf::actor_cast<caf::strong_actor_ptr>(weak) == nullptr);
  wait(61s);
  CAF_CHECK_EQUAL(refreshes(a_id), 0u);
}

CAF_TEST_FIXTURE_SCOPE_END()
