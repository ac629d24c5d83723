// spawn_replay_connection: a recording plays back to a real connection under
// the test coordinator; a client that deviates fails with the first
// differing frame, and one that stops early leaves frames unplayed.
#define CAF_SUITE replay

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/replay_transport.hpp"

using namespace surrealcaf;
using namespace surrealcaf::testing;

namespace {

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

uuid recorded_session() {
  uuid x{};
  x.data[0] = 0xab;
  x.data[6] = 0x40;
  return x;
}

recorded_event server(value frame) {
  recorded_event x;
  x.side = recorded_side::server;
  x.frame = std::move(frame);
  return x;
}

recorded_event client(value frame) {
  recorded_event x;
  x.frame = std::move(frame);
  return x;
}

// open; attach a session; RETURN 1 in it; close.
recording conversation() {
  recording rec;
  recorded_event open;
  open.side = recorded_side::server;
  open.kind = recorded_kind::open;
  open.subprotocol = "cbor";
  rec.events.push_back(open);
  auto s = recorded_session();
  rec.events.push_back(
    client(value{{"id", 1}, {"method", "attach"}, {"params", value::array{}}, {"session", s}}));
  rec.events.push_back(server(value{{"id", 1}, {"result", value{}}, {"session", s}}));
  rec.events.push_back(client(value{{"id", 2},
                                    {"method", "query"},
                                    {"params", value::array{"RETURN 1", value::object{}}},
                                    {"session", s}}));
  rec.events.push_back(
    server(value{{"id", 2},
                 {"result", value::array{value{{"status", "OK"}, {"time", "1ms"}, {"result", 1}}}},
                 {"session", s}}));
  recorded_event close;
  close.kind = recorded_kind::close;
  rec.events.push_back(close);
  return rec;
}

struct fixture : test_coordinator_fixture<config> {
  replay_connection replayed;

  void start(recording rec) {
    replayed = spawn_replay_connection(sys, std::move(rec));
    run();
  }

  caf::expected<session_actor> new_session() {
    auto rh = self->request(replayed.connection, std::chrono::seconds(10), session_atom::value);
    run();
    caf::expected<session_actor> result{caf::error{}};
    rh.receive([&](session_actor& s) { result = s; }, [&](caf::error& err) { result = err; });
    return result;
  }

  caf::expected<value> query(const session_actor& s, const std::string& sql) {
    auto rh = self->request(s, std::chrono::seconds(10), query_atom::value, sql, value::object{});
    run();
    caf::expected<value> result{caf::error{}};
    rh.receive([&](query_results& res) { result = res.at(0).result; },
               [&](caf::error& err) { result = err; });
    return result;
  }

  void close() {
    self->send(replayed.connection, close_atom::value);
    run();
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(replay_tests, fixture)

CAF_TEST(a client that follows the recording gets the recorded replies) {
  start(conversation());
  auto s = new_session();
  CAF_REQUIRE(s);
  auto one = query(*s, "RETURN 1");
  CAF_REQUIRE(one);
  CAF_CHECK(*one == value{1});
  close();
  CAF_CHECK(replayed.replay->finished());
  CAF_CHECK(!replayed.replay->outcome());
  CAF_CHECK_EQUAL(replayed.replay->sent().size(), 2u);
}

CAF_TEST(a deviating client fails naming the first mismatching frame) {
  start(conversation());
  auto s = new_session();
  CAF_REQUIRE(s);
  auto two = query(*s, "RETURN 2");
  CAF_REQUIRE(!two);
  CAF_MESSAGE("the call failed with " << describe(two.error()));
  CAF_CHECK(is(two.error(), errc::connection_closed));
  auto& mismatch = replayed.replay->mismatch();
  CAF_REQUIRE(mismatch);
  CAF_MESSAGE(*mismatch);
  CAF_CHECK_EQUAL(replayed.replay->mismatch_frame(), 4u);
  CAF_CHECK(mismatch->find("frame 4 (client) differs at params[0]: expected 'RETURN 1', got "
                           "'RETURN 2'")
            != std::string::npos);
  CAF_CHECK(describe(two.error()).find("frame 4") != std::string::npos);
  CAF_CHECK(!replayed.replay->finished());
  CAF_CHECK(is(replayed.replay->outcome(), errc::protocol_error));
  close();
}

CAF_TEST(a client that stops early leaves frames unplayed) {
  start(conversation());
  CAF_REQUIRE(new_session());
  close();
  CAF_CHECK(!replayed.replay->finished());
  CAF_CHECK(!replayed.replay->mismatch());
  CAF_CHECK_EQUAL(replayed.replay->unplayed(), 3u);
  auto text = describe(replayed.replay->outcome());
  CAF_MESSAGE(text);
  CAF_CHECK(text.find("stopped early: 3 of 6 recorded events left unplayed, the next is frame 4")
            != std::string::npos);
}

CAF_TEST(a client that writes past the end fails too) {
  auto rec = conversation();
  rec.events.resize(3); // open, attach, its reply
  start(rec);
  auto s = new_session();
  CAF_REQUIRE(s);
  CAF_CHECK(!query(*s, "RETURN 1"));
  CAF_REQUIRE(replayed.replay->mismatch());
  CAF_CHECK(replayed.replay->mismatch()->find("frame 4: the recording has ended")
            != std::string::npos);
  close();
}

CAF_TEST(a json recording replays with uuids as text) {
  auto rec = conversation();
  rec.events[0].subprotocol = "json";
  auto text = to_string(value{recorded_session()}).substr(2, 36);
  for (auto& x : rec.events)
    if (x.kind == recorded_kind::frame)
      if (auto obj = x.frame.get_if<value::object>())
        (*obj)["session"] = text;
  // JSON has no NONE: the server's attach replies null.
  rec.events[2].frame = value{{"id", 1}, {"result", nullptr}, {"session", text}};
  start(rec);
  auto s = new_session();
  if (!s)
    CAF_FAIL(describe(s.error()) << "; " << replayed.replay->mismatch().value_or(""));
  auto one = query(*s, "RETURN 1");
  CAF_REQUIRE(one);
  CAF_CHECK(*one == value{1});
  close();
  CAF_CHECK(replayed.replay->finished());
  // The client wrote JSON: its session is text.
  CAF_CHECK(replayed.replay->sent().at(0)["session"].is<std::string>());
}

CAF_TEST_FIXTURE_SCOPE_END()
