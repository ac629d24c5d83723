#define CAF_SUITE rpc_classify

#include "surrealcaf/rpc/classify.hpp"

#include "caf/test/unit_test.hpp"

#include <set>
#include <string>

#include "contains.hpp"
#include "server_error_objects.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::rpc;
using test::uuid_of;
using test::contains;

namespace {

const uuid session_a = uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
const uuid live_a = uuid_of("4a6f9b2e-1c3d-4e5f-8a7b-9c0d1e2f3a4b");
const uuid connection_id = uuid_of("11111111-2222-4333-8444-555555555555");

// The pending table of a connection with calls 1, 2 and 3 in flight.
struct fixture {
  std::set<int64_t> pending{1, 2, 3};

  classified_frame run(value frame) {
    return classify(std::move(frame), [this](int64_t id) { return pending.count(id) > 0; });
  }

  template <class T>
  T expect(value frame) {
    auto result = run(std::move(frame));
    if (auto ptr = std::get_if<T>(&result))
      return std::move(*ptr);
    if (auto bad = std::get_if<invalid_frame>(&result))
      CAF_FAIL("unexpected invalid_frame: " << bad->reason);
    CAF_FAIL("unexpected alternative " << result.index());
  }
};

value person_tobie() {
  return value{{"id", record_id{"person", "tobie"}}, {"name", "Tobie"}, {"age", 42}};
}

value session_not_found() {
  return test::error_object(
    -32000, "Session not found: 0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11", "NotFound",
    test::detail_node("Session", value{{"id", "0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"}}));
}

// What a notification frame holds under "result": an `action` on person:tobie
// by live query live_a, its `result`, and `more` fields such as the session.
value tobie_note(const std::string& action, value result, value::object more = {}) {
  value::object note{{"id", live_a},
                     {"action", action},
                     {"record", record_id{"person", "tobie"}},
                     {"result", std::move(result)}};
  note.insert(more.begin(), more.end());
  return note;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(rpc_classify_tests, fixture)

// -- responses ----------------------------------------------------------------

CAF_TEST(a reply to a pending call is a response) {
  auto rsp = expect<response>(value{{"id", 2}, {"result", person_tobie()}});
  CAF_CHECK_EQUAL(rsp.id, 2);
  CAF_CHECK(rsp.ok());
  CAF_CHECK(rsp.result == person_tobie());
  CAF_CHECK(!rsp.session);
}

CAF_TEST(a void method answers with a NONE result) {
  auto rsp = expect<response>(value{{"id", 1}, {"result", none}});
  CAF_CHECK(rsp.ok());
  CAF_CHECK(rsp.result.is_none());
}

CAF_TEST(the echoed session is kept) {
  auto rsp = expect<response>(value{{"id", 3}, {"result", "surrealdb-3.0.2"}, {"session", session_a}});
  CAF_REQUIRE(rsp.session.has_value());
  CAF_CHECK(*rsp.session == session_a);
  // JSON frames carry it as text.
  auto text = expect<response>(
    value{{"id", 3}, {"result", 1}, {"session", "0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"}});
  CAF_REQUIRE(text.session.has_value());
  CAF_CHECK(*text.session == session_a);
  // NULL is no session.
  auto nil = expect<response>(value{{"id", 3}, {"result", 1}, {"session", null}});
  CAF_CHECK(!nil.session);
}

CAF_TEST(an error reply to a pending call is a failed response) {
  auto rsp = expect<response>(
    value{{"id", 1}, {"error", session_not_found()}, {"session", session_a}});
  CAF_CHECK_EQUAL(rsp.id, 1);
  CAF_CHECK(!rsp.ok());
  CAF_REQUIRE(rsp.error.has_value());
  CAF_CHECK(rsp.error->is(error_kind::not_found, {"Session"}));
  CAF_CHECK(rsp.error->detail_fields()["id"] == value{"0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11"});
  CAF_CHECK(rsp.result.is_none());
  CAF_CHECK(rsp.session == session_a);
}

CAF_TEST(a 2x error reply is a failed response) {
  auto rsp = expect<response>(
    value{{"id", 2}, {"error", test::error_object(-32602, "Invalid params")}});
  CAF_REQUIRE(rsp.error.has_value());
  CAF_CHECK(rsp.error->kind == error_kind::validation);
  CAF_CHECK(rsp.error->code == int64_t{-32602});
}

CAF_TEST(a malformed error object still ends the pending call) {
  auto rsp = expect<response>(value{{"id", 2}, {"error", value::array{1, 2, 3}}});
  CAF_REQUIRE(rsp.error.has_value());
  CAF_CHECK(rsp.error->kind == error_kind::internal);
  CAF_CHECK(contains(rsp.error->message, "malformed error object"));
}

CAF_TEST(out of order replies are matched by id) {
  auto third = expect<response>(value{{"id", 3}, {"result", "three"}});
  auto first = expect<response>(value{{"id", 1}, {"result", "one"}});
  auto second = expect<response>(value{{"id", 2}, {"error", session_not_found()}});
  CAF_CHECK_EQUAL(third.id, 3);
  CAF_CHECK(third.result == value{"three"});
  CAF_CHECK_EQUAL(first.id, 1);
  CAF_CHECK(first.result == value{"one"});
  CAF_CHECK_EQUAL(second.id, 2);
  CAF_CHECK(!second.ok());
}

// -- replies nobody waits for -------------------------------------------------

CAF_TEST(a late reply to an abandoned call is a stray reply) {
  auto stray = expect<stray_reply>(value{{"id", 41}, {"result", person_tobie()}});
  CAF_CHECK(stray.id == value{41});
  CAF_CHECK(stray.result == person_tobie());
  pending.erase(2);
  auto late = expect<stray_reply>(value{{"id", 2}, {"result", 1}, {"session", session_a}});
  CAF_CHECK(late.id == value{2});
  CAF_CHECK(late.session == session_a);
}

CAF_TEST(ids of types the client never sends are not correlated) {
  // Call 1 is pending, but these ids are not the integer 1.
  auto text = expect<stray_reply>(value{{"id", "1"}, {"result", 1}});
  CAF_CHECK(text.id == value{"1"});
  auto real = expect<stray_reply>(value{{"id", 1.0}, {"result", 1}});
  CAF_CHECK(real.id == value{1.0});
  auto nil = expect<stray_reply>(value{{"id", null}, {"result", 1}});
  CAF_CHECK(nil.id.is_null());
  auto err = expect<uncorrelated_error>(value{{"id", "1"}, {"error", session_not_found()}});
  CAF_CHECK(err.id == value{"1"});
  CAF_CHECK(err.error.kind == error_kind::not_found);
}

CAF_TEST(an error for an unknown id is uncorrelated) {
  auto err = expect<uncorrelated_error>(value{{"id", 99}, {"error", session_not_found()}});
  CAF_CHECK(err.id == value{99});
  CAF_CHECK(err.error == parse_server_error(session_not_found()));
}

CAF_TEST(an error without id is uncorrelated) {
  // What the server sends when it cannot decode a request at all.
  auto err = expect<uncorrelated_error>(value{
    {"error", test::error_object(-32700, "Parse error", "Validation", test::detail_node("Parse"))},
  });
  CAF_CHECK(err.id.is_none());
  CAF_CHECK(err.error.is(error_kind::validation, {"Parse"}));
  CAF_CHECK(!err.session);
  auto legacy = expect<uncorrelated_error>(
    value{{"error", test::error_object(-32600, "Invalid request")}});
  CAF_CHECK(legacy.error.kind == error_kind::validation);
}

CAF_TEST(a result without id and without action is a stray reply) {
  auto stray = expect<stray_reply>(value{{"result", value{{"id", live_a}, {"name", "x"}}}});
  CAF_CHECK(stray.id.is_none());
  CAF_CHECK(stray.result["name"] == value{"x"});
  auto scalar = expect<stray_reply>(value{{"result", 5}});
  CAF_CHECK(scalar.result == value{5});
}

// -- notifications ------------------------------------------------------------

CAF_TEST(a 3x notification of an attached session) {
  auto note = expect<notification>(value{
    {"result", tobie_note("CREATE", person_tobie(), {{"session", session_a}})},
    {"session", session_a},
  });
  CAF_CHECK(note.live_id == live_a);
  CAF_CHECK(note.action == live_action::create);
  CAF_CHECK(note.record == value{record_id{"person", "tobie"}});
  CAF_CHECK(note.result == person_tobie());
  CAF_CHECK(note.session == session_a);
}

CAF_TEST(a notification of the default session has no session) {
  // The inner session is the connection id there; it must not be taken for a session.
  auto note = expect<notification>(
    value{{"result", tobie_note("UPDATE", person_tobie(), {{"session", connection_id}})}});
  CAF_CHECK(note.action == live_action::update);
  CAF_CHECK(!note.session);
}

CAF_TEST(a diff notification carries the patch array) {
  auto patch = value::array{value{{"op", "replace"}, {"path", "/age"}, {"value", 43}}};
  auto note = expect<notification>(value{{"result", tobie_note("UPDATE", patch)}});
  CAF_CHECK(note.result == value{patch});
}

CAF_TEST(a delete notification) {
  auto note = expect<notification>(value{{"result", tobie_note("DELETE", person_tobie())}});
  CAF_CHECK(note.action == live_action::delete_);
  CAF_CHECK(note.record == value{record_id{"person", "tobie"}});
}

CAF_TEST(KILLED carries NONE record and result) {
  auto note = expect<notification>(value{
    {"result", value{{"id", live_a},
                     {"action", "KILLED"},
                     {"record", none},
                     {"result", none},
                     {"session", session_a}}},
    {"session", session_a},
  });
  CAF_CHECK(note.action == live_action::killed);
  CAF_CHECK(note.record.is_none());
  CAF_CHECK(note.result.is_none());
  CAF_CHECK(note.session == session_a);
  // Also when the fields are left out altogether.
  auto bare = expect<notification>(value{{"result", value{{"id", live_a}, {"action", "KILLED"}}}});
  CAF_CHECK(bare.action == live_action::killed);
  CAF_CHECK(bare.record.is_none());
  CAF_CHECK(bare.result.is_none());
}

CAF_TEST(a 2x notification parses) {
  auto note = expect<notification>(value{{"result", tobie_note("CREATE", person_tobie())}});
  CAF_CHECK(note.live_id == live_a);
  CAF_CHECK(!note.session);
}

CAF_TEST(a notification with a text live id parses) {
  auto note = expect<notification>(value{
    {"result", value{{"id", "4a6f9b2e-1c3d-4e5f-8a7b-9c0d1e2f3a4b"},
                     {"action", "CREATE"},
                     {"record", "person:tobie"},
                     {"result", value{{"name", "Tobie"}}}}},
  });
  CAF_CHECK(note.live_id == live_a);
  CAF_CHECK(note.record == value{"person:tobie"});
}

CAF_TEST(action names are spelled as the server does) {
  CAF_CHECK_EQUAL(std::string{to_string(live_action::create)}, "CREATE");
  CAF_CHECK_EQUAL(std::string{to_string(live_action::update)}, "UPDATE");
  CAF_CHECK_EQUAL(std::string{to_string(live_action::delete_)}, "DELETE");
  CAF_CHECK_EQUAL(std::string{to_string(live_action::killed)}, "KILLED");
}

// -- invalid frames -----------------------------------------------------------

CAF_TEST(frames that are not maps are invalid) {
  auto arr = expect<invalid_frame>(value::array{1, 2});
  CAF_CHECK(contains(arr.reason, "array"));
  CAF_CHECK(!arr.id);
  auto text = expect<invalid_frame>(value{"hello"});
  CAF_CHECK(contains(text.reason, "string"));
  auto nothing = expect<invalid_frame>(value{});
  CAF_CHECK(contains(nothing.reason, "none"));
}

CAF_TEST(both or neither result and error are invalid) {
  auto both = expect<invalid_frame>(
    value{{"id", 1}, {"result", 1}, {"error", session_not_found()}});
  CAF_CHECK(contains(both.reason, "both"));
  CAF_CHECK(both.id == int64_t{1}); // the pending call must still end
  auto neither = expect<invalid_frame>(value{{"id", 2}});
  CAF_CHECK(contains(neither.reason, "neither"));
  CAF_CHECK(neither.id == int64_t{2});
  auto foreign = expect<invalid_frame>(value{{"id", 77}, {"result", 1}, {"error", 2}});
  CAF_CHECK(!foreign.id);
  auto empty = expect<invalid_frame>(value{value::object{}});
  CAF_CHECK(contains(empty.reason, "neither"));
  CAF_CHECK(!empty.id);
}

CAF_TEST(a session that is not a uuid makes the frame invalid) {
  auto number = expect<invalid_frame>(value{{"id", 1}, {"result", 1}, {"session", 5}});
  CAF_CHECK(contains(number.reason, "session"));
  CAF_CHECK(number.id == int64_t{1});
  auto garbage = expect<invalid_frame>(value{{"id", 9}, {"result", 1}, {"session", "not-a-uuid"}});
  CAF_CHECK(contains(garbage.reason, "session"));
  CAF_CHECK(!garbage.id);
  auto on_note = expect<invalid_frame>(value{
    {"result", value{{"id", live_a}, {"action", "CREATE"}}},
    {"session", value::array{}},
  });
  CAF_CHECK(contains(on_note.reason, "session"));
}

CAF_TEST(notifications with bad fields are invalid) {
  auto no_id = expect<invalid_frame>(value{{"result", value{{"action", "CREATE"}}}});
  CAF_CHECK(contains(no_id.reason, "notification id"));
  auto int_id = expect<invalid_frame>(value{{"result", value{{"id", 5}, {"action", "CREATE"}}}});
  CAF_CHECK(contains(int_id.reason, "notification id is int"));
  auto bad_text_id = expect<invalid_frame>(
    value{{"result", value{{"id", "person:tobie"}, {"action", "CREATE"}}}});
  CAF_CHECK(contains(bad_text_id.reason, "notification id"));
  auto int_action = expect<invalid_frame>(value{{"result", value{{"id", live_a}, {"action", 1}}}});
  CAF_CHECK(contains(int_action.reason, "action is int"));
  auto lower = expect<invalid_frame>(value{{"result", value{{"id", live_a}, {"action", "create"}}}});
  CAF_CHECK(contains(lower.reason, "unknown notification action 'create'"));
  auto unknown = expect<invalid_frame>(
    value{{"result", value{{"id", live_a}, {"action", std::string(100, 'X')}}}});
  CAF_CHECK(contains(unknown.reason, std::string(32, 'X') + "..."));
  CAF_CHECK(!contains(unknown.reason, std::string(33, 'X')));
  CAF_CHECK(!unknown.id);
}

CAF_TEST(classify asks the pending table only about integer ids) {
  int asked = 0;
  auto count = [&](int64_t) {
    ++asked;
    return true;
  };
  auto result = classify(value{{"id", "1"}, {"result", 1}}, count);
  CAF_CHECK(std::holds_alternative<stray_reply>(result));
  CAF_CHECK_EQUAL(asked, 0);
  result = classify(value{{"result", value{{"id", live_a}, {"action", "KILLED"}}}}, count);
  CAF_CHECK(std::holds_alternative<notification>(result));
  CAF_CHECK_EQUAL(asked, 0);
  result = classify(value{{"id", 5}, {"result", 1}}, count);
  CAF_CHECK(std::holds_alternative<response>(result));
  CAF_CHECK_EQUAL(asked, 1);
}

CAF_TEST_FIXTURE_SCOPE_END()
