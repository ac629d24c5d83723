#define CAF_SUITE sql_splitter

#include "statement_splitter.hpp"

#include <stdexcept>
#include <string>
#include <vector>

#include "caf/test/unit_test.hpp"

using surrealcaf::sql::statement_splitter;
using strings = std::vector<std::string>;

CAF_TEST(one line may hold several statements) {
  statement_splitter s;
  CAF_CHECK_EQUAL(s.feed("SELECT 1; SELECT 2;  RETURN 3;"),
                  (strings{"SELECT 1;", "SELECT 2;", "RETURN 3;"}));
  CAF_CHECK(!s.pending());
}

CAF_TEST(a statement may span lines and ends at its semicolon) {
  statement_splitter s;
  CAF_CHECK(s.feed("SELECT *").empty());
  CAF_CHECK(s.pending());
  CAF_CHECK(s.feed("  FROM person").empty());
  CAF_CHECK_EQUAL(s.feed("  WHERE age > 18; SELECT"),
                  (strings{"SELECT *\n  FROM person\n  WHERE age > 18;"}));
  CAF_CHECK(s.pending());
  CAF_CHECK_EQUAL(s.feed("2;"), (strings{"SELECT\n2;"}));
}

CAF_TEST(semicolons inside strings and identifiers do not end a statement) {
  statement_splitter s;
  CAF_CHECK_EQUAL(s.feed("CREATE x SET a = 'a;b', b = \"c;d\", `e;f` = 1;"),
                  (strings{"CREATE x SET a = 'a;b', b = \"c;d\", `e;f` = 1;"}));
  CAF_CHECK_EQUAL(s.feed("SELECT * FROM ⟨odd;name⟩;"), (strings{"SELECT * FROM ⟨odd;name⟩;"}));
  // Escaped quotes stay inside the string.
  CAF_CHECK_EQUAL(s.feed(R"(RETURN 'it\'s;'; RETURN "say \";\"";)"),
                  (strings{R"(RETURN 'it\'s;';)", R"(RETURN "say \";\"";)"}));
}

CAF_TEST(strings may span lines) {
  statement_splitter s;
  CAF_CHECK(s.feed("RETURN 'first;").empty());
  CAF_CHECK(s.pending());
  CAF_CHECK_EQUAL(s.feed("second';"), (strings{"RETURN 'first;\nsecond';"}));
}

CAF_TEST(comments are skipped and may hold semicolons) {
  statement_splitter s;
  CAF_CHECK(s.feed("-- a comment; not a statement").empty());
  CAF_CHECK(!s.pending());
  CAF_CHECK(s.feed("# another; one").empty());
  CAF_CHECK(s.feed("// and; another").empty());
  CAF_CHECK_EQUAL(s.feed("SELECT 1 -- trailing; comment"), strings{});
  CAF_CHECK_EQUAL(s.feed(";"), (strings{"SELECT 1 \n;"}));
  CAF_CHECK(s.feed("/* block;").empty());
  CAF_CHECK(s.pending());
  CAF_CHECK(s.feed("still; comment */").empty());
  CAF_CHECK_EQUAL(s.feed("RETURN /* ; */ 1;"),
                  (strings{"/* block;\nstill; comment */\nRETURN /* ; */ 1;"}));
}

CAF_TEST(blocks keep their semicolons) {
  statement_splitter s;
  CAF_CHECK(s.feed("DEFINE FUNCTION fn::f($a: int) {").empty());
  CAF_CHECK(s.feed("  LET $b = $a * 2;").empty());
  CAF_CHECK(s.feed("  RETURN { x: $b };").empty());
  CAF_CHECK(s.pending());
  CAF_CHECK_EQUAL(
    s.feed("}; RETURN fn::f(1);"),
    (strings{"DEFINE FUNCTION fn::f($a: int) {\n  LET $b = $a * 2;\n  RETURN { x: $b };\n};",
             "RETURN fn::f(1);"}));
  // A brace inside a string does not open a block.
  CAF_CHECK_EQUAL(s.feed("RETURN '{';"), (strings{"RETURN '{';"}));
}

CAF_TEST(empty statements are dropped) {
  statement_splitter s;
  CAF_CHECK(s.feed(";;  ;").empty());
  CAF_CHECK(s.feed("").empty());
  CAF_CHECK(!s.pending());
}

CAF_TEST(the rest of the input is taken and reset) {
  statement_splitter s;
  s.feed("SELECT 1; RETURN");
  s.feed("2");
  CAF_CHECK_EQUAL(s.take_rest(), "RETURN\n2");
  CAF_CHECK(!s.pending());
  s.feed("-- only a comment");
  CAF_CHECK_EQUAL(s.take_rest(), "");
  s.feed("RETURN 'open");
  s.reset();
  CAF_CHECK(!s.pending());
  CAF_CHECK_EQUAL(s.feed("RETURN 1;"), (strings{"RETURN 1;"}));
}

CAF_TEST(pending text is bounded) {
  statement_splitter s{64};
  s.feed("RETURN '");
  bool threw = false;
  try {
    s.feed(std::string(100, 'x'));
  } catch (const std::length_error&) {
    threw = true;
  }
  CAF_CHECK(threw);
  CAF_CHECK(!s.pending());
  CAF_CHECK_EQUAL(s.feed("RETURN 1;"), (strings{"RETURN 1;"}));
}
