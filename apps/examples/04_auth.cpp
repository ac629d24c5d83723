// 4. Authentication per session: root in one, a record user in another.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto db = blocking_connection::connect(example_url(argc, argv));
  // The embedded test engine has no users yet (a real server has its own).
  db.query("DEFINE USER IF NOT EXISTS root ON ROOT PASSWORD 'root' ROLES OWNER");
  auto admin = db.new_session();
  admin.signin(root_credentials{"root", "root"});
  admin.use("examples", "auth");
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
    record_credentials{"examples", "auth", "member", {{"name", "ada"}, {"pass", "s3cret"}}});
  EXAMPLE_CHECK(token.is<std::string>());
  EXAMPLE_CHECK(member.info()["name"] == value{"ada"});
  // The server enforces each session's rights on the same socket.
  EXAMPLE_CHECK(admin.query_value("SELECT * FROM vault").get<value::array>().size() == 1);
  EXAMPLE_CHECK(member.query_value("SELECT * FROM vault").get<value::array>().empty());
  // The token signs in another session as the same user.
  auto again = db.new_session();
  again.authenticate(token.get<std::string>());
  EXAMPLE_CHECK(again.info()["name"] == value{"ada"});
  member.invalidate();
  EXAMPLE_CHECK(member.info().is_none());
  std::cout << "root reads the vault, ada does not; ada's token works elsewhere\n";
  db.close();
}
