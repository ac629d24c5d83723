// A connection's default session cannot be closed on its own: its
// close_session(), on default_session() or a copy of it, fails with
// invalid_argument before anything is sent and leaves the session and the
// connection usable. Other sessions still close. A connection is not a
// session: it has no close_session() to call.
#define CAF_SUITE faces_default_session

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connect_faces.hpp"

#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "faces_mocks.hpp"
#include "surreal_error_of.hpp"

#include <chrono>
#include <future>
#include <type_traits>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

struct fixture : faces_fixture {
  /// Runs `close`, a close_session of the default session (thrown or taken
  /// from its future), and checks that it fails with invalid_argument
  /// without reaching the session actor, and that the default session and
  /// the connection serve calls afterwards.
  template <class Close>
  void check_refused(Close close) {
    auto seen = dflt()->received.load();
    auto err = error_of(close);
    CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
    CAF_CHECK_EQUAL(dflt()->received.load(), seen);
    CAF_CHECK(!dflt()->closed.load());
    db.ping();
    db.async().ping().get();
    conn.default_session().ping();
    CAF_CHECK_EQUAL(dflt()->received.load(), seen + 3);
    CAF_CHECK_EQUAL(conn.new_session().version(), "surrealdb-mock");
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(default_session_close, fixture)

// A connection is no session: nothing converts it to one.
static_assert(!std::is_convertible_v<blocking_connection, blocking_session>);
static_assert(!std::is_convertible_v<async_connection, async_session>);
static_assert(!std::is_base_of_v<blocking_session, blocking_connection>);

CAF_TEST(close_session on a copy of the default session fails) {
  blocking_session copy = db;
  check_refused([&] { copy.close_session(); });
}

CAF_TEST(close_session on default_session fails) {
  check_refused([&] { conn.default_session().close_session(); });
  check_refused([&] { conn.default_session().async().close_session().get(); });
}

CAF_TEST(the async face refuses at once) {
  auto adb = db.async();
  auto refused = adb.close_session();
  CAF_CHECK(refused.wait_for(0s) == std::future_status::ready);
  check_refused([&] { refused.get(); });
  check_refused([&] { conn.async().default_session().close_session().get(); });
  CAF_CHECK_EQUAL(adb.version().get(), "surrealdb-mock");
}

CAF_TEST(a closed connection still refuses and stays closed) {
  conn.close();
  auto err = error_of([&] { conn.default_session().close_session(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  err = error_of([&] { db.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(new and forked sessions still close) {
  auto added = conn.new_session();
  auto forked = db.fork_session();
  auto async_added = conn.async().new_session().get();
  added.close_session();
  forked.close_session();
  async_added.close_session().get();
  CAF_CHECK(log->session(1)->closed.load());
  CAF_CHECK(log->session(2)->closed.load());
  for (auto s : {added, forked, async_added.blocking()}) {
    auto err = error_of([&] { s.ping(); });
    CAF_CHECK_EQUAL(err.code(), errc::session_closed);
  }
  db.ping();
  CAF_CHECK(!dflt()->closed.load());
}

CAF_TEST_FIXTURE_SCOPE_END()

// -- connect (the shared runtime) ---------------------------------------------

CAF_TEST(a connection from connect refuses to close its default session) {
  auto log = std::make_shared<mock_log>();
  auto async_log = std::make_shared<mock_log>();
  auto db = detail::connect_blocking("ws://mock", {}, mock_connector(log));
  auto adb = detail::connect_async("ws://mock", {}, mock_connector(async_log)).get();
  auto err = error_of([&] { db.default_session().close_session(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  err = error_of([&] { adb.default_session().close_session().get(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  db.default_session().ping();
  adb.default_session().ping().get();
  for (auto& x : {log, async_log}) {
    CAF_CHECK(!x->session(0)->closed.load());
    CAF_CHECK(!x->conn_closed.load());
  }
}
