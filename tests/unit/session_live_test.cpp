// Live queries of a session on a mock connection: the subscriber gets its
// notifications in order, also those the server pushed before the reply to
// `live`, and exactly one final `killed`, however the stream ends; other
// sessions' subscribers get nothing; a dead subscriber's queries are killed.
#define CAF_SUITE session_live

#include "session_fixture.hpp"

#include <string>

#include "server_error_objects.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

using action = rpc::live_action;

uuid live_id(int n) {
  return uuid_of("00000000-0000-4000-9000-00000000000" + std::to_string(n));
}

struct fixture : session_fixture {
  /// Starts `live(table{"person"}, false)` on `who` (session id `sid`),
  /// answered with `live_id(n)`.
  uuid start(const session_actor& who, const std::optional<uuid>& sid, const live_subscriber& sub,
             int n) {
    auto rh = self->request(who, caf::infinite, live_atom::value, value{table{"person"}}, false,
                            sub);
    run();
    answer_for(sid, rpc::method::live, {table{"person"}, false}, live_id(n));
    return result_of<uuid>(rh);
  }

  /// The actions a subscriber received, in order.
  static std::vector<action> actions(const notification_log& log) {
    std::vector<action> result;
    for (auto& x : *log)
      result.push_back(x.action);
    return result;
  }

  static bool ends_once(const notification_log& log) {
    size_t killed = 0;
    for (auto& x : *log)
      if (x.action == action::killed)
        ++killed;
    return killed == 1 && log->back().action == action::killed;
  }
};

} // namespace

CAF_TEST_FIXTURE_SCOPE(session_live_tests, fixture)

CAF_TEST(a subscriber receives the notifications of its live query in order) {
  auto [sub, log] = subscriber();
  auto id_a = start(s, id, sub, 1);
  CAF_CHECK(id_a == live_id(1));
  push(id_a, action::create, record_id{"person", 1}, id);
  push(id_a, action::update, record_id{"person", 1}, id);
  push(id_a, action::delete_, record_id{"person", 1}, id);
  CAF_REQUIRE_EQUAL(log->size(), 3u);
  CAF_CHECK((actions(log) == std::vector<action>{action::create, action::update, action::delete_}));
  CAF_CHECK((*log)[0].record == value{record_id{"person", 1}});
  CAF_CHECK((*log)[0].result == (value{{"id", record_id{"person", 1}}}));
  CAF_CHECK((*log)[0].live_id == id_a);
  // The server's KILLED ends the stream; nothing comes after it.
  push(id_a, action::killed, none, id);
  push(id_a, action::create, record_id{"person", 2}, id);
  CAF_CHECK_EQUAL(log->size(), 4u);
  CAF_CHECK(ends_once(log));
  CAF_CHECK((*log)[3].record.is_none());
  // Ended by the server, it is forgotten: kill has no stream left to end.
  auto kill = self->request(s, caf::infinite, kill_atom::value, id_a);
  run();
  answer(rpc::method::kill, {id_a}, none);
  CAF_CHECK(result_of<value>(kill).is_none());
  CAF_CHECK_EQUAL(log->size(), 4u);
}

CAF_TEST(the diff flag and the table go out as params) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, true, sub);
  run();
  answer(rpc::method::live, {table{"person"}, true}, live_id(1));
  CAF_CHECK(result_of<uuid>(rh) == live_id(1));
}

CAF_TEST(notifications that come before the live reply are delivered right after it) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, false, sub);
  run();
  auto req = last_request();
  // The server pushes before it answers: the frames arrive in that order.
  push(live_id(1), action::create, record_id{"person", 1}, id);
  push(live_id(1), action::update, record_id{"person", 1}, id);
  // One for a live query nobody here started.
  push(live_id(9), action::create, record_id{"person", 9}, id);
  CAF_CHECK(log->empty());
  reply(req, live_id(1));
  CAF_CHECK(result_of<uuid>(rh) == live_id(1));
  CAF_REQUIRE_EQUAL(log->size(), 2u);
  CAF_CHECK((actions(log) == std::vector<action>{action::create, action::update}));
  // Later ones follow in order.
  push(live_id(1), action::delete_, record_id{"person", 1}, id);
  CAF_CHECK_EQUAL(log->size(), 3u);
  for (auto& x : *log)
    CAF_CHECK(x.live_id == live_id(1));
}

CAF_TEST(a KILLED before the live reply ends the stream at once) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, false, sub);
  run();
  auto req = last_request();
  push(live_id(1), action::create, record_id{"person", 1}, id);
  push(live_id(1), action::killed, none, id);
  reply(req, live_id(1));
  CAF_CHECK(result_of<uuid>(rh) == live_id(1));
  push(live_id(1), action::update, record_id{"person", 1}, id);
  CAF_CHECK((actions(log) == std::vector<action>{action::create, action::killed}));
}

CAF_TEST(kill ends the stream once and nothing follows) {
  auto [sub, log] = subscriber();
  auto live = start(s, id, sub, 1);
  push(live, action::create, record_id{"person", 1}, id);
  auto kill = self->request(s, caf::infinite, kill_atom::value, live);
  run();
  // The subscriber has its end before the server answered.
  CAF_CHECK((actions(log) == std::vector<action>{action::create, action::killed}));
  CAF_CHECK((*log)[1].live_id == live);
  CAF_CHECK((*log)[1].session == id);
  push(live, action::update, record_id{"person", 1}, id);
  answer(rpc::method::kill, {live}, none);
  CAF_CHECK(result_of<value>(kill).is_none());
  // The racy KILLED of the server, if it comes at all, is after the end.
  push(live, action::killed, none, id);
  CAF_CHECK_EQUAL(log->size(), 2u);
  CAF_CHECK(ends_once(log));
}

CAF_TEST(close ends every stream of the session once) {
  auto [sub, log] = subscriber();
  auto [other, other_log] = subscriber();
  auto first = start(s, id, sub, 1);
  auto second = start(s, id, other, 2);
  push(first, action::create, record_id{"person", 1}, id);
  auto frames_before = frames();
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  CAF_CHECK(ends_once(log));
  CAF_CHECK(ends_once(other_log));
  CAF_CHECK((*other_log)[0].live_id == second);
  // The detach ends them on the server: no kill is sent.
  CAF_REQUIRE_EQUAL(frames(), frames_before + 1);
  answer(rpc::method::detach, {}, none);
  CAF_CHECK(result_of<value>(closing).is_none());
  CAF_CHECK_EQUAL(log->size(), 2u);
  CAF_CHECK_EQUAL(other_log->size(), 1u);
  // A closed session starts nothing.
  auto refused = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, false,
                               sub);
  run();
  CAF_CHECK(is(error_of<uuid>(refused), errc::session_closed));
}

CAF_TEST(a connection shutdown ends every stream once) {
  auto [sub, log] = subscriber();
  auto d = default_session();
  auto [dsub, dlog] = subscriber();
  auto live = start(s, id, sub, 1);
  start(d, std::nullopt, dsub, 2);
  push(live, action::create, record_id{"person", 1}, id);
  self->send(conn, close_atom::value);
  run();
  self->receive([](bool) {});
  CAF_CHECK((actions(log) == std::vector<action>{action::create, action::killed}));
  CAF_CHECK(ends_once(dlog));
  CAF_CHECK(!(*dlog)[0].session);
}

CAF_TEST(notifications never reach another session subscribers) {
  auto [sub_a, log_a] = subscriber();
  auto [sub_b, log_b] = subscriber();
  auto [sub_d, log_d] = subscriber();
  auto b = new_session();
  auto b_id = last_request().session;
  auto d = default_session();
  auto live_a = start(s, id, sub_a, 1);
  auto live_b = start(b, b_id, sub_b, 2);
  auto live_d = start(d, std::nullopt, sub_d, 3);
  push(live_a, action::create, record_id{"person", 1}, id);
  push(live_b, action::create, record_id{"person", 2}, b_id);
  push(live_d, action::create, record_id{"person", 3}, std::nullopt);
  // A frame naming session b with a's live id, or the default session with
  // b's: routed by session, it finds no such live query there.
  push(live_a, action::update, record_id{"person", 1}, b_id);
  push(live_b, action::update, record_id{"person", 2}, std::nullopt);
  CAF_REQUIRE_EQUAL(log_a->size(), 1u);
  CAF_REQUIRE_EQUAL(log_b->size(), 1u);
  CAF_REQUIRE_EQUAL(log_d->size(), 1u);
  CAF_CHECK((*log_a)[0].record == value{record_id{"person", 1}});
  CAF_CHECK((*log_b)[0].record == value{record_id{"person", 2}});
  CAF_CHECK((*log_d)[0].record == value{record_id{"person", 3}});
}

CAF_TEST(a subscriber that dies has its live queries killed on the server) {
  auto [sub, log] = subscriber();
  auto [other, other_log] = subscriber();
  auto first = start(s, id, sub, 1);
  auto second = start(s, id, sub, 2);
  auto kept = start(s, id, other, 3);
  auto before = frames();
  self->send_exit(sub, caf::exit_reason::kill);
  run();
  CAF_REQUIRE_EQUAL(frames(), before + 2);
  std::vector<uuid> killed;
  for (size_t i = before; i < frames(); ++i) {
    auto req = request_at(i);
    CAF_CHECK_EQUAL(name(req.method), "kill");
    CAF_CHECK(req.session == id);
    CAF_REQUIRE_EQUAL(req.params.size(), 1u);
    killed.push_back(req.params[0].get<uuid>());
  }
  CAF_CHECK(((killed == std::vector<uuid>{first, second})
             || (killed == std::vector<uuid>{second, first})));
  // The other subscriber is untouched.
  push(kept, action::create, record_id{"person", 3}, id);
  CAF_CHECK_EQUAL(other_log->size(), 1u);
}

CAF_TEST(a live select query replies the live id of its one statement) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value,
                          std::string{"LIVE SELECT * FROM person WHERE age > $min"},
                          value::object{{"min", 18}}, sub);
  run();
  answer(rpc::method::query,
         {"LIVE SELECT * FROM person WHERE age > $min", value{{"min", 18}}},
         value::array{ok_statement(live_id(1), "live")});
  auto live = result_of<uuid>(rh);
  CAF_CHECK(live == live_id(1));
  push(live, action::create, record_id{"person", 1}, id);
  CAF_CHECK_EQUAL(log->size(), 1u);
}

CAF_TEST(a live select query that is not one live statement is refused) {
  auto [sub, log] = subscriber();
  auto sql = std::string{"LIVE SELECT * FROM person; LIVE SELECT * FROM pet"};
  auto rh = self->request(s, caf::infinite, live_atom::value, sql, value::object{}, sub);
  run();
  reply(last_request(), value::array{ok_statement(live_id(1), "live"),
                                     ok_statement(live_id(2), "live")});
  run();
  // Neither live query has a subscriber: both are killed, and the refusal
  // comes once the server answered both kills, so nothing runs on by then.
  auto k1 = request_at(frames() - 2);
  auto k2 = request_at(frames() - 1);
  CAF_CHECK_EQUAL(name(k1.method), "kill");
  CAF_CHECK(k1.params == value::array{live_id(1)});
  CAF_CHECK_EQUAL(name(k2.method), "kill");
  CAF_CHECK(k2.params == value::array{live_id(2)});
  CAF_CHECK(self->mailbox().empty());
  reply(k1, none);
  run();
  CAF_CHECK(self->mailbox().empty());
  reply(k2, none);
  CAF_CHECK(is(error_of<uuid>(rh), errc::invalid_argument));
  // A failed statement is the server error.
  auto bad = self->request(s, caf::infinite, live_atom::value, std::string{"LIVE SELECT * FROM"},
                           value::object{}, sub);
  run();
  reply(last_request(), value::array{err_statement("Parse error", "Validation")});
  CAF_CHECK(is(error_of<uuid>(bad), errc::server_error));
  // A uuid from anything but a live statement is no live query.
  auto not_live = self->request(s, caf::infinite, live_atom::value,
                                std::string{"RETURN rand::uuid()"}, value::object{}, sub);
  run();
  reply(last_request(), value::array{ok_statement(live_id(3))});
  CAF_CHECK(is(error_of<uuid>(not_live), errc::invalid_argument));
  CAF_CHECK(log->empty());
}

CAF_TEST(a failed live call drops what was kept for it) {
  auto [sub, log] = subscriber();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, false, sub);
  run();
  auto req = last_request();
  push(live_id(1), action::create, record_id{"person", 1}, id);
  reply_error(req, error_object(-32000, "nope", "Internal"));
  CAF_CHECK(is(error_of<uuid>(rh), errc::server_error));
  // A later live query with that id (it cannot happen, ids are fresh) would
  // find nothing kept.
  auto again = start(s, id, sub, 1);
  CAF_CHECK(again == live_id(1));
  CAF_CHECK(log->empty());
}

CAF_TEST(live refuses a null subscriber without sending) {
  auto before = frames();
  auto rh = self->request(s, caf::infinite, live_atom::value, value{table{"person"}}, false,
                          live_subscriber{});
  run();
  CAF_CHECK(is(error_of<uuid>(rh), errc::invalid_argument));
  CAF_CHECK_EQUAL(frames(), before);
}

CAF_TEST_FIXTURE_SCOPE_END()
