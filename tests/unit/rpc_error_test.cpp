#define CAF_SUITE rpc_error

#include "surrealcaf/rpc/server_error.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "contains.hpp"
#include "server_error_objects.hpp"

using namespace surrealcaf;
using namespace surrealcaf::rpc;
using test::contains;
using test::detail_node;
using test::error_object;
using test::invalid_auth_error;

namespace {

using path = std::vector<std::string>;

value conflict() {
  return error_object(-32009,
                      "Failed to commit transaction due to a read or write conflict. "
                      "This transaction can be retried",
                      "Query", detail_node("TransactionConflict"));
}

} // namespace

CAF_TEST(a 3x error keeps code message kind and detail path) {
  auto err = parse_server_error(invalid_auth_error());
  CAF_CHECK(err.code == int64_t{-32002});
  CAF_CHECK_EQUAL(err.message, "There was a problem with authentication");
  CAF_CHECK(err.kind == error_kind::not_allowed);
  CAF_CHECK_EQUAL(err.kind_text, "NotAllowed");
  CAF_CHECK(err.detail_path == (path{"Auth", "InvalidAuth"}));
  CAF_CHECK(err.details == invalid_auth_error()["details"]);
  CAF_CHECK(err.detail_fields().is_none());
  CAF_CHECK(err.cause == nullptr);
  CAF_CHECK(err.is(error_kind::not_allowed));
  CAF_CHECK(err.is(error_kind::not_allowed, {"Auth"}));
  CAF_CHECK(err.is(error_kind::not_allowed, {"Auth", "InvalidAuth"}));
  CAF_CHECK(!err.is(error_kind::not_allowed, {"Auth", "TokenExpired"}));
  CAF_CHECK(!err.is(error_kind::not_allowed, {"Auth", "InvalidAuth", "More"}));
  CAF_CHECK(!err.is(error_kind::not_found, {"Auth"}));
  CAF_CHECK(!err.is(error_kind::not_allowed, {"Au"})); // prefixes of a step do not match
  CAF_CHECK(!err.is_transaction_conflict());
  CAF_CHECK_EQUAL(err.readable(), "There was a problem with authentication "
                                  "[NotAllowed/Auth/InvalidAuth, code -32002]");
}

CAF_TEST(detail fields come from the innermost node) {
  auto table = parse_server_error(
    error_object(-32000, "The table 'person' does not exist", "NotFound",
                 detail_node("Table", value{{"name", "person"}})));
  CAF_CHECK(table.kind == error_kind::not_found);
  CAF_CHECK(table.detail_path == (path{"Table"}));
  CAF_CHECK(table.detail_fields() == (value{{"name", "person"}}));
  auto timeout = parse_server_error(
    error_object(-32004, "The query was not executed because it exceeded the timeout", "Query",
                 detail_node("TimedOut", value{{"duration", value{{"secs", 5}, {"nanos", 0}}}})));
  CAF_CHECK(timeout.is(error_kind::query, {"TimedOut"}));
  CAF_CHECK(timeout.detail_fields()["duration"]["secs"] == value{5});
  auto role = parse_server_error(
    error_object(-32002, "Invalid role", "NotAllowed",
                 detail_node("Auth", detail_node("InvalidRole", value{{"name", "GOD"}}))));
  CAF_CHECK(role.detail_path == (path{"Auth", "InvalidRole"}));
  CAF_CHECK(role.detail_fields() == (value{{"name", "GOD"}}));
}

CAF_TEST(every known kind is read) {
  const std::vector<std::pair<const char*, error_kind>> kinds{
    {"Validation", error_kind::validation},
    {"Configuration", error_kind::configuration},
    {"Query", error_kind::query},
    {"Serialization", error_kind::serialization},
    {"NotAllowed", error_kind::not_allowed},
    {"NotFound", error_kind::not_found},
    {"AlreadyExists", error_kind::already_exists},
    {"Connection", error_kind::connection},
    {"Thrown", error_kind::thrown},
    {"Internal", error_kind::internal},
    {"Context", error_kind::context},
  };
  for (auto& [text, kind] : kinds) {
    CAF_CHECK_EQUAL(std::string{to_string(kind)}, text);
    auto err = parse_server_error(value{{"code", -32000}, {"message", "m"}, {"kind", text}});
    CAF_CHECK(err.kind == kind);
    CAF_CHECK_EQUAL(err.kind_text, text);
  }
}

CAF_TEST(an unknown kind is internal and keeps its text) {
  auto err = parse_server_error(
    error_object(-32000, "Too many requests", "RateLimited", detail_node("PerMinute")));
  CAF_CHECK(err.kind == error_kind::internal);
  CAF_CHECK_EQUAL(err.kind_text, "RateLimited");
  CAF_CHECK(err.detail_path == (path{"PerMinute"}));
  CAF_CHECK(contains(err.readable(), "[RateLimited/PerMinute, code -32000]"));
}

CAF_TEST(2x errors derive the kind from the code) {
  auto generic = parse_server_error(value{
    {"code", -32000},
    {"message", "There was a problem with the database: The table 'x' does not exist"},
  });
  CAF_CHECK(generic.kind == error_kind::internal);
  CAF_CHECK(generic.kind_text.empty());
  CAF_CHECK(generic.code == int64_t{-32000});
  CAF_CHECK(generic.detail_path.empty());
  CAF_CHECK(generic.details.is_none());
  CAF_CHECK_EQUAL(generic.readable(), "There was a problem with the database: The table 'x' "
                                      "does not exist [Internal, code -32000]");
  auto kind_of = [](int64_t code) {
    return parse_server_error(value{{"code", code}, {"message", "m"}}).kind;
  };
  CAF_CHECK(kind_of(-32700) == error_kind::validation);
  CAF_CHECK(kind_of(-32600) == error_kind::validation);
  CAF_CHECK(kind_of(-32601) == error_kind::not_found);
  // -32602/-32603 mean invalid params/internal on 2.x, unlike 3.x.
  CAF_CHECK(kind_of(-32602) == error_kind::validation);
  CAF_CHECK(kind_of(-32603) == error_kind::internal);
  CAF_CHECK(kind_of(-32002) == error_kind::not_allowed);
  CAF_CHECK(kind_of(-32004) == error_kind::query);
  CAF_CHECK(kind_of(-32006) == error_kind::thrown);
  CAF_CHECK(kind_of(-32008) == error_kind::serialization);
  CAF_CHECK(kind_of(-32604) == error_kind::configuration);
  CAF_CHECK(kind_of(-32001) == error_kind::connection);
  CAF_CHECK(kind_of(12345) == error_kind::internal);
}

CAF_TEST(3x codes with a kind trust the kind) {
  // -32602 is "method not allowed" on 3.x; the kind says so.
  auto err = parse_server_error(error_object(-32602, "Method not allowed", "NotAllowed",
                                             detail_node("Method", value{{"name", "query"}})));
  CAF_CHECK(err.kind == error_kind::not_allowed);
  CAF_CHECK(err.detail_fields()["name"] == value{"query"});
}

CAF_TEST(transaction conflicts are recognised by kind code or cause) {
  CAF_CHECK(parse_server_error(conflict()).is_transaction_conflict());
  CAF_CHECK(parse_server_error(value{{"code", -32009}, {"message", "conflict"}})
              .is_transaction_conflict());
  auto by_kind = parse_server_error(value{
    {"message", "conflict"},
    {"kind", "Query"},
    {"details", value{{"kind", "TransactionConflict"}}},
  });
  CAF_CHECK(!by_kind.code);
  CAF_CHECK(by_kind.is_transaction_conflict());
  auto wrapped = parse_server_error(value{
    {"code", -32000},
    {"message", "Failed to run the transaction"},
    {"kind", "Context"},
    {"cause", conflict()},
  });
  CAF_CHECK(wrapped.kind == error_kind::context);
  CAF_CHECK(wrapped.is_transaction_conflict());
  auto not_executed = parse_server_error(
    error_object(-32003, "The query was not executed due to a failed transaction", "Query",
                 detail_node("NotExecuted")));
  CAF_CHECK(!not_executed.is_transaction_conflict());
}

CAF_TEST(the untyped commit conflict of the 3.0 engine is a transaction conflict) {
  // What the 3.0.2 engine answers to a conflicting commit, verbatim.
  auto commit = parse_server_error(value{
    {"code", -32000},
    {"message", "Transaction conflict: Write conflict, retry the transaction. This "
                "transaction can be retried"},
    {"kind", "Internal"},
    {"cause", none},
  });
  CAF_CHECK(commit.is_transaction_conflict());
  // The text alone is not enough: anyone can THROW it.
  auto thrown = parse_server_error(value{
    {"code", -32006}, {"message", "Transaction conflict: made up"}, {"kind", "Thrown"}});
  CAF_CHECK(!thrown.is_transaction_conflict());
}

CAF_TEST(a nested cause chain is kept and printed) {
  auto err = parse_server_error(value{
    {"code", -32000},
    {"message", "Could not sign in"},
    {"kind", "Context"},
    {"cause", value{{"code", -32000},
                    {"message", "Could not evaluate the SIGNIN clause"},
                    {"kind", "Context"},
                    {"cause", invalid_auth_error()}}},
  });
  CAF_REQUIRE(err.cause != nullptr);
  CAF_CHECK_EQUAL(err.cause->message, "Could not evaluate the SIGNIN clause");
  CAF_REQUIRE(err.cause->cause != nullptr);
  CAF_CHECK(*err.cause->cause == parse_server_error(invalid_auth_error()));
  CAF_CHECK(err.cause->cause->cause == nullptr);
  CAF_CHECK_EQUAL(err.readable(),
                  "Could not sign in [Context, code -32000]; caused by: Could not evaluate the "
                  "SIGNIN clause [Context, code -32000]; caused by: There was a problem with "
                  "authentication [NotAllowed/Auth/InvalidAuth, code -32002]");
}

CAF_TEST(a NONE or NULL cause means no cause) {
  auto a = parse_server_error(value{{"code", -32000}, {"message", "m"}, {"cause", none}});
  auto b = parse_server_error(value{{"code", -32000}, {"message", "m"}, {"cause", null}});
  CAF_CHECK(a.cause == nullptr);
  CAF_CHECK(b.cause == nullptr);
}

CAF_TEST(very deep cause chains are cut) {
  value err{{"code", -32000}, {"message", "root"}};
  for (int i = 0; i < 100; ++i)
    err = value{{"code", -32000}, {"message", "level"}, {"cause", err}};
  auto parsed = parse_server_error(err);
  int depth = 0;
  for (const server_error* e = &parsed; e != nullptr; e = e->cause.get())
    ++depth;
  CAF_CHECK_EQUAL(depth, 33);
}

CAF_TEST(malformed error objects never throw and say what arrived) {
  auto number = parse_server_error(value{42});
  CAF_CHECK(number.kind == error_kind::internal);
  CAF_CHECK(!number.code);
  CAF_CHECK(contains(number.message, "malformed error object"));
  CAF_CHECK(contains(number.message, "int"));
  auto nothing = parse_server_error(value{});
  CAF_CHECK(nothing.kind == error_kind::internal);
  CAF_CHECK(contains(nothing.message, "none"));
  auto text = parse_server_error(value{"The server is gracefully shutting down"});
  CAF_CHECK(text.kind == error_kind::internal);
  CAF_CHECK_EQUAL(text.message, "The server is gracefully shutting down");
  auto empty = parse_server_error(value{value::object{}});
  CAF_CHECK(empty.kind == error_kind::internal);
  CAF_CHECK(!empty.code);
  CAF_CHECK_EQUAL(empty.message, "server error without a message");
  CAF_CHECK_EQUAL(empty.readable(), "server error without a message [Internal]");
  auto mistyped = parse_server_error(value{
    {"code", "-32000"},
    {"message", 17},
    {"kind", 3},
    {"details", value::array{1, 2}},
    {"cause", true},
  });
  CAF_CHECK(!mistyped.code);
  CAF_CHECK(mistyped.kind == error_kind::internal);
  CAF_CHECK(mistyped.kind_text.empty());
  CAF_CHECK(mistyped.detail_path.empty());
  CAF_CHECK(mistyped.detail_fields().is_none());
  CAF_REQUIRE(mistyped.cause != nullptr);
  CAF_CHECK(contains(mistyped.cause->message, "bool"));
}

CAF_TEST(a bare string detail from early 3x builds is a one step path) {
  auto err = parse_server_error(
    error_object(-32000, "The session has expired", "NotAllowed", "SessionExpired"));
  CAF_CHECK(err.detail_path == (path{"SessionExpired"}));
  CAF_CHECK(err.detail_fields().is_none());
}

CAF_TEST(a detail node repeating the error kind is unwrapped) {
  auto err = parse_server_error(value{
    {"message", "Token expired"},
    {"kind", "NotAllowed"},
    {"details", detail_node("NotAllowed", detail_node("Auth", detail_node("TokenExpired")))},
  });
  CAF_CHECK(err.detail_path == (path{"Auth", "TokenExpired"}));
  CAF_CHECK(err.is(error_kind::not_allowed, {"Auth", "TokenExpired"}));
  // A detail that merely shares the kind's name is no wrapper.
  auto ser = parse_server_error(
    error_object(-32007, "Serialization error", "Serialization", detail_node("Serialization")));
  CAF_CHECK(ser.detail_path == (path{"Serialization"}));
}

CAF_TEST(equality is deep and includes the cause) {
  auto a = parse_server_error(value{{"code", -32000}, {"message", "m"}, {"cause", conflict()}});
  auto b = a;
  CAF_CHECK(a == b);
  CAF_CHECK(b.cause == a.cause); // copies share the immutable chain
  auto c = parse_server_error(
    value{{"code", -32000}, {"message", "m"}, {"cause", invalid_auth_error()}});
  CAF_CHECK(a != c);
  auto d = parse_server_error(value{{"code", -32000}, {"message", "m"}});
  CAF_CHECK(a != d);
  CAF_CHECK(d != a);
  CAF_CHECK(parse_server_error(conflict()) == parse_server_error(conflict()));
}
