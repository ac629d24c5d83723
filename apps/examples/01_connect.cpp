// 1. Connect, ask the server who it is, close.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

int main(int argc, char** argv) {
  auto conn = surrealcaf::blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  auto version = db.version();
  std::cout << "connected to " << version << "\n";
  EXAMPLE_CHECK(version.rfind("surrealdb-", 0) == 0);
  db.ping();
  conn.close();
}
