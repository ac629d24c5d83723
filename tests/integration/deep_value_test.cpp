// Deeply nested values through the real engine and the whole client stack
// (connection actor, call multiplexer, CBOR codec): what the engine stores
// reads back, at depths far beyond the 128 levels the decoder once stopped
// at (a stored value it could not decode made every read of it time out).
#define CAF_SUITE deep_value

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;

namespace {

// `{level: 1, next: {level: 2, next: ... leaf}}`: one object per level,
// levels first..last.
value chain(int first, int last, value leaf) {
  value result = std::move(leaf);
  for (int level = last; level >= first; --level)
    result = value{{"level", level}, {"next", std::move(result)}};
  return result;
}

value nested_arrays(int levels, value leaf) {
  value result = std::move(leaf);
  for (int i = 0; i < levels; ++i)
    result = value::array{std::move(result)};
  return result;
}

struct fixture : test::actor_fixture {
  session_actor s;

  fixture() {
    // Signed in as root, in a namespace of this run alone, so a long-lived
    // server's old data cannot interfere.
    s = new_session();
    use(s, test::run_name("deep_value"), test::fresh_database("deep"));
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(deep_value_tests, fixture)

CAF_TEST(a value nested 500 levels round trips through the engine) {
  // The engine's CBOR reader refuses a request nested 254 levels or more,
  // so the value goes in two halves of 250 levels: the outer half, then the
  // inner half set at the path where the outer one ends.
  auto whole = chain(1, 500, "bottom");
  single(s, "CREATE deep:chain SET v = $outer RETURN NONE", {{"outer", chain(1, 250, null)}});
  std::string path = "v";
  for (int i = 0; i < 250; ++i)
    path += ".next";
  single(s, "UPDATE deep:chain SET " + path + " = $inner RETURN NONE",
         {{"inner", chain(251, 500, "bottom")}});
  // The reply nests the value inside its envelope and query result.
  auto back = single(s, "SELECT VALUE v FROM ONLY deep:chain");
  CAF_CHECK(back == whole);
}

CAF_TEST(a value the engine nests 1000 levels deep reads back) {
  // Built by the engine itself, one array level per statement.
  single(s, "CREATE deep:arrays SET v = 'core' RETURN NONE");
  single(s, "FOR $i IN 1..=1000 { UPDATE deep:arrays SET v = [v] RETURN NONE }");
  auto back = single(s, "SELECT VALUE v FROM ONLY deep:arrays");
  CAF_CHECK(back == nested_arrays(1000, "core"));
}

CAF_TEST_FIXTURE_SCOPE_END()
