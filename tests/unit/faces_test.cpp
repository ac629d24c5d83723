// The blocking and async faces over mock connection and session actors on a
// real actor system (the faces block threads, so no deterministic scheduler):
// first wrapping a mock connection of the test's own system, then through
// connect with a mock connector, on the shared runtime and on private ones,
// with their lifetime rules: the last handle of a connection closes it, the
// last handle of a runtime shuts its system down.
#define CAF_SUITE faces

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/bridge_call.hpp"
#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/faces_from_actor.hpp"

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "faces_mocks.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <optional>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

client_options quick() {
  client_options opts;
  opts.request_timeout = 300ms;
  opts.transport.connect_timeout = 100ms;
  return opts;
}

/// quick() on a private runtime: its system goes with the connection.
client_options quick_private() {
  auto opts = quick();
  opts.private_runtime = true;
  return opts;
}

caf::actor_system& system_of(const blocking_connection& db) {
  return detail::face_access::core(db)->connection()->rt().system();
}

using fixture = test::faces_fixture;

struct short_timeout_fixture : fixture {
  static client_options opts() {
    client_options x;
    x.request_timeout = 200ms;
    return x;
  }
  short_timeout_fixture() : fixture(opts()) {
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(blocking_face, fixture)

CAF_TEST(session calls return the session actor answers) {
  CAF_CHECK_EQUAL(db.use("app", "main"), (value{{"namespace", "app"}, {"database", "main"}}));
  CAF_CHECK_EQUAL(db.signin(root_credentials{"root", "root"}), value{"token-root"});
  CAF_CHECK_EQUAL(db.signup(record_credentials{"app", "main", "account", {}}),
                  value{"signup-token"});
  CAF_CHECK_EQUAL(db.info(), (value{{"id", "user:1"}}));
  CAF_CHECK_EQUAL(db.version(), "surrealdb-mock");
  db.ping();
  db.authenticate("token");
  db.invalidate();
  CAF_CHECK_EQUAL(db.call(rpc::method::run, {"fn::x", 1}),
                  (value{{"method", "run"}, {"params", value::array{"fn::x", 1}}}));
  // All of them reached the default session, nothing else.
  CAF_CHECK_EQUAL(log->session(0)->received.load(), 9);
  CAF_CHECK_EQUAL(log->session_count(), 1u);
}

CAF_TEST(variables and query results travel both ways) {
  db.let("a", 1);
  db.let("b", "two");
  db.unset("b");
  auto results = db.query("vars", {{"c", 3}});
  CAF_REQUIRE_EQUAL(results.size(), 1u);
  CAF_CHECK(results[0].ok());
  CAF_CHECK_EQUAL(results[0].result, (value{{"a", 1}, {"c", 3}}));
  CAF_CHECK_EQUAL(db.query_value("SELECT 1"), value{"SELECT 1"});
}

CAF_TEST(a failed statement is a result for query and an exception for query_value) {
  auto results = db.query("fail");
  CAF_REQUIRE_EQUAL(results.size(), 2u);
  CAF_CHECK(results[0].ok());
  CAF_CHECK(!results[1].ok());
  auto err = error_of([&] { db.query_value("fail"); });
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK_EQUAL(err.server()->message, "boom");
  CAF_CHECK(err.server()->kind == rpc::error_kind::thrown);
  CAF_CHECK(!err.server()->code);
}

CAF_TEST(a server error keeps the server code kind and message apart) {
  auto err = error_of([&] { db.signin(root_credentials{"root", "wrong"}); });
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  auto srv = err.server();
  CAF_REQUIRE(srv != nullptr);
  CAF_CHECK(srv->kind == rpc::error_kind::not_allowed);
  CAF_CHECK(srv->is(rpc::error_kind::not_allowed, {"Auth", "InvalidAuth"}));
  CAF_CHECK_EQUAL(srv->code, rpc::error_code::invalid_auth);
  CAF_CHECK_EQUAL(srv->message, "There was a problem with authentication");
  std::string what = err.what();
  CAF_CHECK_EQUAL(what.rfind("surrealcaf: server_error (There was a problem", 0), 0u);
  CAF_CHECK_EQUAL(what.find("wrong"), std::string::npos);
}

CAF_TEST(sessions are separate actors and close alone) {
  auto s1 = conn.new_session();
  auto s2 = conn.new_session();
  CAF_REQUIRE_EQUAL(log->session_count(), 3u);
  s1.let("x", 1);
  s2.let("x", 2);
  CAF_CHECK_EQUAL(s1.query_value("vars"), (value{{"x", 1}}));
  CAF_CHECK_EQUAL(s2.query_value("vars"), (value{{"x", 2}}));
  s1.close_session();
  CAF_CHECK(log->session(1)->closed.load());
  auto seen = log->session(1)->received.load();
  auto copy = s1; // copies share the closed state
  auto err = error_of([&] { copy.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::session_closed);
  CAF_CHECK(err.server() == nullptr);
  s1.close_session(); // closing again does nothing
  CAF_CHECK_EQUAL(log->session(1)->received.load(), seen);
  // The sibling and the default session keep working.
  s2.ping();
  db.ping();
  CAF_CHECK(!log->session(2)->closed.load());
}

CAF_TEST(calls after close fail locally with connection_closed) {
  auto s = conn.new_session();
  auto seen_default = log->session(0)->received.load();
  auto seen_s = log->session(1)->received.load();
  conn.close();
  CAF_CHECK(log->conn_closed.load());
  // The mock shuts its sessions down: one message each, and nothing after.
  ++seen_default;
  ++seen_s;
  CAF_REQUIRE(wait_until([&] { return log->session(1)->received.load() == seen_s; }));
  CAF_REQUIRE(wait_until([&] { return log->session(0)->received.load() == seen_default; }));
  for (auto f : std::vector<std::function<void()>>{[&] { db.ping(); }, [&] { s.version(); },
                                                   [&] { conn.new_session(); },
                                                   [&] { s.query("SELECT 1"); }}) {
    auto err = error_of(f);
    CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
  }
  CAF_CHECK_EQUAL(log->session(0)->received.load(), seen_default);
  CAF_CHECK_EQUAL(log->session(1)->received.load(), seen_s);
  CAF_CHECK_EQUAL(log->session_count(), 2u);
  conn.close(); // closing again does nothing
}

CAF_TEST(a connection closed behind the face reports connection_closed) {
  // Closed through the actor face: the blocking face does not know, the
  // session actor answers with the error.
  caf::anon_send(mock, close_atom::value);
  // The shutdown message may arrive after our first calls.
  auto refused = [&] {
    try {
      db.ping();
    } catch (const surreal_error&) {
      return true;
    }
    return false;
  };
  CAF_REQUIRE(wait_until(refused));
  auto err = error_of([&] { db.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(a session actor that is gone reports connection_closed) {
  auto s = conn.new_session();
  auto down = actor_of(s);
  caf::scoped_actor self{sys};
  self->monitor(down);
  caf::anon_send_exit(down, caf::exit_reason::kill);
  self->receive([](const caf::down_msg&) {});
  auto err = error_of([&] { s.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(an empty handle throws invalid_argument) {
  blocking_session none;
  CAF_CHECK(!none);
  CAF_CHECK(static_cast<bool>(db));
  CAF_CHECK(static_cast<bool>(conn));
  CAF_CHECK(!blocking_connection{});
  auto err = error_of([&] { none.ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST(concurrent calls from eight threads each get their own answers) {
  auto shared = conn.new_session();
  constexpr int threads = 8;
  constexpr int calls = 200;
  std::atomic<int> good{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t)
    workers.emplace_back([&, t] {
      // Half the threads share one session handle, half use the connection.
      blocking_session s = t % 2 == 0 ? shared : conn.default_session();
      for (int i = 0; i < calls; ++i) {
        auto res = s.call(rpc::method::run, {t, i});
        if (res["params"] == value{value::array{t, i}})
          ++good;
      }
    });
  for (auto& w : workers)
    w.join();
  CAF_CHECK_EQUAL(good.load(), threads * calls);
}

CAF_TEST(the actor face and the blocking face act on the same session) {
  auto s = conn.new_session();
  s.let("v", 42);
  caf::scoped_actor self{sys};
  self->request(actor_of(s), 5s, query_atom::value, std::string{"vars"}, value::object{})
    .receive([](query_results& rs) { CAF_CHECK_EQUAL(rs.at(0).result, (value{{"v", 42}})); },
             [](caf::error& err) { CAF_FAIL("actor face failed: " << describe(err)); });
  CAF_CHECK_EQUAL(actor_of(conn), mock);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(blocking_face_timeouts, short_timeout_fixture)

CAF_TEST(a session actor that never answers still ends the call with timeout) {
  // A real connection ends the call at the configured time; this mock
  // session never answers at all, which the faces' own backstop catches
  // a margin later.
  auto start = std::chrono::steady_clock::now();
  auto err = error_of([&] { db.query("hang"); });
  auto elapsed = std::chrono::steady_clock::now() - start;
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(elapsed >= 200ms + detail::backstop_margin);
  CAF_CHECK(elapsed < 200ms + detail::backstop_margin + 1s);
  // The session still answers what it can.
  CAF_CHECK_EQUAL(db.version(), "surrealdb-mock");
}

CAF_TEST(non positive timeouts are rejected) {
  client_options bad;
  bad.request_timeout = 0ms;
  auto err = error_of([&] { make_blocking_connection(sys, mock, bad); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(async_face, short_timeout_fixture)

CAF_TEST(futures carry results and errors) {
  auto adb = db.async();
  auto v = adb.version();
  auto q = adb.query("SELECT 1");
  auto bad = adb.signin(root_credentials{"root", "nope"});
  auto hang = adb.query("hang");
  auto p = adb.ping();
  CAF_CHECK_EQUAL(v.get(), "surrealdb-mock");
  auto rows = q.get();
  CAF_REQUIRE_EQUAL(rows.size(), 1u);
  CAF_CHECK_EQUAL(rows[0].result, value{"SELECT 1"});
  p.get();
  auto err = error_of([&] { bad.get(); });
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(err.server()->kind == rpc::error_kind::not_allowed);
  CAF_CHECK(hang.wait_for(5s) == std::future_status::ready);
  err = error_of([&] { hang.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
}

CAF_TEST(async sessions and local closing) {
  auto s = conn.async().new_session().get();
  CAF_CHECK_EQUAL(s.use("a", "b").get(), (value{{"namespace", "a"}, {"database", "b"}}));
  auto closing = s.close_session();
  auto after = s.ping(); // ready at once: nothing is sent
  CAF_CHECK(after.wait_for(0s) == std::future_status::ready);
  auto err = error_of([&] { after.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::session_closed);
  closing.get();
  CAF_CHECK_EQUAL(log->session(1)->received.load(), 2);
  // The blocking and async handles share the session's state.
  err = error_of([&] { s.blocking().ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::session_closed);
}

CAF_TEST(many calls in flight complete independently) {
  auto adb = db.async();
  std::vector<surrealcaf::future<value>> futures;
  for (int i = 0; i < 1000; ++i)
    futures.push_back(adb.call(rpc::method::run, {i}));
  int good = 0;
  for (int i = 0; i < 1000; ++i)
    if (futures[i].get()["params"] == value{value::array{i}})
      ++good;
  CAF_CHECK_EQUAL(good, 1000);
}

CAF_TEST_FIXTURE_SCOPE_END()

// -- connect: the shared runtime and private ones ----------------------------

CAF_TEST(connections share one runtime unless they ask for a private one) {
  auto log = std::make_shared<mock_log>();
  auto a = detail::connect_blocking("ws://mock", quick(), mock_connector(log));
  auto b = detail::connect_async("ws://mock", quick(), mock_connector(log)).get();
  auto c = detail::connect_blocking("ws://mock", quick_private(), mock_connector(log));
  CAF_CHECK(&system_of(a) == &system_of(b.blocking()));
  CAF_CHECK(&system_of(a) != &system_of(c));
  CAF_CHECK_EQUAL(a.default_session().version(), "surrealdb-mock");
  CAF_CHECK_EQUAL(c.default_session().version(), "surrealdb-mock");
}

CAF_TEST(on the shared runtime the last handle of a connection ends only that connection) {
  auto kept = std::make_shared<mock_log>();
  auto dropped = std::make_shared<mock_log>();
  auto a = detail::connect_blocking("ws://mock", quick(), mock_connector(kept));
  {
    auto b = detail::connect_blocking("ws://mock", quick(), mock_connector(dropped));
    b.default_session().ping();
  }
  // The system lives on for `a`: the connection ends in the background.
  CAF_CHECK(wait_until([&] { return dropped->conn_closed.load(); }));
  CAF_CHECK(wait_until([&] { return dropped->conn_exited.load(); }));
  CAF_CHECK(!kept->conn_closed.load());
  a.default_session().ping();
  a = blocking_connection{};
  // That was the shared runtime's last handle: its system was shut down on
  // this thread, so the connection has ended.
  CAF_CHECK(kept->conn_exited.load());
}

CAF_TEST(blocking connect waits for the handshake and serves calls) {
  auto log = std::make_shared<mock_log>();
  {
    auto db = detail::connect_blocking("ws://mock", quick_private(), mock_connector(log));
    CAF_CHECK_EQUAL(db.default_session().version(), "surrealdb-mock");
    auto s = db.new_session();
    s.ping();
    CAF_CHECK_EQUAL(log->session_count(), 2u);
    CAF_CHECK(!log->conn_closed.load());
  }
  // The last handle went on this thread: the connection was closed and the
  // private system shut down before the scope ended.
  CAF_CHECK(log->conn_closed.load());
  CAF_CHECK(log->conn_exited.load());
}

CAF_TEST(a session handle keeps its connection open) {
  auto log = std::make_shared<mock_log>();
  blocking_session s;
  {
    auto db = detail::connect_blocking("ws://mock", quick_private(), mock_connector(log));
    s = db.new_session();
  }
  CAF_CHECK(!log->conn_closed.load());
  s.let("x", 1);
  CAF_CHECK_EQUAL(s.query_value("vars"), (value{{"x", 1}}));
  s = blocking_session{};
  CAF_CHECK(log->conn_closed.load());
  CAF_CHECK(log->conn_exited.load());
}

CAF_TEST(connect errors) {
  auto log = std::make_shared<mock_log>(mock_log::handshake::fail);
  auto err = error_of([&] { detail::connect_blocking("bad", quick(), mock_connector(log)); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_url);
  err = error_of(
    [&] { detail::connect_blocking("ws://mock", quick_private(), mock_connector(log)); });
  CAF_CHECK_EQUAL(err.code(), errc::connect_failed);
  // The failed attempt's connection actor was stopped and its private system
  // shut down before the exception left.
  CAF_CHECK(log->conn_exited.load());
  // On the shared runtime it stops in the background.
  auto shared_log = std::make_shared<mock_log>(mock_log::handshake::fail);
  err = error_of([&] { detail::connect_blocking("ws://mock", quick(), mock_connector(shared_log)); });
  CAF_CHECK_EQUAL(err.code(), errc::connect_failed);
  CAF_CHECK(wait_until([&] { return shared_log->conn_exited.load(); }));
  auto opts = quick();
  opts.transport.connect_timeout = 0ms;
  err = error_of([&] { detail::connect_blocking("ws://mock", opts, mock_connector(log)); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  // Refused by the faces before any connector runs, as connect() refuses it.
  opts = quick();
  opts.ping_interval = -1ms;
  err = error_of([&] { detail::connect_blocking("ws://mock", opts, mock_connector(log)); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK(std::string{err.what()}.find("ping_interval") != std::string::npos);
}

CAF_TEST(a handshake that never completes fails within the connect timeout) {
  auto log = std::make_shared<mock_log>(mock_log::handshake::never);
  auto start = std::chrono::steady_clock::now();
  auto err = error_of([&] { detail::connect_blocking("ws://mock", quick(), mock_connector(log)); });
  auto elapsed = std::chrono::steady_clock::now() - start;
  CAF_CHECK_EQUAL(err.code(), errc::connect_failed);
  // connect_timeout (100 ms) plus the 1 s margin left for the transport.
  CAF_CHECK(elapsed >= 1100ms);
  CAF_CHECK(elapsed < 3s);
  CAF_CHECK(wait_until([&] { return log->conn_exited.load(); }));
}

CAF_TEST(async connect) {
  auto log = std::make_shared<mock_log>();
  auto f = detail::connect_async("ws://mock", quick(), mock_connector(log));
  auto db = f.get();
  CAF_CHECK_EQUAL(db.default_session().version().get(), "surrealdb-mock");
  auto s = db.new_session().get();
  CAF_CHECK(static_cast<bool>(s));
  db.close().get();
  CAF_CHECK(log->conn_closed.load());
  auto err = error_of([&] { s.ping().get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(a failed async connect shuts its system down off the actor threads) {
  // The last reference to the runtime goes on an actor thread (the failed
  // handshake's continuation); the reaper tears the system down.
  auto log = std::make_shared<mock_log>(mock_log::handshake::fail);
  auto f = detail::connect_async("ws://mock", quick(), mock_connector(log));
  auto err = error_of([&] { f.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connect_failed);
  CAF_CHECK(wait_until([&] { return log->conn_exited.load(); }));
}

CAF_TEST(an abandoned new_session future does not stall the teardown) {
  auto log = std::make_shared<mock_log>();
  {
    auto db = detail::connect_async("ws://mock", quick(), mock_connector(log)).get();
    // The future and the connection go at once: the new session's handle,
    // built on an actor thread, may be the last one to the runtime.
    db.new_session();
  }
  CAF_CHECK(wait_until([&] { return log->conn_exited.load(); }));
}

CAF_TEST(calls in flight when the last handle goes end with connection_closed) {
  auto log = std::make_shared<mock_log>();
  auto opts = quick();
  opts.request_timeout = 10s;
  surrealcaf::future<query_results> pending;
  {
    auto db = detail::connect_blocking("ws://mock", opts, mock_connector(log));
    pending = db.default_session().async().query("hang");
  }
  CAF_REQUIRE(pending.wait_for(5s) == std::future_status::ready);
  auto err = error_of([&] { pending.get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}
