// 4. Authentication per session: root in one, a record user in another.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto db = blocking_connection::connect(example_url(argc, argv));
  // The server's root user (`surreal start --user root --pass root`).
  auto admin = db.new_session();
  admin.signin(root_credentials{"root", "root"});
  const auto ns = example_namespace();
  admin.use(ns, "auth");
  admin.query("DEFINE ACCESS OVERWRITE member ON DATABASE TYPE RECORD "
              "SIGNUP (CREATE member SET name = $name, pass = crypto::argon2::generate($pass)) "
              "SIGNIN (SELECT * FROM member WHERE name = $name "
              "AND crypto::argon2::compare(pass, $pass)); "
              // A record user sees only what PERMISSIONS grant: its own row here.
              "DEFINE TABLE OVERWRITE member PERMISSIONS FOR select WHERE id = $auth.id; "
              "DEFINE TABLE OVERWRITE vault PERMISSIONS NONE; "
              "DELETE vault; CREATE vault:1 SET gold = 100");
  auto member = db.new_session();
  auto token = member.signup(
    record_credentials{ns, "auth", "member", {{"name", "ada"}, {"pass", "s3cret"}}});
  EXAMPLE_CHECK(token.is<std::string>());
  EXAMPLE_CHECK(member.info()["name"] == value{"ada"});
  // The server enforces each session's rights on the same socket.
  EXAMPLE_CHECK(admin.query_value("SELECT * FROM vault").get<value::array>().size() == 1);
  EXAMPLE_CHECK(member.query_value("SELECT * FROM vault").get<value::array>().empty());
  // The token signs in another session as the same user.
  auto again = db.new_session();
  again.authenticate(token.get<std::string>());
  EXAMPLE_CHECK(again.info()["name"] == value{"ada"});
  // Signed out, the session is anonymous again: the server refuses it data.
  member.invalidate();
  try {
    member.info();
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.server() != nullptr && e.server()->kind == rpc::error_kind::not_allowed);
  }
  std::cout << "root reads the vault, ada does not; ada's token works elsewhere\n";
  db.close();
}
