// The actor face's view of a reconnect: an observer actor (observe_atom)
// receives the drop, the attempt, the new socket and the resume, each once
// even when it observes twice, and the connection's `closed` at the end;
// the session actor's calls work again in between.
#define CAF_SUITE faults_observe

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"
#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"

#include "caf/after.hpp"
#include "caf/scoped_actor.hpp"

#include <chrono>
#include <string>
#include <utility>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;
using surrealcaf::test::deadline;

namespace {

struct fixture : test::fault_fixture {
  test::actor_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  caf::scoped_actor watcher{sys};
  connection_actor conn;

  fixture() {
    auto c = connect(sys, test::engine_url(), test::fast_reconnect());
    if (!c)
      CAF_FAIL("connect failed: " << describe(c.error()));
    conn = std::move(*c);
  }

  ~fixture() {
    self->send(conn, close_atom::value);
  }

  template <class T, class Handle, class... Ts>
  T call(const Handle& dest, Ts&&... xs) {
    T result{};
    self->request(dest, deadline, std::forward<Ts>(xs)...)
      .receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { CAF_FAIL("call failed: " << describe(err)); });
    return result;
  }

  /// The next event the watcher receives; fails the test after 10 s.
  connection_event next_event() {
    connection_event result;
    bool got = false;
    watcher->receive([&](connection_event& x) { result = std::move(x); got = true; },
                     caf::after(10s) >> [] {});
    if (!got)
      CAF_FAIL("no connection_event within 10 s");
    return result;
  }

  /// True if the watcher receives no event for a while.
  bool quiet() {
    bool got = false;
    watcher->receive([&](connection_event& x) {
                       got = true;
                       CAF_MESSAGE("unexpected " << to_string(x.state));
                     },
                     caf::after(300ms) >> [] {});
    return !got;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_observe_tests, fixture)

CAF_TEST(an observer sees each step of a reconnect once and then closed) {
  CAF_REQUIRE_EQUAL(call<std::string>(conn, connected_atom::value), "cbor");
  auto s = call<session_actor>(conn, default_atom::value);
  call<value>(s, signin_atom::value, credentials{test::root_user()});
  auto obs = caf::actor_cast<connection_observer>(watcher);
  CAF_CHECK(call<state>(conn, observe_atom::value, obs) == state::connected);
  CAF_CHECK(call<state>(conn, observe_atom::value, obs) == state::connected);
  proxy.drop();
  std::vector<state> seen;
  while (seen.empty() || seen.back() != state::resumed)
    seen.push_back(next_event().state);
  CAF_CHECK(seen
            == (std::vector<state>{state::disconnected, state::reconnecting, state::connected,
                                   state::resumed}));
  auto results = call<query_results>(s, query_atom::value, std::string{"RETURN 1"},
                                     value::object{});
  CAF_REQUIRE_EQUAL(results.size(), 1u);
  CAF_CHECK(results[0].result == value{1});
  CAF_CHECK(quiet());
  CAF_CHECK(call<bool>(conn, close_atom::value));
  auto last = next_event();
  CAF_CHECK(last.state == state::closed);
  CAF_CHECK(last.code == errc::connection_closed);
  CAF_CHECK(quiet());
}

CAF_TEST_FIXTURE_SCOPE_END()
