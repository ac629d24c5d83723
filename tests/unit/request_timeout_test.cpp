// A call's own deadline (`basic_session::with_request_timeout`): the session
// actor hands a wrapped call's requests to the connection with the wrapper's
// deadline, and the connection ends each call at its own deadline, in flight
// or waiting for a reconnect, whatever the order of the deadlines. First the
// session and the connection under CAF's deterministic scheduler, then the
// blocking and async faces over a real connection whose only stand-in is the
// socket, then what the faces send to a mock session.
#define CAF_SUITE request_timeout

#include "session_fixture.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/make_message.hpp"
#include "caf/send.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/mock_transport.hpp"

#include "contains.hpp"
#include "faces_fixture.hpp"
#include "surreal_error_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

// -- the session and the connection, deterministic ----------------------------

struct actor_fixture : session_fixture {
  actor_fixture() : session_fixture(2000ms) {
  }

  /// `xs...` to the session, wrapped with the deadline `timeout`.
  template <class... Ts>
  auto wrapped(std::chrono::milliseconds timeout, Ts... xs) {
    auto rh = self->request(caf::actor_cast<caf::actor>(s), caf::infinite, timeout_atom::value,
                            timeout, caf::make_message(std::move(xs)...));
    run();
    return rh;
  }

  /// Moves the test clock on, fires every timer due by then and runs.
  void wait(caf::timespan d) {
    sched.advance_time(d);
    run();
  }
};

// -- the faces over a real connection; the socket is a stand-in ---------------

// What the stand-in server does, shared with the test: every request is
// answered at once (a query with its SQL as the statement's result, `begin`
// with a transaction id, `version` with a name, anything else with NONE)
// except a query "hang", which is never answered. While `refuse` is set, no
// new socket opens.
struct server_script {
  std::atomic<bool> refuse{false};
  std::atomic<int> sockets{0};
  // The connection, once its first socket opened (weakly: the connection
  // holds its transport, which holds this).
  caf::actor_addr owner;

  /// Plays a lost socket.
  void lose_socket() {
    caf::anon_send(caf::actor_cast<caf::actor>(owner), closed_atom::value,
                   make_error(errc::connection_lost, "the test dropped the socket"));
  }
};

class scripted_transport : public transport {
public:
  scripted_transport(caf::actor owner, std::shared_ptr<server_script> script)
    : owner_(std::move(owner)), script_(std::move(script)) {
    if (++script_->sockets == 1)
      script_->owner = owner_.address();
    caf::anon_send(owner_, open_atom::value, std::string{"cbor"});
  }

  void send(std::vector<uint8_t> frame) override {
    auto req = testing::read_request(frame);
    if (!req)
      return;
    value result;
    if (req->method == rpc::method::query) {
      if (req->params.at(0) == value{"hang"})
        return;
      result = value::array{value{{"status", "OK"}, {"time", "1µs"}, {"result", req->params[0]}}};
    } else if (req->method == rpc::method::begin) {
      uuid id{};
      id.data[15] = 7;
      result = id;
    } else if (req->method == rpc::method::version) {
      result = "surrealdb-stand-in";
    }
    caf::anon_send(owner_, frame_atom::value,
                   testing::result_frame(req->id, std::move(result), req->session));
  }

  void close() override {
    caf::anon_send(owner_, closed_atom::value, caf::error{});
  }

private:
  caf::actor owner_;
  std::shared_ptr<server_script> script_;
};

struct faces_over_connection {
  std::shared_ptr<server_script> script = std::make_shared<server_script>();
  blocking_connection conn;
  blocking_session db;

  faces_over_connection() {
    client_options opts;
    opts.request_timeout = 600ms;
    opts.ping_interval = 0ms;
    opts.private_runtime = true;
    opts.reconnect.initial_delay = 20ms;
    opts.reconnect.max_delay = 50ms;
    auto script_ptr = script;
    auto connector = [script_ptr](caf::actor_system& sys, const std::string&,
                                  const client_options& o) -> caf::expected<connection_actor> {
      return spawn_connection(
        sys,
        [script_ptr](caf::actor owner) -> std::unique_ptr<transport> {
          if (script_ptr->refuse)
            return nullptr;
          return std::make_unique<scripted_transport>(std::move(owner), script_ptr);
        },
        o);
    };
    conn = detail::connect_blocking("ws://stand-in", opts, connector);
    db = conn.default_session();
  }
};

using clock_type = std::chrono::steady_clock;

std::chrono::milliseconds since(clock_type::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

// The timeout a future ends with, and when (since `start`).
template <class T>
std::pair<surreal_error, std::chrono::milliseconds>
timeout_of(surrealcaf::future<T>& f, clock_type::time_point start) {
  auto err = error_of([&] { f.get(); });
  return {err, since(start)};
}

} // namespace

// -- the session and the connection -------------------------------------------

CAF_TEST_FIXTURE_SCOPE(request_timeout_actor_tests, actor_fixture)

CAF_TEST(a wrapped call ends at its own deadline and a plain one at the connection deadline) {
  auto before = frames();
  auto plain = self->request(s, caf::infinite, ping_atom::value);
  run();
  auto own = wrapped(200ms, ping_atom::value);
  CAF_CHECK_EQUAL(frames(), before + 2);
  wait(199ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<value>(own);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "ping: no reply within 200 ms"));
  // The plain call is still in flight.
  CAF_CHECK(self->mailbox().empty());
  wait(1800ms);
  err = error_of<value>(plain);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "ping: no reply within 2000 ms"));
}

CAF_TEST(a wrapped call longer than the connection deadline outlives it) {
  auto own = wrapped(5000ms, version_atom::value);
  auto req = last_request();
  wait(4999ms);
  CAF_CHECK(self->mailbox().empty());
  // The reply is the call's own, not wrapped.
  reply(req, "surrealdb-3.0.2");
  CAF_CHECK_EQUAL(result_of<std::string>(own), "surrealdb-3.0.2");
}

CAF_TEST(a wrapped call answered by the session itself replies at once) {
  // No such transaction: refused locally, nothing sent.
  auto before = frames();
  auto own = wrapped(200ms, commit_atom::value, uuid{});
  CAF_CHECK_EQUAL(frames(), before);
  CAF_CHECK(is(error_of<value>(own), errc::transaction_closed));
}

CAF_TEST(a wrapped message the session does not take fails as unexpected) {
  auto own = wrapped(200ms, std::string{"no such call"});
  CAF_CHECK(error_of<value>(own) == caf::sec::unexpected_message);
}

CAF_TEST(a commit waiting for its transaction calls keeps its own deadline) {
  auto begin = wrapped(200ms, begin_atom::value);
  auto txn = uuid{};
  txn.data[15] = 9;
  reply(last_request(), txn);
  CAF_CHECK(result_of<uuid>(begin) == txn);
  auto query = wrapped(200ms, query_atom::value, std::string{"RETURN 1"}, value::object{}, txn);
  auto query_req = last_request();
  auto commit = wrapped(200ms, commit_atom::value, txn);
  // The commit waits in the session for the query.
  CAF_CHECK(last_request().method == rpc::method::query);
  wait(100ms);
  reply(query_req, value::array{ok_statement(1)});
  CAF_CHECK(last_request().method == rpc::method::commit);
  CAF_CHECK_EQUAL(result_of<query_results>(query).size(), 1u);
  // Sent 100 ms late, it still has 200 ms from then.
  wait(199ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<value>(commit);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "commit: no reply within 200 ms"));
}

CAF_TEST(a wrapped fork gives each step of its replay its own deadline) {
  auto u = self->request(s, caf::infinite, use_atom::value, value{"ns"}, value{"db"});
  run();
  answer(rpc::method::use, {"ns", "db"}, value{{"namespace", "ns"}, {"database", "db"}});
  result_of<value>(u);
  auto fork = wrapped(200ms, fork_atom::value);
  auto attach = last_request();
  CAF_REQUIRE(attach.method == rpc::method::attach);
  reply(attach, value{});
  // The new session replays `use`; nobody answers it.
  CAF_REQUIRE(last_request().method == rpc::method::use);
  wait(199ms);
  CAF_CHECK(self->mailbox().empty());
  wait(1ms);
  auto err = error_of<forked_session>(fork);
  CAF_CHECK(is(err, errc::timeout));
  CAF_CHECK(contains(describe(err), "use: no reply within 200 ms"));
}

CAF_TEST_FIXTURE_SCOPE_END()

// -- the faces over a real connection -----------------------------------------

CAF_TEST_FIXTURE_SCOPE(request_timeout_faces_tests, faces_over_connection)

CAF_TEST(a handle with its own deadline ends its calls then and the original keeps the default) {
  auto fast = db.with_request_timeout(200ms);
  auto slow = db.with_request_timeout(1500ms);
  CAF_CHECK_EQUAL(db.request_timeout().count(), 600);
  CAF_CHECK_EQUAL(fast.request_timeout().count(), 200);
  CAF_CHECK_EQUAL(fast.async().request_timeout().count(), 200);
  CAF_CHECK_EQUAL(slow.request_timeout().count(), 1500);
  // A copy of the copy replaces the deadline; the copy keeps its own.
  CAF_CHECK_EQUAL(fast.with_request_timeout(300ms).request_timeout().count(), 300);
  CAF_CHECK_EQUAL(fast.request_timeout().count(), 200);
  // All three at once, on the same session.
  auto start = clock_type::now();
  auto by_slow = slow.async().query("hang");
  auto by_default = db.async().query("hang");
  auto by_fast = fast.async().query("hang");
  CAF_REQUIRE(by_fast.wait_for(2s) == std::future_status::ready);
  auto [fast_err, fast_took] = timeout_of(by_fast, start);
  CAF_CHECK_EQUAL(fast_err.code(), errc::timeout);
  CAF_CHECK(contains(fast_err.what(), "query: no reply within 200 ms"));
  CAF_CHECK_GREATER_OR_EQUAL(fast_took.count(), 200);
  CAF_CHECK_LESS(fast_took.count(), 550);
  CAF_CHECK(!by_default.is_ready());
  auto [default_err, default_took] = timeout_of(by_default, start);
  CAF_CHECK(contains(default_err.what(), "query: no reply within 600 ms"));
  CAF_CHECK_GREATER_OR_EQUAL(default_took.count(), 600);
  CAF_CHECK(!by_slow.is_ready());
  auto [slow_err, slow_took] = timeout_of(by_slow, start);
  CAF_CHECK(contains(slow_err.what(), "query: no reply within 1500 ms"));
  CAF_CHECK_GREATER_OR_EQUAL(slow_took.count(), 1500);
  // The session goes on answering, through every handle.
  CAF_CHECK(fast.query_value("RETURN 1") == value{"RETURN 1"});
  CAF_CHECK(db.query_value("RETURN 2") == value{"RETURN 2"});
}

CAF_TEST(the blocking face throws at the handle deadline) {
  auto fast = db.with_request_timeout(200ms);
  auto start = clock_type::now();
  auto err = error_of([&] { fast.query("hang"); });
  auto took = since(start);
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(contains(err.what(), "no reply within 200 ms"));
  CAF_CHECK_GREATER_OR_EQUAL(took.count(), 200);
  CAF_CHECK_LESS(took.count(), 550);
}

CAF_TEST(a transaction begun through the handle has its deadline) {
  auto fast = db.with_request_timeout(200ms);
  auto txn = fast.begin_transaction();
  auto start = clock_type::now();
  auto err = error_of([&] { txn.query("hang"); });
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(contains(err.what(), "no reply within 200 ms"));
  CAF_CHECK_LESS(since(start).count(), 550);
  txn.commit();
}

CAF_TEST(a call waiting for a reconnect ends at its own deadline) {
  auto fast = db.with_request_timeout(200ms);
  // The socket is lost and no new one opens until the test says so: calls
  // made now wait.
  script->refuse = true;
  script->lose_socket();
  auto start = clock_type::now();
  auto by_fast = fast.async().ping();
  auto by_default = db.async().version();
  CAF_REQUIRE(by_fast.wait_for(2s) == std::future_status::ready);
  auto [err, took] = timeout_of(by_fast, start);
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(contains(err.what(), "ping: not sent within 200 ms"));
  CAF_CHECK_LESS(took.count(), 550);
  // The other call still waits, and goes out once the session is resumed.
  CAF_CHECK(!by_default.is_ready());
  script->refuse = false;
  CAF_CHECK_EQUAL(by_default.get(), "surrealdb-stand-in");
}

CAF_TEST(zero and negative deadlines are refused on both faces) {
  auto err = error_of([&] { db.with_request_timeout(0ms); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  CAF_CHECK(contains(err.what(), "with_request_timeout"));
  err = error_of([&] { db.async().with_request_timeout(-5ms); });
  CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
  // The original handle is unchanged by all of this.
  CAF_CHECK_EQUAL(db.request_timeout().count(), 600);
  CAF_CHECK(db.query_value("RETURN 3") == value{"RETURN 3"});
}

CAF_TEST_FIXTURE_SCOPE_END()

// -- what the faces send ------------------------------------------------------

CAF_TEST_FIXTURE_SCOPE(request_timeout_mock_tests, faces_fixture)

CAF_TEST(only a handle with its own deadline wraps its calls) {
  db.ping();
  CAF_CHECK_EQUAL(dflt()->wrapped.load(), 0);
  auto own = db.with_request_timeout(750ms);
  own.ping();
  CAF_CHECK(own.query_value("x") == value{"x"});
  CAF_CHECK_EQUAL(dflt()->wrapped.load(), 2);
  CAF_CHECK_EQUAL(dflt()->last_timeout_ms.load(), 750);
  db.ping();
  CAF_CHECK_EQUAL(dflt()->wrapped.load(), 2);
}

CAF_TEST(an empty handle stays empty) {
  blocking_session empty;
  auto copy = empty.with_request_timeout(1s);
  CAF_CHECK(!copy);
  CAF_CHECK_EQUAL(copy.request_timeout().count(), 0);
  CAF_CHECK_EQUAL(error_of([&] { copy.ping(); }).code(), errc::invalid_argument);
}

CAF_TEST_FIXTURE_SCOPE_END()
