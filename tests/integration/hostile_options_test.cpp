// Options that connect refuses before anything is sent, checked against a
// server that would accept the connection (tests/server/hostile/, echo-ok).
#define CAF_SUITE hostile_options

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/send.hpp"
#include "caf/test/unit_test.hpp"

#include "contains.hpp"
#include "hostile_url.hpp"

#include <chrono>
#include <future>

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::contains;
using surrealcaf::test::hostile_url;

CAF_TEST(the control connects with a positive max_message_size) {
  client_options opts;
  opts.transport.max_message_size = 1;
  auto conn = blocking_connection::connect(hostile_url("echo-ok"), opts);
  conn.close();
}

CAF_TEST(a max_message_size of zero is refused by the blocking face) {
  client_options opts;
  opts.transport.max_message_size = 0;
  try {
    auto conn = blocking_connection::connect(hostile_url("echo-ok"), opts);
    conn.close();
    CAF_FAIL("connect accepted max_message_size 0");
  } catch (const surreal_error& err) {
    CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
    CAF_CHECK(contains(err.what(), "max_message_size"));
  }
}

CAF_TEST(a max_message_size of zero is refused by the async face) {
  client_options opts;
  opts.transport.max_message_size = 0;
  auto f = async_connection::connect(hostile_url("echo-ok"), opts);
  CAF_REQUIRE(f.wait_for(10s) == std::future_status::ready);
  try {
    f.get().blocking().close();
    CAF_FAIL("connect accepted max_message_size 0");
  } catch (const surreal_error& err) {
    CAF_CHECK_EQUAL(err.code(), errc::invalid_argument);
    CAF_CHECK(contains(err.what(), "max_message_size"));
  }
}

CAF_TEST(a max_message_size of zero is refused by the actor face) {
  caf::actor_system_config cfg;
  register_types(cfg);
  caf::actor_system sys{cfg};
  client_options co;
  co.transport.max_message_size = 0;
  auto conn = connect(sys, hostile_url("echo-ok"), co);
  if (conn) {
    caf::anon_send(*conn, close_atom::value);
    CAF_FAIL("connect accepted max_message_size 0");
  }
  CAF_CHECK(is(conn.error(), errc::invalid_argument));
  CAF_CHECK(contains(describe(conn.error()), "max_message_size"));
}
