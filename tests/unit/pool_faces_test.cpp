// The pool's calls on the blocking and async faces over a mock pool of two
// mock connections: sessions placed by the pool and working like a
// connection's, members, counters and sessions passed through, the pool's
// errors, empty handles, close, events, as_connection and the lifetime rule.
#define CAF_SUITE pool_faces

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connect_pool.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"

#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/test/unit_test.hpp"

#include "pool_faces_fixture.hpp"
#include "pool_mocks.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

std::vector<size_t> session_counts(const std::vector<pool_member>& xs) {
  std::vector<size_t> result;
  for (auto& x : xs)
    result.push_back(x.sessions);
  return result;
}

template <class F>
errc code_of(F f) {
  return error_of(std::move(f)).code();
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_faces_tests, pool_faces_fixture)

CAF_TEST(new_session gives a working session placed by the pool) {
  auto s = pool.new_session();
  s.let("x", 1);
  CAF_CHECK_EQUAL(s.query_value("vars"), (value{{"x", 1}}));
  CAF_CHECK_EQUAL(s.use("app", "main"), (value{{"namespace", "app"}, {"database", "main"}}));
  s.close_session();
  CAF_CHECK(code_of([&] { s.ping(); }) == errc::session_closed);
  // The pool is untouched by a session's close.
  CAF_CHECK_EQUAL(pool.members().size(), 2u);
}

CAF_TEST(sessions are spread over the members as the pool places them) {
  auto a = pool.new_session();
  auto b = pool.new_session();
  auto c = pool.async().new_session().get();
  CAF_CHECK_EQUAL(session_counts(pool.members()), (std::vector<size_t>{2, 1}));
  // Each member's mock connection made its sessions (after its default one).
  CAF_CHECK_EQUAL(log->member(0)->session_count(), 3u);
  CAF_CHECK_EQUAL(log->member(1)->session_count(), 2u);
  a.ping();
  b.ping();
  c.ping().get();
  CAF_CHECK_EQUAL(log->member(0)->session(1)->received.load(), 1);
  CAF_CHECK_EQUAL(log->member(1)->session(1)->received.load(), 1);
  CAF_CHECK_EQUAL(log->member(0)->session(2)->received.load(), 1);
}

CAF_TEST(members lists the pool s connections in its order) {
  auto xs = pool.members();
  CAF_REQUIRE_EQUAL(xs.size(), 2u);
  CAF_CHECK_EQUAL(xs[0].endpoint, "ws://a");
  CAF_CHECK_EQUAL(xs[1].endpoint, "ws://b");
  for (auto& x : xs) {
    CAF_CHECK(x.state == connection_state::connected);
    CAF_CHECK(x.opened);
    CAF_CHECK_EQUAL(x.sessions, 0u);
  }
  CAF_CHECK_EQUAL(pool.async().members().get().size(), 2u);
}

CAF_TEST(counters and sessions are the pool s answers) {
  log->member(0)->counters.sent = 3;
  log->member(1)->counters.sent = 4;
  log->member(1)->counters.in_flight = 1;
  auto x = pool.counters();
  CAF_CHECK_EQUAL(x.sent, 7u);
  CAF_CHECK_EQUAL(x.in_flight, 1u);
  CAF_CHECK_EQUAL(pool.async().counters().get().sent, 7u);
  auto a = pool.new_session();
  auto b = pool.new_session();
  auto c = pool.new_session();
  // Each mock member lists its sessions as mock ids 1, 2, ...; the pool
  // concatenates them in member order.
  auto ids = std::vector<uuid>{mock_id(1), mock_id(2), mock_id(1)};
  CAF_CHECK(pool.sessions() == ids);
  CAF_CHECK(pool.async().sessions().get() == ids);
}

CAF_TEST(the pool s errors reach the caller) {
  log->full = true;
  CAF_CHECK(code_of([&] { pool.new_session(); }) == errc::pool_full);
  CAF_CHECK(code_of([&] { pool.async().new_session().get(); }) == errc::pool_full);
  CAF_CHECK(code_of([&] { pool.as_connection().new_session(); }) == errc::pool_full);
  log->full = false;
  pool.new_session().ping();
}

CAF_TEST(empty handles fail with invalid_argument) {
  blocking_connection_pool b;
  async_connection_pool a;
  CAF_CHECK(!b);
  CAF_CHECK(!a);
  CAF_CHECK(code_of([&] { b.new_session(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { b.members(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { b.counters(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { b.sessions(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { b.events(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { b.close(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { a.new_session().get(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { a.members().get(); }) == errc::invalid_argument);
  CAF_CHECK(code_of([&] { a.close().get(); }) == errc::invalid_argument);
  CAF_CHECK(!b.as_connection());
  CAF_CHECK(!b.async());
  CAF_CHECK(!a.blocking());
}

CAF_TEST(after close every call fails at once with connection_closed) {
  auto s = pool.new_session();
  pool.close();
  CAF_CHECK(log->closed.load());
  CAF_CHECK(wait_until([&] { return log->member(0)->conn_closed && log->member(1)->conn_closed; }));
  auto received = log->received.load();
  CAF_CHECK(code_of([&] { pool.new_session(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.members(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.counters(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.sessions(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.events(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.async().members().get(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.as_connection().default_session().ping(); })
            == errc::connection_closed);
  CAF_CHECK(code_of([&] { s.ping(); }) == errc::connection_closed);
  // Nothing of that reached the pool.
  CAF_CHECK_EQUAL(log->received.load(), received);
  // Closing again does nothing and does not fail, on either face.
  pool.close();
  pool.async().close().get();
}

CAF_TEST(events shows the pool s state and ends with closed) {
  auto ev = pool.events();
  CAF_CHECK(ev.state() == connection_state::connected);
  CAF_CHECK_EQUAL(log->observers.load(), 1);
  pool.close();
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::closed);
  CAF_CHECK(ev.ended());
  auto other = std::make_shared<pool_log>();
  auto apool = detail::connect_pool_async(two_endpoints(), mock_pool_spawner(other)).get();
  auto aev = apool.events().get();
  CAF_CHECK(aev.state() == connection_state::connected);
  apool.close().get();
  auto y = aev.next(5s);
  CAF_REQUIRE(y);
  CAF_CHECK(y->state == connection_state::closed);
}

CAF_TEST(as_connection is the pool as a connection) {
  auto conn = pool.as_connection();
  CAF_CHECK(static_cast<bool>(conn));
  // Its default session is the first member's.
  CAF_CHECK_EQUAL(conn.default_session().version(), "surrealdb-mock");
  CAF_CHECK_EQUAL(log->member(0)->session(0)->received.load(), 1);
  auto s = conn.new_session();
  s.ping();
  auto t = conn.async().new_session().get();
  CAF_CHECK_EQUAL(session_counts(pool.members()), (std::vector<size_t>{1, 1}));
  log->member(0)->counters.sent = 5;
  CAF_CHECK_EQUAL(conn.counters().sent, 5u);
  CAF_CHECK_EQUAL(conn.sessions().size(), 2u);
  CAF_CHECK(conn.events().state() == connection_state::connected);
  // Closing it closes the pool.
  conn.close();
  CAF_CHECK(log->closed.load());
  CAF_CHECK(code_of([&] { pool.members(); }) == errc::connection_closed);
}

CAF_TEST(both faces share one pool) {
  auto a = pool.async();
  auto b = a.blocking();
  auto s = a.new_session().get();
  CAF_CHECK_EQUAL(session_counts(b.members()), (std::vector<size_t>{1, 0}));
  a.close().get();
  CAF_CHECK(code_of([&] { b.members(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { s.ping().get(); }) == errc::connection_closed);
}

CAF_TEST(a session handle keeps the pool open) {
  auto s = pool.new_session();
  auto conn = pool.as_connection();
  pool = blocking_connection_pool{};
  conn = blocking_connection{};
  CAF_CHECK(!log->closed.load());
  s.ping();
  // The last handle: the pool is closed and its private system shut down.
  s = blocking_session{};
  CAF_CHECK(log->closed.load());
  CAF_CHECK(log->exited.load());
}

CAF_TEST(calls fail with connection_closed when the pool is gone) {
  auto actor = detail::pool_of(*detail::face_access::core(pool));
  caf::anon_send_exit(actor, caf::exit_reason::kill);
  CAF_CHECK(wait_until([&] { return log->exited.load(); }));
  CAF_CHECK(code_of([&] { pool.members(); }) == errc::connection_closed);
  CAF_CHECK(code_of([&] { pool.new_session(); }) == errc::connection_closed);
  // Closing a pool that is gone does not fail.
  pool.close();
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST(a placement the pool refuses fails new_session with its error) {
  auto opts = two_endpoints();
  opts.choose = [](const std::vector<pool_member>& xs) { return xs.size(); };
  pool_faces_fixture f{opts};
  CAF_CHECK(code_of([&] { f.pool.new_session(); }) == errc::invalid_argument);
  opts.choose = [](const std::vector<pool_member>&) { return size_t{1}; };
  pool_faces_fixture g{opts};
  g.pool.new_session().ping();
  CAF_CHECK_EQUAL(session_counts(g.pool.members()), (std::vector<size_t>{0, 1}));
}
