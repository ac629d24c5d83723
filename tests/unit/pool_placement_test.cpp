// Where a pool puts a session, as a pure function of its members' numbers
// (detail/pool_placement.hpp): the policies, the user's choice, the limits,
// opening another member, and the home of a session whose connection gave
// up.
#define CAF_SUITE pool_placement

#include "surrealcaf/detail/pool_placement.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "surrealcaf/errc.hpp"

using namespace surrealcaf;
using detail::adoption_home;
using detail::place_session;
using detail::placement_choice;

namespace {

std::vector<pool_member> members(size_t n, connection_state state = connection_state::connected) {
  std::vector<pool_member> result(n);
  for (size_t i = 0; i < n; ++i) {
    result[i].endpoint = "ws://node" + std::to_string(i);
    result[i].state = state;
    result[i].opened = true;
  }
  return result;
}

pool_options options(placement p = placement::least_sessions) {
  pool_options opts;
  opts.endpoints = {"ws://a", "ws://b"};
  opts.placement = p;
  return opts;
}

// Places `n` sessions one after another, counting each where it went.
std::vector<pool_member> place_many(std::vector<pool_member> ms, const pool_options& opts,
                                    size_t n) {
  size_t cursor = 0;
  for (size_t k = 0; k < n; ++k) {
    auto choice = place_session(ms, {}, opts, cursor, 0);
    CAF_REQUIRE_EQUAL(choice.kind, placement_choice::member);
    ++ms[choice.index].sessions;
  }
  return ms;
}

} // namespace

CAF_TEST(least sessions spreads 1000 sessions evenly over 4 members) {
  auto ms = place_many(members(4), options(), 1000);
  for (auto& m : ms)
    CAF_CHECK_EQUAL(m.sessions, 250u);
}

CAF_TEST(least sessions takes the first of equals and the emptiest) {
  auto ms = members(3);
  size_t cursor = 0;
  CAF_CHECK_EQUAL(place_session(ms, {}, options(), cursor, 0).index, 0u);
  ms[0].sessions = 2;
  ms[1].sessions = 1;
  ms[2].sessions = 1;
  CAF_CHECK_EQUAL(place_session(ms, {}, options(), cursor, 0).index, 1u);
}

CAF_TEST(round robin takes the members in turn whatever their sessions) {
  auto ms = members(3);
  ms[0].sessions = 100;
  auto opts = options(placement::round_robin);
  size_t cursor = 0;
  std::vector<size_t> order;
  for (int k = 0; k < 7; ++k)
    order.push_back(place_session(ms, {}, opts, cursor, 0).index);
  CAF_CHECK_EQUAL(order, (std::vector<size_t>{0, 1, 2, 0, 1, 2, 0}));
}

CAF_TEST(round robin skips members that are not healthy) {
  auto ms = members(3);
  ms[1].state = connection_state::reconnecting;
  auto opts = options(placement::round_robin);
  size_t cursor = 0;
  std::vector<size_t> order;
  for (int k = 0; k < 4; ++k)
    order.push_back(place_session(ms, {}, opts, cursor, 0).index);
  CAF_CHECK_EQUAL(order, (std::vector<size_t>{0, 2, 0, 2}));
}

CAF_TEST(placement avoids reconnecting and closed members but takes connecting ones) {
  auto ms = members(4);
  ms[0].state = connection_state::reconnecting;
  ms[1].state = connection_state::closed;
  ms[2].state = connection_state::disconnected;
  ms[3].state = connection_state::connecting;
  ms[3].opened = false;
  size_t cursor = 0;
  auto choice = place_session(ms, {}, options(), cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::member);
  CAF_CHECK_EQUAL(choice.index, 3u);
}

CAF_TEST(the users choose decides and a bad index is refused) {
  auto opts = options();
  opts.choose = [](const std::vector<pool_member>& ms) { return ms.size() - 1; };
  auto ms = members(3);
  size_t cursor = 0;
  auto choice = place_session(ms, {}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::member);
  CAF_CHECK_EQUAL(choice.index, 2u);
  opts.choose = [](const std::vector<pool_member>&) { return size_t{7}; };
  choice = place_session(ms, {}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::refused);
  CAF_CHECK(is(choice.why, errc::invalid_argument));
  // A member that takes no sessions is as bad as one that does not exist.
  opts.choose = [](const std::vector<pool_member>&) { return size_t{1}; };
  ms[1].state = connection_state::reconnecting;
  choice = place_session(ms, {}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::refused);
}

CAF_TEST(full members open another up to max connections then the pool is full) {
  auto opts = options();
  opts.max_sessions_per_connection = 2;
  opts.max_connections = 3;
  auto ms = members(2);
  ms[0].sessions = 2;
  ms[1].sessions = 2;
  size_t cursor = 0;
  auto choice = place_session(ms, {}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::open);
  // The endpoints in turn: the first extra member goes to the first one.
  CAF_CHECK_EQUAL(choice.index, 0u);
  CAF_CHECK_EQUAL(place_session(ms, {}, opts, cursor, 1).index, 1u);
  ms.push_back(ms[0]);
  choice = place_session(ms, {}, opts, cursor, 1);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::full);
  ms[1].sessions = 1;
  choice = place_session(ms, {}, opts, cursor, 1);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::member);
  CAF_CHECK_EQUAL(choice.index, 1u);
}

CAF_TEST(calls in flight make a member full) {
  auto opts = options();
  opts.max_in_flight_per_connection = 10;
  auto ms = members(2);
  size_t cursor = 0;
  auto choice = place_session(ms, {10, 3}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.index, 1u);
  choice = place_session(ms, {10, 12}, opts, cursor, 0);
  CAF_CHECK_EQUAL(choice.kind, placement_choice::full);
}

CAF_TEST(a choice of a full member is a full pool) {
  auto opts = options();
  opts.max_sessions_per_connection = 1;
  opts.choose = [](const std::vector<pool_member>&) { return size_t{0}; };
  auto ms = members(2);
  ms[0].sessions = 1;
  size_t cursor = 0;
  CAF_CHECK_EQUAL(place_session(ms, {}, opts, cursor, 0).kind, placement_choice::full);
}

CAF_TEST(with no member taking sessions the pool waits or is closed) {
  auto ms = members(2, connection_state::reconnecting);
  size_t cursor = 0;
  CAF_CHECK_EQUAL(place_session(ms, {}, options(), cursor, 0).kind, placement_choice::unavailable);
  ms = members(2, connection_state::closed);
  CAF_CHECK_EQUAL(place_session(ms, {}, options(), cursor, 0).kind, placement_choice::closed);
  // Unless it may open another.
  auto opts = options();
  opts.max_connections = 2;
  CAF_CHECK_EQUAL(place_session(ms, {}, opts, cursor, 0).kind, placement_choice::open);
}

CAF_TEST(an adopted session goes to a healthy member ignoring limits) {
  auto opts = options();
  opts.max_sessions_per_connection = 1;
  auto ms = members(3);
  ms[0].state = connection_state::closed;
  ms[1].sessions = 5;
  ms[2].sessions = 3;
  size_t cursor = 0;
  CAF_CHECK(adoption_home(ms, {}, opts, cursor) == std::optional<size_t>{2});
  CAF_CHECK(adoption_home(ms, {2}, opts, cursor) == std::optional<size_t>{1});
  CAF_CHECK(!adoption_home(ms, {1, 2}, opts, cursor));
  // Connecting members are not asked: they refuse until open.
  ms[1].state = connection_state::connecting;
  CAF_CHECK(!adoption_home(ms, {2}, opts, cursor));
}

CAF_TEST(an adopted session follows choose when it names a healthy member) {
  auto opts = options();
  opts.choose = [](const std::vector<pool_member>&) { return size_t{1}; };
  auto ms = members(3);
  ms[2].sessions = 0;
  ms[1].sessions = 9;
  size_t cursor = 0;
  CAF_CHECK(adoption_home(ms, {}, opts, cursor) == std::optional<size_t>{1});
  // Tried already: the emptiest instead.
  CAF_CHECK(adoption_home(ms, {1}, opts, cursor) == std::optional<size_t>{0});
}
