#define CAF_SUITE sql_options

#include "shell_options.hpp"

#include <string>
#include <vector>

#include "caf/test/unit_test.hpp"

using namespace surrealcaf::sql;
using args = std::vector<std::string>;

namespace {

shell_options parsed(const args& a) {
  auto r = parse_shell_options(a);
  if (auto* err = std::get_if<usage_error>(&r))
    CAF_FAIL("rejected: " << err->message);
  return std::get<shell_options>(r);
}

std::string rejected(const args& a) {
  auto r = parse_shell_options(a);
  CAF_REQUIRE(std::holds_alternative<usage_error>(r));
  return std::get<usage_error>(r).message;
}

} // namespace

CAF_TEST(defaults) {
  auto o = parsed({});
  CAF_CHECK_EQUAL(o.endpoint, "ws://127.0.0.1:8000/rpc");
  CAF_CHECK(o.ns.empty() && o.db.empty() && o.user.empty() && o.file.empty());
  CAF_CHECK(!o.json && !o.help);
}

CAF_TEST(flags take a value as the next word or after an equals sign) {
  auto o = parsed({"--endpoint", "ws://db:9000", "--ns=app", "--db", "main", "--user", "root",
                   "--json", "script.surql"});
  CAF_CHECK_EQUAL(o.endpoint, "ws://db:9000");
  CAF_CHECK_EQUAL(o.ns, "app");
  CAF_CHECK_EQUAL(o.db, "main");
  CAF_CHECK_EQUAL(o.user, "root");
  CAF_CHECK_EQUAL(o.file, "script.surql");
  CAF_CHECK(o.json);
  CAF_CHECK_EQUAL(parsed({"--file", "x.surql"}).file, "x.surql");
  CAF_CHECK(parsed({"-"}).file.empty());
  CAF_CHECK(parsed({"--help"}).help);
}

CAF_TEST(bad command lines are usage errors) {
  CAF_CHECK(rejected({"--ns"}).find("--ns needs a value") == 0);
  CAF_CHECK(rejected({"--ns="}).find("--ns needs a value") == 0);
  CAF_CHECK(rejected({"--db", "main"}).find("--db needs --ns") == 0);
  CAF_CHECK(rejected({"--frobnicate=1"}).find("unknown option --frobnicate") == 0);
  CAF_CHECK(rejected({"a.surql", "b.surql"}).find("more than one script") == 0);
  // A password on the command line is refused without repeating it.
  auto msg = rejected({"--pass=s3cret"});
  CAF_CHECK(msg.find("SURREALCAF_PASS") != std::string::npos);
  CAF_CHECK_EQUAL(msg.find("s3cret"), std::string::npos);
}
