// sessions() against the real engine: the server's list of the sessions
// attached on a socket, as the blocking face and the actor face read it.
// A real server may hold sessions of other clients, and the list is the
// socket's own, so the checks are inclusion and exclusion, never equality.
#define CAF_SUITE connection_sessions

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"
#include "engine_faces.hpp"

#include <algorithm>
#include <set>
#include <vector>

using namespace surrealcaf;
using surrealcaf::test::connect_engine;
using surrealcaf::test::signed_in_session;

namespace {

bool listed(const std::vector<uuid>& list, const uuid& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

/// The UUIDs in `after` that are not in `before`.
std::vector<uuid> added(const std::vector<uuid>& before, const std::vector<uuid>& after) {
  std::vector<uuid> result;
  for (auto& id : after)
    if (!listed(before, id))
      result.push_back(id);
  return result;
}

} // namespace

CAF_TEST(sessions lists each new session and forgets a closed one) {
  auto conn = connect_engine();
  constexpr size_t n = 4;
  std::vector<blocking_session> sessions;
  std::vector<uuid> ids;
  // Opened one at a time, so each new UUID in the list is that session's.
  for (size_t i = 0; i < n; ++i) {
    auto before = conn.sessions();
    sessions.push_back(signed_in_session(conn));
    auto after = conn.sessions();
    auto fresh = added(before, after);
    CAF_REQUIRE_EQUAL(fresh.size(), 1u);
    for (auto& id : before)
      CAF_CHECK(listed(after, id));
    ids.push_back(fresh.front());
  }
  CAF_CHECK_EQUAL(std::set<uuid>(ids.begin(), ids.end()).size(), n);
  auto all = conn.sessions();
  for (auto& id : ids)
    CAF_CHECK(listed(all, id));
  // Closing the second session detaches it: it is gone from the list, the
  // others stay.
  sessions[1].close_session();
  auto rest = conn.sessions();
  CAF_CHECK(!listed(rest, ids[1]));
  for (size_t i : {0u, 2u, 3u})
    CAF_CHECK(listed(rest, ids[i]));
  // The remaining sessions still work.
  CAF_CHECK_EQUAL(sessions[3].query_value("RETURN 1"), value{1});
  // The async face reads the same list.
  auto again = conn.async().sessions().get();
  CAF_CHECK(!listed(again, ids[1]));
  CAF_CHECK(listed(again, ids[0]));
}

CAF_TEST(a fork is listed and another socket s sessions are not ) {
  auto a = connect_engine();
  auto b = connect_engine();
  auto before = a.sessions();
  auto s = signed_in_session(a);
  auto with_s = a.sessions();
  auto fork = s.fork_session();
  auto with_fork = added(with_s, a.sessions());
  CAF_REQUIRE_EQUAL(with_fork.size(), 1u);
  auto s_id = added(before, with_s);
  CAF_REQUIRE_EQUAL(s_id.size(), 1u);
  // The server keeps sessions per socket: b lists none of a's.
  auto of_b = b.sessions();
  CAF_CHECK(!listed(of_b, s_id.front()));
  CAF_CHECK(!listed(of_b, with_fork.front()));
  fork.close_session();
  CAF_CHECK(!listed(a.sessions(), with_fork.front()));
  CAF_CHECK(listed(a.sessions(), s_id.front()));
}

CAF_TEST(sessions after close fails with connection_closed) {
  auto conn = connect_engine();
  conn.close();
  try {
    conn.sessions();
    CAF_FAIL("sessions() on a closed connection succeeded");
  } catch (const surreal_error& err) {
    CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
  }
}

CAF_TEST_FIXTURE_SCOPE(connection_sessions_actor_tests, test::actor_fixture)

CAF_TEST(the actor face asks with sessions_atom) {
  auto before = call<std::vector<uuid>>(conn, sessions_atom::value);
  auto s = new_session();
  auto after = call<std::vector<uuid>>(conn, sessions_atom::value);
  auto fresh = added(before, after);
  CAF_REQUIRE_EQUAL(fresh.size(), 1u);
  CAF_CHECK(call<value>(s, close_atom::value).is_none());
  CAF_CHECK(!listed(call<std::vector<uuid>>(conn, sessions_atom::value), fresh.front()));
  // A closed connection is gone: the request bounces.
  CAF_CHECK(call<bool>(conn, close_atom::value));
  auto err = failure<std::vector<uuid>>(conn, sessions_atom::value);
  CAF_CHECK(err == caf::sec::request_receiver_down);
}

CAF_TEST_FIXTURE_SCOPE_END()
