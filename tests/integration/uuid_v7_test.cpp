// make_uuid_v7 against the real engine: it reads our ids as version 7 UUIDs
// with our timestamp, and as record keys they sort in the order we made them.
#define CAF_SUITE uuid_v7

#include "surrealcaf/uuid_v7.hpp"

#include "caf/test/unit_test.hpp"

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "engine_query.hpp"
#include "fresh_database.hpp"

using namespace surrealcaf;

namespace {

uint64_t timestamp_of(const uuid& u) {
  uint64_t ms = 0;
  for (int i = 0; i < 6; ++i)
    ms = (ms << 8) | u.data[i];
  return ms;
}

struct fixture {
  test::engine_client db;

  // A database of its own in a namespace of this run.
  fixture() {
    db.use(test::run_name("uuid_v7"), test::fresh_database("uuid_v7"));
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(uuid_v7_tests, fixture)

CAF_TEST(the engine reads the version 7 timestamp) {
  // time::from_uuid takes only v1, v6 and v7 uuids and returns their time.
  for (int i = 0; i < 20; ++i) {
    auto u = make_uuid_v7();
    auto ms = timestamp_of(u);
    auto when = db.single("RETURN time::from_uuid($u)", {{"u", u}});
    CAF_REQUIRE(when.is<datetime>());
    CAF_CHECK_EQUAL(when.get<datetime>(), (datetime{static_cast<int64_t>(ms / 1000),
                                                    static_cast<uint32_t>(ms % 1000) * 1'000'000}));
  }
  // A version 4 uuid with the same bytes otherwise is refused: the engine
  // looks at the version bits.
  auto v4 = make_uuid_v7();
  v4.data[6] = static_cast<uint8_t>((v4.data[6] & 0x0F) | 0x40);
  auto results = db.query("RETURN time::from_uuid($u)", {{"u", v4}});
  CAF_REQUIRE_EQUAL(results.size(), 1u);
  CAF_CHECK(!results[0].ok());
}

CAF_TEST(as record keys they sort in generation order) {
  // Made in a tight loop, so many share a millisecond and only the counter
  // orders them; stored in shuffled order, so insertion order explains nothing.
  constexpr int64_t count = 2000;
  std::vector<uuid> made;
  for (int64_t i = 0; i < count; ++i)
    made.push_back(make_uuid_v7());
  size_t same_ms = 0;
  for (size_t i = 1; i < made.size(); ++i)
    same_ms += timestamp_of(made[i]) == timestamp_of(made[i - 1]) ? 1 : 0;
  CAF_CHECK_GREATER(same_ms, 0u);
  value::array rows;
  for (int64_t i = 0; i < count; ++i)
    rows.push_back(value{{"id", record_id{"event", made[static_cast<size_t>(i)]}}, {"n", i}});
  std::shuffle(rows.begin(), rows.end(), std::mt19937{7});
  db.single("INSERT INTO event $rows RETURN NONE", {{"rows", std::move(rows)}});
  // ORDER BY needs the ordered field in the selection.
  auto sorted = db.single("SELECT id, n FROM event ORDER BY id");
  CAF_REQUIRE(sorted.is<value::array>());
  auto& got = sorted.get<value::array>();
  CAF_REQUIRE_EQUAL(got.size(), static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    auto& row = got[static_cast<size_t>(i)];
    if (row["n"] != value{i})
      CAF_FAIL("position " << i << " holds the id made as number " << to_string(row["n"]));
  }
  // The keys come back as the uuids we sent.
  for (size_t i = 0; i < 3; ++i)
    CAF_CHECK_EQUAL(got[i]["id"], (value{record_id{"event", made[i]}}));
}

CAF_TEST_FIXTURE_SCOPE_END()
