// 2. Queries with bound variables; every statement has its own result.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto conn = blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  // Servers refuse anonymous data access: sign in first (the test server's
  // root user, as with `surreal start --user root --pass root`).
  db.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "query");
  // Values go in as variables, never spliced into the text.
  auto results = db.query("DELETE person; CREATE person:tobie CONTENT $p; SELECT * FROM person",
                          {{"p", value{{"name", "Tobie"}, {"born", datetime{-14182940, 0}}}}});
  EXAMPLE_CHECK(results.size() == 3);
  for (auto& r : results)
    std::cout << (r.ok() ? "OK  " : "ERR ") << r.time << "  " << to_string(r.result) << "\n";
  auto people = results[2].result.get<value::array>();
  EXAMPLE_CHECK(people.size() == 1);
  // Typed values stay typed: the id is a record id, the date a datetime.
  EXAMPLE_CHECK(people[0]["id"] == value{record_id{"person", "tobie"}});
  EXAMPLE_CHECK(people[0]["born"].is<datetime>());
  // query_value: the last statement's result (the script's value), or the
  // first failed statement's error as an exception.
  EXAMPLE_CHECK(db.query_value("LET $sum = $a + $b; RETURN $sum", {{"a", 40}, {"b", 2}})
                == value{42});
  conn.close();
}
