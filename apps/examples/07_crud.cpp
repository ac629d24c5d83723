// 7. CRUD without writing SurrealQL, and typed results: a struct goes in
// and comes back out through nlohmann (surrealcaf/typed.hpp).
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/typed.hpp"

#include "check.hpp"

#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

using namespace surrealcaf;

struct product {
  record_id id;
  std::string name;
  decimal price;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(product, id, name, price)

int main(int argc, char** argv) {
  auto conn = blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  db.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "crud");
  db.query("DEFINE TABLE IF NOT EXISTS product SCHEMALESS");
  db.delete_(table{"product"});
  // Untyped: values in, values out.
  db.create(record_id{"product", "pen"}, value{{"name", "Pen"}, {"price", decimal{"1.5"}}});
  db.merge(record_id{"product", "pen"}, value{{"price", decimal{"1.25"}}});
  db.insert(table{"product"}, value::array{value{{"id", record_id{"product", "ink"}},
                                                 {"name", "Ink"},
                                                 {"price", decimal{"4"}}}});
  // Typed: a struct in, a struct out.
  auto cup = create_as<product>(db, record_id{"product", "cup"},
                                product{record_id{"product", "cup"}, "Cup", decimal{"7.5"}});
  EXAMPLE_CHECK(cup.name == "Cup");
  auto all = select_as<product>(db, table{"product"});
  for (auto& p : all)
    std::cout << p.name << ": " << p.price.text << "\n";
  EXAMPLE_CHECK(all.size() == 3);
  auto pen = db.select(record_id{"product", "pen"});
  EXAMPLE_CHECK(pen["price"] == value{decimal{"1.25"}});
  // delete_: `delete` is a C++ keyword. It returns the record as it was.
  auto gone = db.delete_(record_id{"product", "ink"});
  EXAMPLE_CHECK(gone["name"] == value{"Ink"});
  EXAMPLE_CHECK(db.run("count", {}, {db.select(table{"product"})}) == value{2});
  conn.close();
}
