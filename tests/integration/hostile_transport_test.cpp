// The faces against a server that breaks the WebSocket protocol or ends the
// connection in every way it can (tests/server/hostile/): calls in flight and
// calls made right after fail at once with the real cause, and close() then
// does nothing instead of throwing.
#define CAF_SUITE hostile_transport

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/test/unit_test.hpp"

#include "contains.hpp"
#include "hostile_url.hpp"

#include <chrono>
#include <future>
#include <string>
#include <thread>

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::contains;
using surrealcaf::test::hostile_url;

namespace {

using clock_type = std::chrono::steady_clock;

/// Far below the calls' own timeout (30 s): a failure must come from the
/// connection ending, not from a call giving up.
constexpr auto prompt = 3s;

/// One way for the server to end the connection, what the error of a call
/// must say about it, and the idle_timeout to connect with: 30 s (the
/// default) unless dead-peer detection is what is tested, so that it cannot
/// hide a transport that waits for it.
struct ending {
  const char* scenario;
  const char* cause;
  std::chrono::milliseconds idle_timeout = 30s;
};

const ending violations[] = {
  {"reserved-opcode", "broke the WebSocket protocol"},
  {"masked-frame", "broke the WebSocket protocol"},
  {"garbage", "broke the WebSocket protocol"},
  {"huge-length", "larger than max_message_size"},
};

const ending endings[] = {
  {"close?code=4001&reason=bye", "closed by the server (code 4001: bye)"},
  {"close?code=1011&then=hold", "closed by the server (code 1011)"},
  // The server's reason reaches the error, but not its line breaks.
  {"close?code=4002&reason=a%0D%0Ab", "closed by the server (code 4002: a  b)"},
  {"reset", "reset"},
  {"abrupt", "without a close frame"},
  {"idle", "idle_timeout", 1s},
  {"oversized?bytes=4096", "larger than max_message_size"},
};

client_options hostile_options(std::chrono::milliseconds idle_timeout = 30s) {
  client_options opts;
  // Each scenario breaks every socket the same way: these suites check how
  // one failure is reported, so a lost socket ends the connection here.
  opts.reconnect.enabled = false;
  opts.request_timeout = 30s;
  opts.transport.connect_timeout = 5s;
  opts.transport.max_message_size = 1024;
  opts.transport.idle_timeout = idle_timeout;
  return opts;
}

/// Checks that `f` is ready within `prompt` of `since` and fails with
/// connection_closed naming the cause. Failures here are not fatal, so one
/// run reports on every scenario.
template <class T>
void expect_prompt_failure(surrealcaf::future<T>& f, clock_type::time_point since, const ending& e,
                           const char* which) {
  CAF_MESSAGE(e.scenario << ": " << which);
  auto left = prompt - (clock_type::now() - since);
  if (f.wait_for(left) != std::future_status::ready) {
    CAF_ERROR(e.scenario << ": " << which << " is still pending after 3 s");
    return;
  }
  try {
    f.get();
    CAF_ERROR(e.scenario << ": " << which << " succeeded");
  } catch (const surreal_error& err) {
    CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
    CAF_CHECK(contains(err.what(), e.cause));
  }
}

void check_async_face(const ending& e) {
  auto connecting = async_connection::connect(hostile_url(e.scenario),
                                              hostile_options(e.idle_timeout));
  CAF_REQUIRE(connecting.wait_for(10s) == std::future_status::ready);
  auto conn = connecting.get();
  auto db = conn.default_session();
  auto first_sent = clock_type::now();
  auto in_flight = db.version();
  // Long enough for the server's blow to land: this call goes out while the
  // transport is dealing with it.
  std::this_thread::sleep_for(200ms);
  auto second_sent = clock_type::now();
  auto meanwhile = db.version();
  expect_prompt_failure(in_flight, first_sent, e, "async call in flight");
  expect_prompt_failure(meanwhile, second_sent, e, "async call made right after");
  auto after = clock_type::now();
  auto later = db.ping();
  expect_prompt_failure(later, after, e, "async call made after the failure");
  auto closing = conn.close();
  if (closing.wait_for(prompt) != std::future_status::ready) {
    CAF_ERROR(e.scenario << ": async close() is still pending after 3 s");
    return;
  }
  try {
    closing.get();
  } catch (const surreal_error& err) {
    CAF_ERROR(e.scenario << ": async close() failed: " << err.what());
  }
}

void check_blocking_face(const ending& e) {
  auto conn = blocking_connection::connect(hostile_url(e.scenario),
                                           hostile_options(e.idle_timeout));
  for (auto which : {"blocking call in flight", "blocking call made after the failure"}) {
    auto sent = clock_type::now();
    try {
      conn.default_session().version();
      CAF_ERROR(e.scenario << ": " << which << " succeeded");
    } catch (const surreal_error& err) {
      CAF_MESSAGE(e.scenario << ": " << which << ": " << err.what());
      CAF_CHECK(clock_type::now() - sent < prompt);
      CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
      CAF_CHECK(contains(err.what(), e.cause));
    }
  }
  try {
    conn.close();
    conn.close(); // twice: still nothing
  } catch (const surreal_error& err) {
    CAF_ERROR(e.scenario << ": blocking close() threw: " << err.what());
  }
}

} // namespace

CAF_TEST(the control scenario answers in cbor and json) {
  for (auto protocol : {"cbor", "json"}) {
    auto opts = hostile_options();
    opts.transport.subprotocol = protocol;
    auto conn = blocking_connection::connect(hostile_url("echo-ok"), opts);
    auto db = conn.default_session();
    db.ping();
    db.ping();
    conn.close();
  }
}

CAF_TEST(protocol violations fail every call at once with the violation) {
  for (const auto& e : violations) {
    check_async_face(e);
    check_blocking_face(e);
  }
}

CAF_TEST(every way the server ends the connection fails calls at once and close is quiet) {
  for (const auto& e : endings) {
    check_async_face(e);
    check_blocking_face(e);
  }
}

CAF_TEST(the actor face answers close on a connection the server ended as documented) {
  caf::actor_system_config cfg;
  register_types(cfg);
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  client_options co;
  co.reconnect.enabled = false;
  co.transport.max_message_size = 1024;
  co.transport.idle_timeout = 1s;
  auto conn = connect(sys, hostile_url("abrupt"), co);
  CAF_REQUIRE(conn);
  self->request(*conn, 5s, connected_atom::value)
    .receive([](std::string& protocol) { CAF_CHECK_EQUAL(protocol, "cbor"); },
             [](caf::error& err) { CAF_FAIL("connect failed: " << describe(err)); });
  self->request(*conn, 5s, default_atom::value)
    .receive(
      [&](session_actor& session) {
        self->request(session, 30s, version_atom::value)
          .receive([](std::string&) { CAF_FAIL("version succeeded"); },
                   [](caf::error& err) {
                     CAF_CHECK(is(err, errc::connection_closed));
                     CAF_CHECK(contains(describe(err), "without a close frame"));
                   });
      },
      [](caf::error& err) { CAF_FAIL("no default session: " << describe(err)); });
  // docs/actors.md: a closed connection has ended, so close_atom reaches no
  // one and fails with request_receiver_down rather than hanging.
  self->request(*conn, 5s, close_atom::value)
    .receive([](bool) { CAF_FAIL("an ended connection answered close"); },
             [](caf::error& err) { CAF_CHECK_EQUAL(err, caf::sec::request_receiver_down); });
}
