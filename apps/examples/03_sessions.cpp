// 3. Sessions: isolated namespace, database and variables over one socket.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto db = blocking_connection::connect(example_url(argc, argv));
  auto red = db.new_session();
  auto blue = db.new_session();
  // A new session inherits nothing: it signs in on its own, and has no
  // namespace, database or variables.
  red.signin(root_credentials{"root", "root"});
  blue.signin(root_credentials{"root", "root"});
  EXAMPLE_CHECK(red.query_value("RETURN session::ns()").is_none());
  red.use(example_namespace(), "red");
  blue.use(example_namespace(), "blue");
  red.let("colour", "red");
  blue.let("colour", "blue");
  EXAMPLE_CHECK(red.query_value("RETURN [session::db(), $colour]")
                == (value::array{"red", "red"}));
  EXAMPLE_CHECK(blue.query_value("RETURN [session::db(), $colour]")
                == (value::array{"blue", "blue"}));
  // Closing one session leaves the others running.
  red.close_session();
  EXAMPLE_CHECK(blue.query_value("RETURN $colour") == value{"blue"});
  std::cout << "red closed; blue still says " << to_string(blue.query_value("RETURN $colour"))
            << "\n";
  db.close();
}
