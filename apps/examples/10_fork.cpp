// 10. fork_session: a new session that starts with this one's namespace,
// database, variables and authentication, then goes its own way.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto conn = blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  db.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "fork");
  db.let("tenant", "acme");
  auto worker = db.fork_session();
  auto where = worker.query_value("RETURN [session::ns(), session::db(), $tenant]");
  std::cout << "fork sees " << to_string(where) << "\n";
  EXAMPLE_CHECK(where == value{value::array{example_namespace(), "fork", "acme"}});
  worker.let("tenant", "globex");
  EXAMPLE_CHECK(db.query_value("RETURN $tenant") == value{"acme"});
  conn.close();
}
