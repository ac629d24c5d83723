// The checked-in recording tests/recordings/sessions_auth_live.rec.jsonl
// (made by integration.record_replay against the engine, see
// tests/recordings/README.md) replayed by the same script, without the
// engine.
#define CAF_SUITE replay_recording

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/replay_transport.hpp"

#include "record_replay_script.hpp"

using namespace surrealcaf;

namespace {

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

const std::string recording_path = SURREALCAF_RECORDINGS_DIR "/sessions_auth_live.rec.jsonl";

} // namespace

CAF_TEST_FIXTURE_SCOPE(replay_recording_tests, test_coordinator_fixture<config>)

CAF_TEST(the checked in recording replays to its end) {
  auto rec = testing::load_recording(recording_path);
  if (!rec)
    CAF_FAIL(describe(rec.error()));
  test::script_input in;
  // The names the recording used; any email and password do, as long as
  // they stay the same (they were recorded as placeholders).
  in.ns = rec->notes.at("ns");
  in.db = rec->notes.at("db");
  in.email = "someone@example.com";
  in.password = "any password";
  auto rc = testing::spawn_replay_connection(sys, *rec);
  run();
  test::coordinator_driver<test_coordinator_fixture<config>> d{*this, rc.connection};
  auto out = test::run_script(d, in);
  if (out.error)
    CAF_FAIL(describe(out.error));
  self->send(rc.connection, close_atom::value);
  run();
  for (auto& line : out.observed)
    CAF_MESSAGE(line);
  CAF_CHECK(rc.replay->finished());
  CAF_CHECK(!rc.replay->outcome());
  // What the recording answered reaches the client, the secret it bound
  // given back where the server quoted it.
  CAF_CHECK(std::find(out.observed.begin(), out.observed.end(), "greeting: 'hello'")
            != out.observed.end());
  CAF_CHECK(std::find(out.observed.begin(), out.observed.end(), "info email: 'someone@example.com'")
            != out.observed.end());
  CAF_CHECK(std::find(out.observed.begin(), out.observed.end(),
                      "notification: CREATE { email: 'probe', id: member:probe }")
            != out.observed.end());
}

CAF_TEST(a different password for the same user is a mismatch) {
  auto rec = testing::load_recording(recording_path);
  CAF_REQUIRE(rec);
  test::script_input in;
  in.ns = rec->notes.at("ns");
  in.db = rec->notes.at("db");
  in.email = "someone@example.com";
  in.password = "any password";
  // Root's user and password were the same secret when recorded.
  in.root_pass = "not root";
  auto rc = testing::spawn_replay_connection(sys, *rec);
  run();
  test::coordinator_driver<test_coordinator_fixture<config>> d{*this, rc.connection};
  auto out = test::run_script(d, in);
  CAF_CHECK(out.error);
  self->send(rc.connection, close_atom::value);
  run();
  CAF_REQUIRE(rc.replay->mismatch());
  CAF_MESSAGE(*rc.replay->mismatch());
  CAF_CHECK(rc.replay->mismatch()->find("not root") == std::string::npos);
  CAF_CHECK(rc.replay->mismatch()->find("frame 4 (line 5, client) differs at params[0]")
            != std::string::npos);
}

CAF_TEST_FIXTURE_SCOPE_END()
