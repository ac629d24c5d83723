// Where a pool places its sessions, against the test cluster (two nodes over
// one storage, tests/server/with-cluster.mjs): 1,000 sessions over 4
// connections (2 per node) follow each policy, as the pool counts them and
// as the nodes' frame logs see their attaches.
#define CAF_SUITE cluster_pool_placement

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/connection_pool.hpp"

#include "caf/test/unit_test.hpp"

#include "required_cluster.hpp"
#include "root_user.hpp"
#include "thrown.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

using namespace surrealcaf;

namespace {

constexpr size_t total = 1000;

/// 2 connections to each of the first two nodes: members a, a, b, b.
pool_options four_connections(const test::cluster& c, placement policy) {
  pool_options opts;
  opts.endpoints = {c.url(0), c.url(1)};
  opts.connections_per_endpoint = 2;
  opts.placement = policy;
  opts.connection.ping_interval = std::chrono::milliseconds{0};
  return opts;
}

std::vector<size_t> counts(blocking_connection_pool& pool) {
  std::vector<size_t> result;
  for (auto& m : pool.members())
    result.push_back(m.sessions);
  return result;
}

std::string text(const std::vector<size_t>& xs) {
  std::string result;
  for (auto x : xs)
    result += (result.empty() ? "" : " ") + std::to_string(x);
  return result;
}

/// The attaches node `i` received since its log was cleared.
size_t attaches(test::cluster& c, size_t i) {
  auto log = c.frames(i);
  return static_cast<size_t>(std::count_if(log.begin(), log.end(), [](const auto& f) {
    return f.method == "attach" && f.session;
  }));
}

/// `n` new sessions asked for at once (the async face), all awaited.
std::vector<async_session> open_at_once(blocking_connection_pool& pool, size_t n) {
  auto apool = pool.async();
  std::vector<surrealcaf::future<async_session>> asked;
  for (size_t i = 0; i < n; ++i)
    asked.push_back(apool.new_session());
  std::vector<async_session> result;
  for (auto& f : asked)
    result.push_back(f.get());
  return result;
}

struct fixture {
  test::cluster cluster = test::required_cluster();

  fixture() {
    cluster.start_all();
    cluster.clear_all();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(cluster_pool_placement_tests, fixture)

CAF_TEST(least sessions spreads 1000 sessions evenly over 4 connections on 2 nodes) {
  auto pool = blocking_connection_pool::connect(
    four_connections(cluster, placement::least_sessions));
  auto sessions = open_at_once(pool, total);
  CAF_CHECK_EQUAL(text(counts(pool)), "250 250 250 250");
  CAF_CHECK_EQUAL(attaches(cluster, 0), 500u);
  CAF_CHECK_EQUAL(attaches(cluster, 1), 500u);
  // The servers know every one of them.
  CAF_CHECK_GREATER_OR_EQUAL(pool.sessions().size(), total);
  // Least sessions fills the emptiest: close one on the third member, and
  // the next session goes there.
  auto one = pool.new_session();
  CAF_CHECK_EQUAL(text(counts(pool)), "251 250 250 250");
  one.close_session();
  CAF_CHECK_EQUAL(text(counts(pool)), "250 250 250 250");
  pool.close();
}

CAF_TEST(least sessions and round robin differ after a session closes) {
  for (auto policy : {placement::least_sessions, placement::round_robin}) {
    auto pool = blocking_connection_pool::connect(four_connections(cluster, policy));
    std::vector<blocking_session> sessions;
    for (size_t i = 0; i < 4; ++i)
      sessions.push_back(pool.new_session());
    CAF_CHECK_EQUAL(text(counts(pool)), "1 1 1 1");
    // Sessions were placed one at a time in member order: the third is on
    // the third member.
    sessions[2].close_session();
    CAF_CHECK_EQUAL(text(counts(pool)), "1 1 0 1");
    sessions.push_back(pool.new_session());
    if (policy == placement::least_sessions)
      CAF_CHECK_EQUAL(text(counts(pool)), "1 1 1 1");
    else
      CAF_CHECK_EQUAL(text(counts(pool)), "2 1 0 1");
    pool.close();
  }
}

CAF_TEST(round robin places 1000 sessions on the connections in turn) {
  auto pool = blocking_connection_pool::connect(four_connections(cluster, placement::round_robin));
  // One at a time first: the turn order is the members' order.
  std::vector<blocking_session> first;
  for (size_t i = 0; i < 6; ++i) {
    first.push_back(pool.new_session());
    auto now = counts(pool);
    for (size_t m = 0; m < 4; ++m)
      CAF_CHECK_EQUAL(now[m], (i + 4 - m) / 4);
  }
  auto rest = open_at_once(pool, total - first.size());
  CAF_CHECK_EQUAL(text(counts(pool)), "250 250 250 250");
  CAF_CHECK_EQUAL(attaches(cluster, 0), 500u);
  CAF_CHECK_EQUAL(attaches(cluster, 1), 500u);
  pool.close();
}

CAF_TEST(a user placement function decides) {
  auto opts = four_connections(cluster, placement::least_sessions);
  // Everything on the second node, the emptier of its two connections.
  opts.choose = [](const std::vector<pool_member>& m) -> size_t {
    return m[2].sessions <= m[3].sessions ? 2 : 3;
  };
  auto pool = blocking_connection_pool::connect(std::move(opts));
  auto sessions = open_at_once(pool, total);
  CAF_CHECK_EQUAL(text(counts(pool)), "0 0 500 500");
  CAF_CHECK_EQUAL(attaches(cluster, 0), 0u);
  CAF_CHECK_EQUAL(attaches(cluster, 1), total);
  pool.close();
}

CAF_TEST(sessions on a pool work like sessions on a connection) {
  auto pool = blocking_connection_pool::connect(four_connections(cluster, placement::round_robin));
  std::vector<blocking_session> sessions;
  for (size_t i = 0; i < 4; ++i) {
    sessions.push_back(pool.new_session());
    sessions.back().signin(test::root_user());
    sessions.back().let("n", static_cast<int64_t>(i));
  }
  for (size_t i = 0; i < 4; ++i)
    CAF_CHECK_EQUAL(sessions[i].query_value("RETURN $n"), value{static_cast<int64_t>(i)});
  pool.close();
  auto err = test::thrown<surreal_error>([&] { sessions[0].ping(); });
  CAF_CHECK_EQUAL(err.code(), errc::connection_closed);
}

CAF_TEST_FIXTURE_SCOPE_END()
