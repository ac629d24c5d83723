#define CAF_SUITE rpc_query_result

#include "surrealcaf/rpc/query_result.hpp"

#include "surrealcaf/errc.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "contains.hpp"
#include "server_error_objects.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::rpc;
using test::detail_node;
using test::contains;

namespace {

const uuid live_id = test::uuid_of("4a6f9b2e-1c3d-4e5f-8a7b-9c0d1e2f3a4b");

value person_tobie() {
  return value{{"id", record_id{"person", "tobie"}}, {"name", "Tobie"}};
}

// A statement that failed, as a 3.x server reports it: the error's message
// stands in "result", its kind and details beside it.
value failed_statement(const std::string& time, const std::string& message,
                       const std::string& kind, value details) {
  return value{{"status", "ERR"}, {"time", time}, {"type", none},
               {"result", message}, {"kind", kind}, {"details", std::move(details)}};
}

// Expects parse_query_results to fail with protocol_error mentioning `part`.
void rejected(value results, const std::string& part) {
  auto parsed = parse_query_results(std::move(results));
  CAF_REQUIRE(!parsed);
  CAF_CHECK_EQUAL(parsed.error().category(), errc_category);
  CAF_CHECK_EQUAL(parsed.error().code(), static_cast<uint8_t>(errc::protocol_error));
  auto text = describe(parsed.error());
  if (!contains(text, part))
    CAF_FAIL("expected '" << part << "' in: " << text);
}

} // namespace

CAF_TEST(ok statements of every type) {
  auto parsed = parse_query_results(value::array{
    value{{"status", "OK"},
          {"time", "152.708µs"},
          {"type", none},
          {"result", value::array{person_tobie()}}},
    value{{"status", "OK"}, {"time", "1.2ms"}, {"type", "live"}, {"result", live_id}},
    value{{"status", "OK"}, {"time", "31.5µs"}, {"type", "kill"}, {"result", none}},
  });
  CAF_REQUIRE(parsed);
  CAF_REQUIRE_EQUAL(parsed->size(), 3u);
  auto& select = (*parsed)[0];
  CAF_CHECK(select.ok());
  CAF_CHECK(select.type == query_type::none);
  CAF_CHECK_EQUAL(select.time, "152.708µs");
  CAF_CHECK(select.result == value{value::array{person_tobie()}});
  auto& live = (*parsed)[1];
  CAF_CHECK(live.type == query_type::live);
  CAF_CHECK(live.result == value{live_id});
  auto& kill = (*parsed)[2];
  CAF_CHECK(kill.ok());
  CAF_CHECK(kill.type == query_type::kill);
  CAF_CHECK(kill.result.is_none());
}

CAF_TEST(a failed statement next to a successful one) {
  auto parsed = parse_query_results(value::array{
    value{{"status", "OK"}, {"time", "20µs"}, {"type", none}, {"result", 1}},
    failed_statement("48.1µs", "Database record `person:tobie` already exists", "AlreadyExists",
                     detail_node("Record", value{{"id", "person:tobie"}})),
  });
  CAF_REQUIRE(parsed);
  CAF_REQUIRE_EQUAL(parsed->size(), 2u);
  CAF_CHECK((*parsed)[0].ok());
  auto& failed = (*parsed)[1];
  CAF_CHECK(!failed.ok());
  CAF_CHECK(failed.result.is_none());
  CAF_CHECK_EQUAL(failed.time, "48.1µs");
  CAF_REQUIRE(failed.error.has_value());
  CAF_CHECK_EQUAL(failed.error->message, "Database record `person:tobie` already exists");
  CAF_CHECK(!failed.error->code);
  CAF_CHECK(failed.error->is(error_kind::already_exists, {"Record"}));
  CAF_CHECK(failed.error->detail_fields()["id"] == value{"person:tobie"});
  CAF_CHECK_EQUAL(failed.error->readable(),
                  "Database record `person:tobie` already exists [AlreadyExists/Record]");
}

CAF_TEST(doubly wrapped statement details are unwrapped) {
  auto parsed = parse_query_results(value::array{
    failed_statement("1ms", "Token expired", "NotAllowed",
                     detail_node("NotAllowed", detail_node("Auth", detail_node("TokenExpired")))),
  });
  CAF_REQUIRE(parsed);
  CAF_REQUIRE((*parsed)[0].error.has_value());
  CAF_CHECK((*parsed)[0].error->is(error_kind::not_allowed, {"Auth", "TokenExpired"}));
}

CAF_TEST(a transaction conflict inside a query is recognised) {
  auto parsed = parse_query_results(value::array{
    failed_statement("2ms", "Failed to commit transaction due to a read or write conflict",
                     "Query", detail_node("TransactionConflict")),
    failed_statement("0ns", "The query was not executed due to a failed transaction", "Query",
                     detail_node("NotExecuted")),
  });
  CAF_REQUIRE(parsed);
  CAF_CHECK((*parsed)[0].error->is_transaction_conflict());
  CAF_CHECK(!(*parsed)[1].error->is_transaction_conflict());
  CAF_CHECK((*parsed)[1].error->is(error_kind::query, {"NotExecuted"}));
}

CAF_TEST(2x and json shapes are accepted) {
  auto parsed = parse_query_results(value::array{
    // 2.x: no kind, no details, no type.
    value{{"status", "ERR"}, {"time", "10µs"}, {"result", "There was a problem"}},
    // JSON: type null.
    value{{"status", "OK"}, {"time", "10µs"}, {"type", null}, {"result", value::array{}}},
    // No time at all.
    value{{"status", "OK"}, {"result", 3}},
  });
  CAF_REQUIRE(parsed);
  CAF_REQUIRE_EQUAL(parsed->size(), 3u);
  auto& legacy = (*parsed)[0];
  CAF_REQUIRE(legacy.error.has_value());
  CAF_CHECK(legacy.error->kind == error_kind::internal);
  CAF_CHECK(legacy.error->kind_text.empty());
  CAF_CHECK(legacy.type == query_type::none);
  CAF_CHECK((*parsed)[1].type == query_type::none);
  CAF_CHECK((*parsed)[2].time.empty());
  CAF_CHECK((*parsed)[2].result == value{3});
}

CAF_TEST(an empty query gives no results) {
  auto parsed = parse_query_results(value::array{});
  CAF_REQUIRE(parsed);
  CAF_CHECK(parsed->empty());
}

CAF_TEST(type names) {
  CAF_CHECK_EQUAL(std::string{to_string(query_type::none)}, "none");
  CAF_CHECK_EQUAL(std::string{to_string(query_type::live)}, "live");
  CAF_CHECK_EQUAL(std::string{to_string(query_type::kill)}, "kill");
}

CAF_TEST(wrong shapes are protocol errors naming the statement) {
  rejected(value{value::object{}}, "query results are object, expected an array");
  rejected(value{}, "query results are none");
  value ok{{"status", "OK"}, {"time", "1ms"}, {"type", none}, {"result", 1}};
  rejected(value::array{ok, 5}, "query result 1: is int, expected a map");
  rejected(value::array{value{{"time", "1ms"}, {"result", 1}}}, "query result 0: status");
  rejected(value::array{ok, ok, value{{"status", "MAYBE"}, {"result", 1}}},
           "query result 2: status is not");
  rejected(value::array{value{{"status", "ok"}, {"result", 1}}}, "query result 0: status");
  rejected(value::array{value{{"status", "OK"}, {"time", "1ms"}}}, "query result 0: has no result");
  rejected(value::array{value{{"status", "ERR"}, {"time", "1ms"}, {"result", 5}}},
           "query result 0: ERR result is int");
  rejected(value::array{value{{"status", "OK"}, {"time", 5}, {"result", 1}}},
           "query result 0: time is int");
  rejected(value::array{value{{"status", "OK"}, {"type", "other"}, {"result", 1}}},
           "query result 0: type is not");
}
