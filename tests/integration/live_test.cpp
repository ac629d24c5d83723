// Live queries against the real engine, delivered as messages to a
// subscriber actor: the changes another session makes arrive in order with
// their record ids and values; kill, close_session, a closed connection and
// a dead subscriber all end the stream, with one final `killed` and nothing
// after it; another session's subscriber gets nothing.
#define CAF_SUITE live

#include "caf/test/unit_test.hpp"

#include "actor_fixture.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <string>
#include <vector>

#include "caf/after.hpp"
#include "caf/scoped_actor.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::is;

namespace {

using action = rpc::live_action;

// How long a subscriber waits to show that nothing more arrives.
constexpr auto quiet = 300ms;

struct fixture : test::actor_fixture {
  session_actor watcher;
  session_actor writer;
  std::string ns = test::run_name("live");
  std::string db = test::fresh_database();

  // A watcher and a writer, both signed in as root (a server with
  // authentication sends an anonymous watcher nothing), in a database of the
  // test's own.
  fixture() {
    watcher = new_session();
    writer = new_session();
    use(watcher, ns, db);
    use(writer, ns, db);
    run_all(writer, "DEFINE TABLE person SCHEMALESS; DEFINE TABLE pet SCHEMALESS");
  }

  uuid live(const session_actor& s, const std::string& tb, const caf::scoped_actor& sub,
            bool diff = false) {
    return call<uuid>(s, live_atom::value, value{table{tb}}, diff,
                      caf::actor_cast<live_subscriber>(sub));
  }

  /// The next notification `sub` receives; fails the test after 10 s.
  rpc::notification next(const caf::scoped_actor& sub) {
    rpc::notification result;
    bool got = false;
    sub->receive([&](rpc::notification& x) { result = std::move(x); got = true; },
                 caf::after(std::chrono::seconds(10)) >> [] {});
    if (!got)
      CAF_FAIL("no notification within 10 s");
    return result;
  }

  /// True if `sub` receives nothing for a while.
  bool silent(const caf::scoped_actor& sub) {
    bool got = false;
    sub->receive([&](rpc::notification& x) {
                   got = true;
                   CAF_MESSAGE("unexpected " << rpc::to_string(x.action) << " "
                                             << to_string(x.record));
                 },
                 caf::after(quiet) >> [] {});
    return !got;
  }

  /// The number of live queries on table `tb`, as the engine lists them.
  size_t lives(const std::string& tb) {
    auto info = single(writer, "INFO FOR TABLE " + tb);
    auto map = info["lives"].get_if<value::object>();
    return map == nullptr ? 0 : map->size();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(live_tests, fixture)

CAF_TEST(a subscriber receives create update and delete and kill ends it) {
  caf::scoped_actor sub{sys};
  caf::scoped_actor pets{sys};
  auto id = live(watcher, "person", sub);
  // Another session watching another table.
  auto other = new_session();
  use(other, ns, db);
  live(other, "pet", pets);
  // Each write waits for its notification: the engine (3.0.2) may deliver
  // the notifications of back-to-back transactions out of order.
  single(writer, "CREATE person:tobie SET name = 'Tobie', age = 30");
  auto created = next(sub);
  CAF_CHECK(created.action == action::create);
  CAF_CHECK(created.live_id == id);
  CAF_CHECK(created.record == value{record_id{"person", "tobie"}});
  CAF_CHECK(created.result["name"] == value{"Tobie"});
  CAF_CHECK(created.result["age"] == value{30});
  single(writer, "UPDATE person:tobie SET age = 31");
  auto updated = next(sub);
  CAF_CHECK(updated.action == action::update);
  CAF_CHECK(updated.result["age"] == value{31});
  single(writer, "DELETE person:tobie");
  auto deleted = next(sub);
  CAF_CHECK(deleted.action == action::delete_);
  CAF_CHECK(deleted.record == value{record_id{"person", "tobie"}});
  CAF_CHECK(silent(pets));
  // kill: one final `killed`, then nothing.
  CAF_CHECK(call<value>(watcher, kill_atom::value, id).is_none());
  auto end = next(sub);
  CAF_CHECK(end.action == action::killed);
  CAF_CHECK(end.live_id == id);
  CAF_CHECK(end.record.is_none());
  single(writer, "CREATE person:jaime SET name = 'Jaime'");
  CAF_CHECK(silent(sub));
  CAF_CHECK(silent(pets));
}

CAF_TEST(close_session ends the stream and nothing arrives after) {
  caf::scoped_actor sub{sys};
  auto id = live(watcher, "person", sub);
  single(writer, "CREATE person:1 SET n = 1");
  CAF_CHECK(next(sub).action == action::create);
  CAF_CHECK(call<value>(watcher, close_atom::value).is_none());
  auto end = next(sub);
  CAF_CHECK(end.action == action::killed);
  CAF_CHECK(end.live_id == id);
  single(writer, "CREATE person:2 SET n = 2");
  CAF_CHECK(silent(sub));
  // The detach ended it on the server too.
  CAF_CHECK_EQUAL(lives("person"), 0u);
}

CAF_TEST(a closed connection ends the streams of its sessions) {
  caf::scoped_actor sub{sys};
  auto other = open_connection();
  auto s = call<session_actor>(other, session_atom::value);
  sign_in(s);
  use(s, ns, db);
  auto id = live(s, "person", sub);
  CAF_CHECK(call<bool>(other, close_atom::value));
  auto end = next(sub);
  CAF_CHECK(end.action == action::killed);
  CAF_CHECK(end.live_id == id);
  single(writer, "CREATE person:1");
  CAF_CHECK(silent(sub));
}

CAF_TEST(a live select with variables and a diff live query) {
  caf::scoped_actor adults{sys};
  caf::scoped_actor diffs{sys};
  auto id = call<uuid>(watcher, live_atom::value,
                       std::string{"LIVE SELECT * FROM person WHERE age >= $min"},
                       value::object{{"min", 18}}, caf::actor_cast<live_subscriber>(adults));
  live(watcher, "person", diffs, true);
  single(writer, "CREATE person:kid SET age = 10");
  single(writer, "CREATE person:ann SET age = 40");
  auto first = next(adults);
  CAF_CHECK(first.live_id == id);
  CAF_CHECK(first.record == value{record_id{"person", "ann"}});
  CAF_CHECK(silent(adults));
  // A diff query gets JSON Patches.
  auto patch = next(diffs);
  CAF_CHECK(patch.action == action::create);
  CAF_CHECK(patch.result.is<value::array>());
  CAF_MESSAGE("diff: " << to_string(patch.result));
  // Not one LIVE SELECT: refused, and nothing keeps running.
  auto before = lives("person");
  auto err = failure<uuid>(watcher, live_atom::value,
                           std::string{"LIVE SELECT * FROM person; RETURN 1"}, value::object{},
                           caf::actor_cast<live_subscriber>(adults));
  CAF_CHECK(is(err, errc::invalid_argument));
  CAF_CHECK_EQUAL(lives("person"), before);
}

CAF_TEST(a subscriber that terminates has its live query killed on the server) {
  auto id = [&] {
    caf::scoped_actor sub{sys};
    return live(watcher, "person", sub);
  }();
  CAF_MESSAGE("live query " << to_string(value{id}) << " lost its subscriber");
  // The session learns of the death asynchronously; poll the engine.
  size_t left = 0;
  CAF_CHECK(test::wait_until([&] { return (left = lives("person")) == 0; }));
  CAF_CHECK_EQUAL(left, 0u); // on a failure, how many were left
  // The session itself carries on.
  caf::scoped_actor sub{sys};
  live(watcher, "person", sub);
  single(writer, "CREATE person:1");
  CAF_CHECK(next(sub).action == action::create);
}

CAF_TEST_FIXTURE_SCOPE_END()
