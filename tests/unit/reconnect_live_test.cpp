// Live queries across a reconnect: each is registered again the way it was
// started, its subscriber gets `resumed` under the id it holds and then the
// notifications of the new server id under that same id; kill and a dying
// subscriber end the query under its new id; a kill while the socket is down
// sends nothing; one that cannot be registered again ends with `killed`
// saying why.
#define CAF_SUITE reconnect_live

#include "reconnect_fixture.hpp"

#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using action = rpc::live_action;
using actions = std::vector<action>;
using strings = std::vector<std::string>;

struct fixture : reconnect_fixture {
  /// The actions a subscriber received, in order.
  static actions actions_of(const notification_log& log) {
    actions result;
    for (auto& x : *log)
      result.push_back(x.action);
    return result;
  }

  /// True when every notification carries the id the subscriber holds.
  static bool all_under(const notification_log& log, const uuid& id) {
    for (auto& x : *log)
      if (x.live_id != id)
        return false;
    return true;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(reconnect_live_tests, fixture)

CAF_TEST(the subscriber hears resumed then the new server id under its old id) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  push(numbered_uuid(1), action::create, 1, std::nullopt);
  reconnect();
  auto again = serve(std::nullopt, rpc::method::live, numbered_uuid(2));
  CAF_CHECK((again.params == value::array{table{"person"}, false}));
  CAF_CHECK((actions_of(log) == actions{action::create, action::resumed}));
  push(numbered_uuid(2), action::update, 2, std::nullopt);
  push(numbered_uuid(2), action::delete_, 2, std::nullopt);
  CAF_CHECK((actions_of(log)
             == actions{action::create, action::resumed, action::update, action::delete_}));
  CAF_CHECK(all_under(log, id));
  CAF_CHECK((*log)[2].record == value{record_id{"person", 2}});
  // The server's KILLED for the new id ends the stream under the old one.
  push(numbered_uuid(2), action::killed, 0, std::nullopt);
  push(numbered_uuid(2), action::create, 3, std::nullopt);
  CAF_CHECK_EQUAL(log->size(), 5u);
  CAF_CHECK(log->back().action == action::killed);
  CAF_CHECK(all_under(log, id));
}

CAF_TEST(notifications for the new id before the live reply follow resumed) {
  auto a = new_session();
  auto a_id = last_request().session;
  auto [sub, log] = subscriber();
  auto id = live(a, a_id, sub, numbered_uuid(1));
  reconnect();
  serve(a_id, rpc::method::attach);
  pending(a_id, rpc::method::live);
  push(numbered_uuid(2), action::create, 1, a_id);
  push(numbered_uuid(2), action::update, 1, a_id);
  CAF_CHECK(log->empty());
  serve(a_id, rpc::method::live, numbered_uuid(2));
  CAF_CHECK((actions_of(log) == actions{action::resumed, action::create, action::update}));
  CAF_CHECK(all_under(log, id));
  CAF_CHECK(log->front().session == a_id);
}

CAF_TEST(kill after the resume kills the new server id) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  reconnect();
  serve(std::nullopt, rpc::method::live, numbered_uuid(2));
  auto kill = self->request(d, caf::infinite, kill_atom::value, id);
  run();
  auto req = serve(std::nullopt, rpc::method::kill);
  CAF_CHECK(req.params == value::array{numbered_uuid(2)});
  CAF_CHECK(result_of<value>(kill).is_none());
  CAF_CHECK((actions_of(log) == actions{action::resumed, action::killed}));
  CAF_CHECK(all_under(log, id));
}

CAF_TEST(a live query survives two reconnects under the id its subscriber holds) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  reconnect();
  serve(std::nullopt, rpc::method::live, numbered_uuid(2));
  reconnect();
  serve(std::nullopt, rpc::method::live, numbered_uuid(3));
  push(numbered_uuid(3), action::create, 1, std::nullopt);
  CAF_CHECK((actions_of(log) == actions{action::resumed, action::resumed, action::create}));
  CAF_CHECK(all_under(log, id));
  self->send(d, kill_atom::value, id);
  run();
  CAF_CHECK(pending(std::nullopt, rpc::method::kill).params == value::array{numbered_uuid(3)});
}

CAF_TEST(kill during the outage sends nothing and the query is not registered again) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  drop();
  auto frames = wire->sent.size();
  auto kill = self->request(d, caf::infinite, kill_atom::value, id);
  run();
  CAF_CHECK(result_of<value>(kill).is_none());
  CAF_CHECK((actions_of(log) == actions{action::killed}));
  wait_for_attempt();
  open_socket();
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(log->size(), 1u);
}

CAF_TEST(kill while the query is being registered again kills it once it is) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  reconnect();
  pending(std::nullopt, rpc::method::live);
  auto kill = self->request(d, caf::infinite, kill_atom::value, id);
  run();
  CAF_CHECK(result_of<value>(kill).is_none());
  CAF_CHECK((actions_of(log) == actions{action::killed}));
  serve(std::nullopt, rpc::method::live, numbered_uuid(2));
  // The new server id has nobody: it is killed, after the resume.
  auto req = serve(std::nullopt, rpc::method::kill);
  CAF_CHECK(req.params == value::array{numbered_uuid(2)});
  CAF_CHECK((actions_of(log) == actions{action::killed}));
}

CAF_TEST(a live query that cannot be registered again ends with killed and why) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto [other, other_log] = subscriber();
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  auto kept = live(d, std::nullopt, other, numbered_uuid(2));
  reconnect();
  // The lives go in the order of their ids: 1, then 2.
  serve_error(std::nullopt, rpc::method::live,
              error_object(-32000, "The table 'person' does not exist", "NotFound"));
  CAF_REQUIRE_EQUAL(log->size(), 1u);
  CAF_CHECK(log->back().action == action::killed);
  CAF_CHECK(log->back().live_id == id);
  CAF_REQUIRE(log->back().result.is<std::string>());
  CAF_CHECK(contains(log->back().result.get<std::string>(),
                     "could not be registered again after a reconnect"));
  CAF_CHECK(contains(log->back().result.get<std::string>(), "does not exist"));
  // The next one is still registered, and the session resumed.
  serve(std::nullopt, rpc::method::live, numbered_uuid(3));
  CAF_CHECK((actions_of(other_log) == actions{action::resumed}));
  CAF_CHECK(other_log->front().live_id == kept);
  CAF_CHECK_EQUAL(to_string(last_event().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(log->size(), 1u);
}

CAF_TEST(a live select query is registered again with the same query) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  auto id = call<uuid>(d, std::nullopt, rpc::method::query,
                       value::array{ok_statement(numbered_uuid(1), "live")}, live_atom::value,
                       std::string{"LIVE SELECT * FROM person WHERE age > $min"},
                       value::object{{"min", 18}}, sub);
  reconnect();
  auto again = serve(std::nullopt, rpc::method::query,
                     value::array{ok_statement(numbered_uuid(2), "live")});
  CAF_CHECK((again.params
             == value::array{"LIVE SELECT * FROM person WHERE age > $min", value{{"min", 18}}}));
  push(numbered_uuid(2), action::create, 1, std::nullopt);
  CAF_CHECK((actions_of(log) == actions{action::resumed, action::create}));
  CAF_CHECK(all_under(log, id));
}

CAF_TEST(a subscriber that dies after the resume has the new server id killed) {
  auto a = new_session();
  auto a_id = last_request().session;
  auto [sub, log] = subscriber();
  live(a, a_id, sub, numbered_uuid(1));
  reconnect();
  serve(a_id, rpc::method::attach);
  serve(a_id, rpc::method::live, numbered_uuid(2));
  self->send_exit(sub, caf::exit_reason::kill);
  run();
  CAF_CHECK(pending(a_id, rpc::method::kill).params == value::array{numbered_uuid(2)});
}

CAF_TEST(a subscriber that dies during the outage has nothing killed or registered) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  live(d, std::nullopt, sub, numbered_uuid(1));
  drop();
  auto frames = wire->sent.size();
  self->send_exit(sub, caf::exit_reason::kill);
  run();
  wait_for_attempt();
  open_socket();
  CAF_CHECK_EQUAL(wire->sent.size(), frames);
}

CAF_TEST(a live query of a session that must sign in again ends with killed) {
  auto d = default_session();
  auto [sub, log] = subscriber();
  signin(d, std::nullopt, credentials{root_credentials{"root", "root"}}, "tok");
  auto id = live(d, std::nullopt, sub, numbered_uuid(1));
  reconnect();
  serve_error(std::nullopt, rpc::method::authenticate);
  // Not registered anonymously: the session refuses new ones too.
  CAF_CHECK((methods_for(std::nullopt) == strings{"authenticate"}));
  CAF_REQUIRE_EQUAL(log->size(), 1u);
  CAF_CHECK(log->back().action == action::killed);
  CAF_CHECK(log->back().live_id == id);
  CAF_REQUIRE(log->back().result.is<std::string>());
  CAF_CHECK(contains(log->back().result.get<std::string>(), "sign in again"));
  CAF_CHECK_EQUAL(last_event().signin_required.size(), 1u);
}

CAF_TEST_FIXTURE_SCOPE_END()
