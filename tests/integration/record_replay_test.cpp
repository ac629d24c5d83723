// Record and replay against the real engine: a conversation with sessions,
// root and record-access authentication and a live query is recorded to a
// file; the file holds no password or token; replaying it under the test
// coordinator gives the same frames and results on every run; a client
// that deviates fails naming the first mismatching frame. With
// SURREALCAF_RECORDING_OUT set, the recording is also copied there
// (tests/recordings/README.md).
#define CAF_SUITE record_replay

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/recorder.hpp"
#include "surrealcaf/replay_transport.hpp"

#include "engine_url.hpp"
#include "fresh_database.hpp"
#include "record_replay_script.hpp"
#include "root_user.hpp"
#include "wait_until.hpp"

#include "caf/scoped_actor.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

using namespace surrealcaf;

namespace {

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

struct real_driver {
  caf::actor_system& sys;
  caf::scoped_actor& self;
  connection_actor conn;

  template <class T, class Handle, class... Ts>
  caf::expected<T> call(const Handle& dest, Ts&&... xs) {
    std::optional<T> result;
    caf::error err;
    self->request(dest, std::chrono::seconds(30), std::forward<Ts>(xs)...)
      .receive([&](T& x) { result = std::move(x); }, [&](caf::error& e) { err = std::move(e); });
    if (result)
      return std::move(*result);
    return err;
  }

  bool wait_until(const std::function<bool()>& done) {
    auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!done()) {
      if (std::chrono::steady_clock::now() > until)
        return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  caf::actor_system& system() {
    return sys;
  }

  connection_actor connection() {
    return conn;
  }
};

struct replayed {
  test::script_output out;
  std::vector<std::string> sent;
  bool finished = false;
  std::optional<std::string> mismatch;
  size_t mismatch_frame = 0;
};

replayed replay_once(const testing::recording& rec, const test::script_input& in) {
  test_coordinator_fixture<config> fx;
  auto rc = testing::spawn_replay_connection(fx.sys, rec);
  fx.run();
  test::coordinator_driver<test_coordinator_fixture<config>> d{fx, rc.connection};
  replayed result;
  result.out = test::run_script(d, in);
  fx.self->send(rc.connection, close_atom::value);
  fx.run();
  result.sent = test::normalized(rc.replay->sent());
  result.finished = rc.replay->finished();
  result.mismatch = rc.replay->mismatch();
  result.mismatch_frame = rc.replay->mismatch_frame();
  return result;
}

std::string read_file(const std::string& path) {
  std::ifstream in{path, std::ios::binary};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

CAF_TEST(a recorded conversation holds no secret and replays the same every time) {
  test::script_input in;
  in.ns = test::run_name("rr");
  in.db = "main";
  in.email = "rr-" + test::run_id() + "@example.com";
  in.password = "pw-" + test::run_id() + "-secret";
  in.root_user = test::root_user().user;
  in.root_pass = test::root_user().pass;
  auto path = "/tmp/surrealcaf_record_replay_" + test::run_id() + ".jsonl";
  test::script_output recorded;
  {
    config cfg;
    caf::actor_system sys{cfg};
    caf::scoped_actor self{sys};
    client_options opts;
    opts.ping_interval = std::chrono::milliseconds{0};
    opts.reconnect.enabled = false;
    auto conn = testing::connect_recording(sys, test::engine_url(), path, opts,
                                           {{"ns", in.ns}, {"db", in.db}});
    CAF_REQUIRE(conn);
    real_driver d{sys, self, *conn};
    CAF_REQUIRE(d.call<std::string>(*conn, connected_atom::value));
    recorded = test::run_script(d, in);
    if (recorded.error)
      CAF_FAIL("the recorded run failed: " << describe(recorded.error));
    self->send(*conn, close_atom::value);
  } // the actor system waits for the connection, which writes the close
  for (auto& line : recorded.observed)
    CAF_MESSAGE("recorded: " << line);
  CAF_REQUIRE(!recorded.tokens.empty());
  auto text = read_file(path);
  auto rec = testing::parse_recording(text);
  if (!rec)
    CAF_FAIL("the recording does not load: " << describe(rec.error()));
  CAF_MESSAGE(rec->events.size() << " events, " << text.size() << " bytes");
  CAF_CHECK(rec->events.back().kind == testing::recorded_kind::close);
  // No secret in the file, raw or decoded.
  std::vector<std::string> secrets = recorded.tokens;
  secrets.push_back(in.password);
  secrets.push_back(in.email);
  std::string printed;
  for (auto& x : rec->events)
    printed += to_string(x.frame) + "\n";
  for (auto& secret : secrets) {
    CAF_CHECK(text.find(secret) == std::string::npos);
    CAF_CHECK(printed.find(secret) == std::string::npos);
  }
  CAF_CHECK(printed.find("'" + in.root_pass + "'") == std::string::npos);
  CAF_CHECK(text.find("\"" + in.root_pass + "\"") == std::string::npos);
  CAF_CHECK(printed.find("$argon2") == std::string::npos);
  CAF_CHECK(printed.find("<token 1>") != std::string::npos);
  CAF_CHECK(printed.find("<secret 1>") != std::string::npos);
  // The same frames and results on every replay, and all of it played.
  auto first = replay_once(*rec, in);
  if (first.out.error)
    CAF_FAIL("the replay failed: " << describe(first.out.error));
  CAF_CHECK(first.finished);
  CAF_CHECK_EQUAL(first.out.observed.size(), recorded.observed.size());
  for (int run = 2; run <= 20; ++run) {
    auto again = replay_once(*rec, in);
    CAF_CHECK(again.finished);
    CAF_CHECK(again.sent == first.sent);
    CAF_CHECK(again.out.observed == first.out.observed);
  }
  // A client that asks something else fails at that frame.
  size_t greeting_frame = 0;
  for (size_t i = 0; i < rec->events.size(); ++i)
    if (rec->events[i].side == testing::recorded_side::client
        && rec->events[i].frame["params"][0] == value{"RETURN $greeting"})
      greeting_frame = i + 1;
  CAF_REQUIRE(greeting_frame != 0);
  auto deviating = in;
  deviating.greeting_sql = "RETURN $greeting + '!'";
  auto bad = replay_once(*rec, deviating);
  CAF_CHECK(bad.out.error);
  CAF_REQUIRE(bad.mismatch);
  CAF_MESSAGE(*bad.mismatch);
  CAF_CHECK_EQUAL(bad.mismatch_frame, greeting_frame);
  CAF_CHECK(bad.mismatch->find("frame " + std::to_string(greeting_frame) + " ")
            != std::string::npos);
  CAF_CHECK(bad.mismatch->find("expected 'RETURN $greeting', got 'RETURN $greeting + \\'!\\''")
              != std::string::npos
            || bad.mismatch->find("got \"RETURN $greeting + '!'\"") != std::string::npos);
  if (auto out = std::getenv("SURREALCAF_RECORDING_OUT")) {
    std::ofstream copy{out, std::ios::binary | std::ios::trunc};
    copy << text;
    CAF_MESSAGE("copied the recording to " << out);
  }
  std::remove(path.c_str());
}
