#define CAF_SUITE sql_printer

#include "result_printer.hpp"

#include <chrono>
#include <string>

#include "caf/test/unit_test.hpp"

using namespace surrealcaf;
using namespace surrealcaf::sql;
using namespace std::chrono_literals;

namespace {

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

CAF_TEST(small values stay on one line) {
  print_options plain;
  CAF_CHECK_EQUAL(format_value(value{42}, plain), "42");
  CAF_CHECK_EQUAL(format_value(value{"ada"}, plain), "'ada'");
  CAF_CHECK_EQUAL(format_value(value::array{1, 2}, plain), "[1, 2]");
  CAF_CHECK_EQUAL(format_value(value{{"id", record_id{"person", "ada"}}, {"age", 30}}, plain),
                  "{ age: 30, id: person:ada }");
  CAF_CHECK_EQUAL(format_value(value::object{}, plain), "{  }");
}

CAF_TEST(large values are indented) {
  print_options plain;
  plain.width = 20;
  value rows = value::array{value{{"name", "ada lovelace"}, {"n", 1}}, value{{"name", "bob"}}};
  CAF_CHECK_EQUAL(format_value(rows, plain),
                  "[\n  {\n    n: 1,\n    name: 'ada lovelace'\n  },\n  { name: 'bob' }\n]");
  // Keys that are not identifiers are quoted.
  CAF_CHECK_EQUAL(format_value(value{{"a b", 1}}, plain), "{ \"a b\": 1 }");
}

CAF_TEST(colour only when asked) {
  print_options color;
  color.color = true;
  auto text = format_value(value{{"name", "ada"}}, color);
  CAF_CHECK(has(text, "\033["));
  CAF_CHECK(!has(format_value(value{{"name", "ada"}}, print_options{}), "\033["));
}

CAF_TEST(json mode is one line of JSON) {
  print_options json;
  json.json = true;
  value rows = value::array{value{{"id", record_id{"person", "ada"}}, {"tags", value::array{"x"}}}};
  CAF_CHECK_EQUAL(format_value(rows, json), R"([{"id":"person:ada","tags":["x"]}])");
  rpc::query_result r;
  r.result = rows;
  CAF_CHECK_EQUAL(format_result(r, 2ms, json), "[{\"id\":\"person:ada\",\"tags\":[\"x\"]}]\n");
}

CAF_TEST(results show their count and time) {
  print_options plain;
  rpc::query_result r;
  r.result = value::array{1, 2, 3};
  CAF_CHECK_EQUAL(format_result(r, 2100us, plain), "-- 3 results in 2.1 ms\n[1, 2, 3]\n");
  r.result = value{7};
  CAF_CHECK_EQUAL(format_result(r, 850us, plain), "-- 1 result in 850 µs\n7\n");
  r.result = none;
  CAF_CHECK(has(format_result(r, 1500ms, plain), "-- 0 results in 1.50 s"));
}

CAF_TEST(errors show their code kind and message) {
  print_options plain;
  rpc::server_error e;
  e.message = "The table 'x' does not exist";
  e.kind = rpc::error_kind::not_found;
  e.kind_text = "NotFound";
  e.detail_path = {"Table"};
  rpc::query_result r;
  r.error = e;
  CAF_CHECK_EQUAL(format_result(r, 1ms, plain),
                  "error: server_error [NotFound/Table]: The table 'x' does not exist\n");
  CAF_CHECK_EQUAL(format_error(surreal_error{e}, plain),
                  "error: server_error [NotFound/Table]: The table 'x' does not exist\n");
  CAF_CHECK_EQUAL(format_error(surreal_error{errc::timeout, "query: no reply within 10 ms"}, plain),
                  "error: timeout: query: no reply within 10 ms\n");
  CAF_CHECK_EQUAL(format_error(surreal_error{errc::session_closed, ""}, plain),
                  "error: session_closed\n");
  // Without a kind from the server, the derived one is named.
  rpc::server_error bare;
  bare.message = "boom";
  bare.kind = rpc::error_kind::thrown;
  CAF_CHECK(has(format_server_error(bare, plain), "[Thrown]: boom"));
}

CAF_TEST(notifications name their session) {
  print_options plain;
  rpc::notification n;
  n.action = rpc::live_action::create;
  n.record = record_id{"person", 1};
  n.result = value{{"id", record_id{"person", 1}}, {"name", "ada"}};
  CAF_CHECK_EQUAL(format_notification("second", n, plain),
                  "[second] live CREATE person:1 { id: person:1, name: 'ada' }\n");
  print_options json;
  json.json = true;
  CAF_CHECK(has(format_notification("second", n, json), R"("session":"second")"));
}

CAF_TEST(deep values do not recurse without bound) {
  value x = 1;
  for (int i = 0; i < 500; ++i)
    x = value::array{x, std::string(10, 'x')};
  print_options plain;
  CAF_CHECK(!format_value(x, plain).empty());
}
