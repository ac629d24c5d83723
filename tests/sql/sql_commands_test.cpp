#define CAF_SUITE sql_commands

#include "shell_command.hpp"

#include <string>

#include "caf/test/unit_test.hpp"

using namespace surrealcaf;
using namespace surrealcaf::sql;

namespace {

command parsed(const std::string& line) {
  auto r = parse_command(line);
  if (auto* err = std::get_if<command_error>(&r))
    CAF_FAIL("'" << line << "' rejected: " << err->message);
  return std::get<command>(r);
}

std::string rejected(const std::string& line) {
  auto r = parse_command(line);
  CAF_REQUIRE(std::holds_alternative<command_error>(r));
  return std::get<command_error>(r).message;
}

template <class T>
T as(const command& c) {
  CAF_REQUIRE(std::holds_alternative<T>(c));
  return std::get<T>(c);
}

} // namespace

CAF_TEST(commands are lines starting with a backslash) {
  CAF_CHECK(is_command("\\help"));
  CAF_CHECK(is_command("   \\q"));
  CAF_CHECK(!is_command("SELECT 1;"));
  CAF_CHECK(!is_command(""));
  as<cmd::help>(parsed("\\help"));
  as<cmd::quit>(parsed("\\quit"));
  as<cmd::quit>(parsed(" \\q "));
  CAF_CHECK(std::string{command_help()}.find("\\session new NAME") != std::string::npos);
}

CAF_TEST(session commands) {
  CAF_CHECK_EQUAL(as<cmd::session_new>(parsed("\\session new second")).name, "second");
  as<cmd::session_list>(parsed("\\session list"));
  CAF_CHECK_EQUAL(as<cmd::session_switch>(parsed("\\session second")).name, "second");
  CAF_CHECK_EQUAL(as<cmd::session_close>(parsed("\\session close second")).name, "second");
  CAF_CHECK(rejected("\\session").find("usage") == 0);
  CAF_CHECK(rejected("\\session new").find("usage") == 0);
  CAF_CHECK(rejected("\\session new a b").find("usage") == 0);
  CAF_CHECK(rejected("\\session new bad/name").find("session name") != std::string::npos);
  CAF_CHECK(rejected("\\session " + std::string(65, 'a')).find("session name")
            != std::string::npos);
}

CAF_TEST(use and variables) {
  auto u = as<cmd::use>(parsed("\\use app main"));
  CAF_CHECK_EQUAL(u.ns, "app");
  CAF_CHECK_EQUAL(u.db, "main");
  rejected("\\use app");
  auto l = as<cmd::let>(parsed("\\let min 18"));
  CAF_CHECK_EQUAL(l.name, "min");
  CAF_CHECK(l.x == value{18});
  auto o = as<cmd::let>(parsed(R"(\let $who {"name": "ada", "tags": [1, 2]})"));
  CAF_CHECK_EQUAL(o.name, "who");
  CAF_CHECK(o.x == (value{{"name", "ada"}, {"tags", value::array{1, 2}}}));
  CAF_CHECK(rejected("\\let who ada").find("not valid JSON") != std::string::npos);
  CAF_CHECK(rejected("\\let who").find("usage") == 0);
  CAF_CHECK(rejected("\\let bad-name 1").find("variable name") != std::string::npos);
  CAF_CHECK_EQUAL(as<cmd::unset>(parsed("\\unset $min")).name, "min");
}

CAF_TEST(signin as root with and without a password) {
  auto s = as<cmd::signin>(parsed("\\signin root admin s3cret"));
  CAF_CHECK(!s.password_missing);
  CAF_CHECK(std::get<root_credentials>(s.creds) == (root_credentials{"admin", "s3cret"}));
  auto asked = as<cmd::signin>(parsed("\\signin root admin"));
  CAF_CHECK(asked.password_missing);
  auto ns = as<cmd::signin>(parsed("\\signin ns app admin pw"));
  CAF_CHECK(std::get<namespace_credentials>(ns.creds)
            == (namespace_credentials{"app", "admin", "pw"}));
  auto db = as<cmd::signin>(parsed("\\signin db app main admin"));
  CAF_CHECK(db.password_missing);
  CAF_CHECK_EQUAL(std::get<database_credentials>(db.creds).db, "main");
}

CAF_TEST(signin and signup through a record access) {
  auto s = as<cmd::signin>(parsed("\\signin record app main member name=ada pass=s3cret age:=30"));
  auto& rc = std::get<record_credentials>(s.creds);
  CAF_CHECK_EQUAL(rc.ns, "app");
  CAF_CHECK_EQUAL(rc.db, "main");
  CAF_CHECK_EQUAL(rc.access, "member");
  CAF_CHECK(rc.fields.at("name") == value{"ada"});
  CAF_CHECK(rc.fields.at("pass") == value{"s3cret"});
  CAF_CHECK(rc.fields.at("age") == value{30});
  auto up = as<cmd::signup>(parsed("\\signup record app main member name=ada pass=a=b"));
  CAF_CHECK(up.creds.fields.at("pass") == value{"a=b"});
  auto b = as<cmd::signin>(parsed("\\signin bearer app main api key-123"));
  CAF_CHECK_EQUAL(std::get<bearer_credentials>(b.creds).key, "key-123");
}

CAF_TEST(errors never repeat a secret) {
  for (auto line : {"\\signin record app main member s3cret", "\\signin root a s3cret extra",
                    "\\signin record app main member pass:=s3cret", "\\signup root s3cret",
                    "\\frobnicate s3cret", "\\signin martian s3cret"}) {
    auto msg = rejected(line);
    CAF_CHECK_EQUAL(msg.find("s3cret"), std::string::npos);
  }
  CAF_CHECK(holds_secret("\\signin root root root"));
  CAF_CHECK(holds_secret("  \\signup record a b c pass=x"));
  CAF_CHECK(!holds_secret("\\session list"));
  CAF_CHECK(!holds_secret("SELECT 1;"));
  CAF_CHECK(holds_secret("DEFINE USER bob ON ROOT PASSWORD 'pw' ROLES OWNER;"));
  CAF_CHECK(holds_secret("define user bob on root passhash '$argon2id$...';"));
  CAF_CHECK(holds_secret("DEFINE ACCESS a ON DATABASE TYPE JWT ALGORITHM HS512 KEY 'k';"));
  CAF_CHECK(holds_secret("\\let tok \"eyJhbGciOiJIUzUxMiJ9.e30.x\""));
  CAF_CHECK(!holds_secret("SELECT * FROM keys WHERE passwords_reset = 0;"));
}

CAF_TEST(live queries) {
  CAF_CHECK_EQUAL(as<cmd::live>(parsed("\\live person")).table, "person");
  as<cmd::live_stop>(parsed("\\live stop"));
  rejected("\\live");
  CAF_CHECK(rejected("\\nope").find("unknown command \\nope") == 0);
}
