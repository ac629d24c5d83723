// 8. Interactive transactions: writes stay private until commit, and a
// transaction that leaves scope uncommitted is cancelled.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  auto conn = blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  db.signin(root_credentials{"root", "root"});
  auto other = conn.new_session();
  other.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "transactions");
  other.use(example_namespace(), "transactions");
  db.query("DELETE account; CREATE account:a SET balance = 100; CREATE account:b SET balance = 0");
  auto balance = [&](const char* id) {
    return value{other.select(record_id{"account", id})["balance"]};
  };
  {
    auto t = db.begin_transaction();
    t.merge(record_id{"account", "a"}, value{{"balance", 60}});
    t.merge(record_id{"account", "b"}, value{{"balance", 40}});
    // Not visible to the other session yet.
    EXAMPLE_CHECK(balance("b") == value{0});
    t.commit();
  }
  EXAMPLE_CHECK(balance("a") == value{60} && balance("b") == value{40});
  {
    auto t = db.begin_transaction();
    t.merge(record_id{"account", "a"}, value{{"balance", 0}});
    // No commit: leaving the scope cancels the transaction.
  }
  db.ping(); // the cancel went out before this call
  EXAMPLE_CHECK(balance("a") == value{60});
  std::cout << "a = " << to_string(balance("a")) << ", b = " << to_string(balance("b")) << "\n";
  conn.close();
}
