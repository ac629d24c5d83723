// make_uuid_v7: the RFC 9562 layout (version 7, variant 10, the Unix
// milliseconds in front), strict order within a thread, uniqueness across
// threads, and fresh randomness in a forked child.
#define CAF_SUITE uuid_v7

#include "surrealcaf/uuid_v7.hpp"

#include "caf/test/unit_test.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <set>
#include <thread>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

using namespace surrealcaf;

namespace {

uint64_t now_ms() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
}

uint64_t timestamp_of(const uuid& u) {
  uint64_t ms = 0;
  for (int i = 0; i < 6; ++i)
    ms = (ms << 8) | u.data[i];
  return ms;
}

// The last 48 bits, random in every id.
uint64_t random_tail_of(const uuid& u) {
  uint64_t bits = 0;
  for (int i = 10; i < 16; ++i)
    bits = (bits << 8) | u.data[i];
  return bits;
}

} // namespace

CAF_TEST(version and variant bits) {
  for (int i = 0; i < 1000; ++i) {
    auto u = make_uuid_v7();
    CAF_REQUIRE_EQUAL(u.data[6] >> 4, 7);
    CAF_REQUIRE_EQUAL(u.data[8] >> 6, 2);
    CAF_REQUIRE(u.variant() == boost::uuids::uuid::variant_rfc_4122);
  }
}

CAF_TEST(the timestamp is the current unix time in milliseconds) {
  auto before = now_ms();
  auto u = make_uuid_v7();
  auto after = now_ms();
  CAF_CHECK_GREATER_OR_EQUAL(timestamp_of(u), before);
  CAF_CHECK_LESS_OR_EQUAL(timestamp_of(u), after);
}

CAF_TEST(a hundred thousand ids from one thread strictly increase) {
  auto before = now_ms();
  auto previous = make_uuid_v7();
  std::set<uint64_t> tails;
  for (int i = 0; i < 100'000; ++i) {
    auto next = make_uuid_v7();
    if (!(previous < next))
      CAF_FAIL("id " << i << " is not greater than the one before");
    tails.insert(random_tail_of(next));
    previous = next;
  }
  // Same-millisecond ids are ordered by the counter, not by borrowing time:
  // the timestamps stay at the clock.
  CAF_CHECK_LESS_OR_EQUAL(timestamp_of(previous), now_ms());
  CAF_CHECK_GREATER_OR_EQUAL(timestamp_of(previous), before);
  // The random bits vary (a collision among 100k 48-bit values is unlikely).
  CAF_CHECK_GREATER(tails.size(), 99'990u);
}

CAF_TEST(ids from four threads are unique and ordered per thread) {
  constexpr size_t per_thread = 50'000;
  std::vector<std::vector<uuid>> made(4);
  std::vector<std::thread> threads;
  for (auto& ids : made) {
    threads.emplace_back([&ids] {
      ids.reserve(per_thread);
      for (size_t i = 0; i < per_thread; ++i)
        ids.push_back(make_uuid_v7());
    });
  }
  for (auto& t : threads)
    t.join();
  std::vector<uuid> all;
  for (auto& ids : made) {
    CAF_CHECK(std::is_sorted(ids.begin(), ids.end()));
    CAF_CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
    all.insert(all.end(), ids.begin(), ids.end());
  }
  std::sort(all.begin(), all.end());
  CAF_CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
  CAF_CHECK_EQUAL(all.size(), 4 * per_thread);
}

CAF_TEST(a forked child does not repeat the sequence of its parent) {
  make_uuid_v7(); // the parent's state exists before the fork
  int fds[2];
  CAF_REQUIRE_EQUAL(::pipe(fds), 0);
  auto pid = ::fork();
  if (pid == 0) {
    // The child reports through the pipe only, without the test framework.
    auto u = make_uuid_v7();
    auto written = ::write(fds[1], u.data, sizeof(u.data));
    ::_exit(written == sizeof(u.data) ? 0 : 1);
  }
  CAF_REQUIRE_GREATER(pid, 0);
  ::close(fds[1]);
  auto mine = make_uuid_v7();
  uuid theirs{};
  auto got = ::read(fds[0], theirs.data, sizeof(theirs.data));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CAF_REQUIRE_EQUAL(got, static_cast<ssize_t>(sizeof(theirs.data)));
  CAF_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CAF_CHECK_EQUAL(theirs.data[6] >> 4, 7);
  CAF_CHECK(mine != theirs);
  CAF_CHECK_NOT_EQUAL(random_tail_of(mine), random_tail_of(theirs));
}
