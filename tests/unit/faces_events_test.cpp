// connection_events on the blocking and async faces over a mock connection:
// the state at once, the changes in order, waiting and polling, the final
// `closed`, the bound, and what the connection sees of the hidden observer.
#define CAF_SUITE faces_events

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/faces_from_actor.hpp"

#include "caf/actor_system.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"
#include "caf/test/unit_test.hpp"

#include "faces_fixture.hpp"
#include "faces_mocks.hpp"
#include "surreal_error_of.hpp"
#include "wait_until.hpp"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

struct fixture : faces_fixture {
  /// The mock as its transport and timers see it: for the messages that
  /// make it change state (see mock_connection).
  detail::connection_internal internal() {
    return caf::actor_cast<detail::connection_internal>(mock);
  }

  /// The socket is lost and comes back: four events.
  void lose_socket() {
    caf::anon_send(internal(), closed_atom::value, caf::error{});
  }

  /// `n` reconnect attempts: n events.
  void reconnect(uint64_t n) {
    caf::anon_send(internal(), reconnect_atom::value, n);
  }
};

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faces_events_tests, fixture)

CAF_TEST(events starts from the current state of the connection) {
  auto ev = conn.events();
  CAF_CHECK(ev.state() == connection_state::connected);
  CAF_CHECK(!ev.ended());
  CAF_CHECK(!ev.try_next());
  CAF_CHECK_EQUAL(ev.dropped(), 0u);
  CAF_CHECK_EQUAL(log->observers.load(), 1);
}

CAF_TEST(next returns the changes in order and state runs ahead of reading) {
  auto ev = conn.events();
  lose_socket();
  // The state follows what arrived, read or not.
  CAF_CHECK(wait_until([&] { return ev.state() == connection_state::resumed; }));
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::disconnected);
  CAF_CHECK(x->code == errc::connection_closed);
  CAF_CHECK(contains(x->reason, "mock socket lost"));
  x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::reconnecting);
  CAF_CHECK_EQUAL(x->attempt, 1u);
  CAF_CHECK(x->delay == 10ms);
  x = ev.try_next();
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::connected);
  x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::resumed);
  CAF_CHECK_EQUAL(x->sessions, 1u);
  CAF_CHECK(!ev.try_next());
  CAF_CHECK(!ev.ended());
}

CAF_TEST(next waits at most its timeout and try_next not at all) {
  auto ev = conn.events();
  auto start = std::chrono::steady_clock::now();
  CAF_CHECK(!ev.next(50ms));
  auto waited = std::chrono::steady_clock::now() - start;
  CAF_CHECK(waited >= 50ms);
  CAF_CHECK(waited < 5s);
  start = std::chrono::steady_clock::now();
  CAF_CHECK(!ev.try_next());
  CAF_CHECK(std::chrono::steady_clock::now() - start < 1s);
}

CAF_TEST(closed ends the stream and wakes every reader) {
  auto ev = conn.events();
  std::atomic<int> taken{0};
  auto start = std::chrono::steady_clock::now();
  auto pull = [&] {
    while (ev.next(30s))
      ++taken;
  };
  std::thread a{pull};
  std::thread b{pull};
  conn.close();
  a.join();
  b.join();
  // Both returned as soon as one of them took `closed`.
  CAF_CHECK(std::chrono::steady_clock::now() - start < 10s);
  CAF_CHECK_EQUAL(taken.load(), 1);
  CAF_CHECK(ev.ended());
  CAF_CHECK(ev.state() == connection_state::closed);
  start = std::chrono::steady_clock::now();
  CAF_CHECK(!ev.next(5s));
  CAF_CHECK(std::chrono::steady_clock::now() - start < 1s);
  CAF_CHECK(wait_until([&] { return log->observers.load() == 0; }));
}

CAF_TEST(the closed event says why) {
  auto ev = conn.events();
  conn.close();
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::closed);
  CAF_CHECK(x->code == errc::connection_closed);
  CAF_CHECK(contains(x->reason, "closed by the user"));
  CAF_CHECK(ev.ended());
}

CAF_TEST(an unread stream keeps the newest events and always its closed) {
  auto ev = conn.events();
  constexpr uint64_t n = connection_events::queue_limit + 76;
  reconnect(n);
  CAF_CHECK(wait_until([&] { return ev.dropped() == 76; }));
  // Only now: the test's messages and the face's close reach the mock from
  // different senders, in no set order.
  conn.close();
  CAF_CHECK(wait_until([&] { return ev.state() == connection_state::closed; }));
  std::vector<connection_event> got;
  while (auto x = ev.try_next())
    got.push_back(std::move(*x));
  CAF_REQUIRE_EQUAL(got.size(), connection_events::queue_limit + 1);
  CAF_CHECK_EQUAL(got.front().attempt, 77u);
  CAF_CHECK_EQUAL(got[got.size() - 2].attempt, static_cast<uint32_t>(n));
  CAF_CHECK(got.back().state == connection_state::closed);
  CAF_CHECK(ev.ended());
  CAF_CHECK_EQUAL(ev.dropped(), 76u);
}

CAF_TEST(destroying the stream while the connection lives makes it forget the observer) {
  {
    auto ev = conn.events();
    CAF_CHECK_EQUAL(log->observers.load(), 1);
  }
  CAF_CHECK(wait_until([&] { return log->observers.load() == 0; }));
  db.ping();
  auto again = conn.events();
  CAF_CHECK(again.state() == connection_state::connected);
  CAF_CHECK_EQUAL(log->observers.load(), 1);
}

CAF_TEST(a vanished connection ends the stream) {
  auto ev = conn.events();
  caf::anon_send_exit(mock, caf::exit_reason::kill);
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::closed);
  CAF_CHECK(x->code == errc::connection_closed);
  CAF_CHECK(contains(x->reason, "terminated"));
  CAF_CHECK(ev.ended());
}

CAF_TEST(events fails like the other calls) {
  auto err = error_of([] { blocking_connection{}.events(); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  conn.close();
  err = error_of([&] { conn.events(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
  err = error_of([&] { conn.async().events().get(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST(a connection closed elsewhere gives a stream of its closed event) {
  conn.close();
  // Another handle on the same (closed) connection actor: nothing closed
  // locally, so the connection itself answers `closed`.
  auto other = make_blocking_connection(sys, mock, {});
  auto ev = other.events();
  CAF_CHECK(ev.state() == connection_state::closed);
  CAF_CHECK(!ev.ended());
  auto x = ev.try_next();
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::closed);
  CAF_CHECK(x->code == errc::connection_closed);
  CAF_CHECK(ev.ended());
  CAF_CHECK_EQUAL(log->observers.load(), 0);
}

CAF_TEST(the async face returns the same stream in a future) {
  auto ev = conn.async().events().get();
  CAF_CHECK(ev.state() == connection_state::connected);
  lose_socket();
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::disconnected);
}

CAF_TEST(an empty or moved from stream has ended) {
  connection_events empty;
  CAF_CHECK(empty.ended());
  CAF_CHECK(empty.state() == connection_state::closed);
  CAF_CHECK(!empty.try_next());
  CAF_CHECK(!empty.next(0ms));
  CAF_CHECK_EQUAL(empty.dropped(), 0u);
  auto a = conn.events();
  auto b = std::move(a);
  // A moved-from stream is empty.
  CAF_CHECK(a.ended());
  CAF_CHECK(b.state() == connection_state::connected);
}

CAF_TEST_FIXTURE_SCOPE_END()

// -- the faces' private system ------------------------------------------------

CAF_TEST(a stream does not keep its connection open and sees it close) {
  client_options opts;
  opts.request_timeout = 300ms;
  opts.private_runtime = true;
  auto log = std::make_shared<mock_log>();
  connection_events ev;
  {
    auto conn = detail::connect_blocking("ws://mock", opts, mock_connector(log));
    ev = conn.events();
  }
  // The last handle went: the connection closes, though the stream lives.
  auto x = ev.next(5s);
  CAF_REQUIRE(x);
  CAF_CHECK(x->state == connection_state::closed);
  CAF_CHECK(ev.ended());
  CAF_CHECK(log->conn_closed.load());
  // The stream held the private system: it shuts down now.
  ev = connection_events{};
  CAF_CHECK(log->conn_exited.load());
}
