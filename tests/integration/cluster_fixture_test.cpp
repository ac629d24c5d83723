// The test cluster as C++ sees it (tests/server/cluster.mjs, started by
// with-cluster.mjs), before any pool uses it: each node is reachable with
// the ordinary connect, the nodes share their data, stopping a node ends the
// connections to it and refuses new ones until it is started again, and each
// node's frame log shows the calls made on it.
#define CAF_SUITE cluster_fixture

#include "caf/test/unit_test.hpp"

#include "cluster.hpp"
#include "fresh_database.hpp"
#include "reconnect_faces.hpp"
#include "required_cluster.hpp"
#include "root_user.hpp"
#include "surreal_error_of.hpp"
#include "uuid_of.hpp"

#include "surrealcaf/blocking.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;

namespace {

// No reconnect, so a stopped node ends the connection; no keep-alive pings,
// so a frame log holds only the calls a test made.
client_options no_reconnect() {
  client_options opts;
  opts.reconnect.enabled = false;
  opts.ping_interval = 0ms;
  opts.request_timeout = 10s;
  opts.transport.connect_timeout = 5s;
  return opts;
}

struct fixture {
  test::cluster nodes = test::required_cluster();
  std::string ns = test::run_name("cluster");
  std::string db = test::fresh_database("cl");

  fixture() {
    CAF_REQUIRE(nodes.size() >= 2);
  }

  // A failed test may leave a node stopped: the next one starts from a whole cluster.
  ~fixture() {
    try {
      nodes.start_all();
    } catch (...) {
      // A cluster that is gone fails the next test's calls anyway.
    }
  }

  // A connection to node `i`, its default session signed in as root and in
  // this test's database.
  blocking_connection open(std::size_t i) {
    try {
      auto conn = blocking_connection::connect(nodes.url(i), no_reconnect());
      conn.default_session().signin(test::root_user());
      conn.default_session().use(ns, db);
      return conn;
    } catch (const surreal_error& err) {
      CAF_FAIL("cannot connect to node " << i << " and sign in: " << err.what());
    }
    return {};
  }
};

bool is_gone(errc code) {
  return code == errc::connection_lost || code == errc::connection_closed;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(cluster_fixture_tests, fixture)

CAF_TEST(both nodes are reachable and see the same data) {
  auto first = open(0);
  auto second = open(1);
  first.default_session().query_value("CREATE item:shared SET by = 'first'");
  CAF_CHECK_EQUAL(second.default_session().query_value("RETURN item:shared.by"), value{"first"});
  second.default_session().query_value("UPDATE item:shared SET by = 'second'");
  CAF_CHECK_EQUAL(first.default_session().query_value("RETURN item:shared.by"), value{"second"});
}

CAF_TEST(a stopped node drops its connections and refuses new ones until started) {
  auto doomed = open(0);
  auto other = open(1);
  other.default_session().query_value("CREATE item:kept");
  auto events = doomed.events();
  CAF_CHECK(events.state() == state::connected);

  CAF_CHECK_EQUAL(nodes.stop(0), 1);
  test::events_until(events, state::closed);
  auto lost = test::error_of([&] { doomed.default_session().ping(); });
  CAF_CHECK(is_gone(lost.code()));
  CAF_MESSAGE("a call after the stop: " << lost.what());
  auto listed = nodes.nodes();
  CAF_REQUIRE_EQUAL(listed.size(), nodes.size());
  CAF_CHECK(!listed[0].running);
  CAF_CHECK_EQUAL(listed[0].open, 0);
  CAF_CHECK(listed[1].running);

  auto refused = test::error_of(
    [&] { blocking_connection::connect(nodes.url(0), no_reconnect()); });
  CAF_CHECK(refused.code() == errc::connect_failed);
  // The other node goes on.
  CAF_CHECK_EQUAL(other.default_session().query_value("RETURN record::exists(item:kept)"),
                  value{true});

  nodes.start(0);
  CAF_CHECK(nodes.nodes()[0].running);
  auto back = open(0);
  CAF_CHECK_EQUAL(back.default_session().query_value("RETURN record::exists(item:kept)"),
                  value{true});
}

CAF_TEST(the frame log shows the calls made on each node) {
  nodes.clear_all();
  auto conn = open(1);
  auto extra = conn.new_session();
  extra.ping();
  auto attached = conn.sessions();
  CAF_REQUIRE_EQUAL(attached.size(), 1u);
  auto extra_id = attached[0];

  auto frames = nodes.frames(1);
  std::vector<std::string> methods;
  for (const auto& frame : frames)
    methods.push_back(frame.method);
  CAF_CHECK_EQUAL(methods,
                  (std::vector<std::string>{"signin", "use", "attach", "ping", "sessions"}));
  CAF_REQUIRE_EQUAL(frames.size(), 5u);
  CAF_CHECK(!frames[0].session);
  CAF_CHECK(!frames[1].session);
  CAF_CHECK(frames[2].session && test::uuid_of(*frames[2].session) == extra_id);
  CAF_CHECK(frames[3].session && test::uuid_of(*frames[3].session) == extra_id);
  CAF_CHECK(!frames[4].session);
  for (const auto& frame : frames) {
    CAF_CHECK(frame.id.has_value());
    CAF_CHECK_EQUAL(frame.conn, frames[0].conn);
  }
  // Every call has its own id.
  std::vector<int64_t> ids;
  for (const auto& frame : frames)
    ids.push_back(frame.id.value_or(-1));
  std::sort(ids.begin(), ids.end());
  CAF_CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());

  CAF_CHECK(nodes.frames(0).empty());
  nodes.clear(1);
  CAF_CHECK(nodes.frames(1).empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
