// surrealcaf demo: several isolated sessions over one WebSocket.
//
// Usage: surrealcaf_demo [ws://host:port/rpc]
// Without an argument it uses $SURREALCAF_URL, which scripts/demo sets to the
// embedded engine it starts. Against a real server, set SURREALCAF_USER and
// SURREALCAF_PASS to a root user (default root/root).
//
// The walk-through: connect; two sessions reading different databases over
// the same socket; a root session and a record-user session, each enforced by
// the server; closing one session while the other keeps working; closing the
// connection closes the rest.
#include "surrealcaf/blocking.hpp"

#include <cstdlib>
#include <iostream>
#include <string>

using namespace surrealcaf;

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* x = std::getenv(name);
  return x != nullptr ? x : fallback;
}

void step(const std::string& title) {
  std::cout << "\n== " << title << "\n";
}

// The last statement's result (query_value) as SurrealQL text; every query
// given here has one statement.
std::string last_result(blocking_session& s, const std::string& sql) {
  return to_string(s.query_value(sql));
}

} // namespace

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : std::getenv("SURREALCAF_URL");
  if (url == nullptr) {
    std::cerr << "usage: surrealcaf_demo ws://host:port/rpc (or set SURREALCAF_URL)\n";
    return 2;
  }
  root_credentials root{env_or("SURREALCAF_USER", "root"), env_or("SURREALCAF_PASS", "root")};
  try {
    step("connect");
    auto db = blocking_connection::connect(url);
    std::cout << "server version: " << db.default_session().version() << "\n";
    // The server refuses anonymous data access (`surreal start` with
    // authentication, or the test front that scripts/demo starts): every
    // session signs in as the server's root user before it touches data.

    step("two sessions, two databases, one socket");
    auto shop = db.new_session();
    auto stock = db.new_session();
    shop.signin(root);
    stock.signin(root);
    std::cout << "a new session starts empty: namespace "
              << last_result(shop, "RETURN session::ns()") << "\n";
    shop.use("demo", "shop");
    stock.use("demo", "warehouse");
    shop.query("DELETE product; CREATE product:widget SET price = 9.5dec");
    stock.query("DELETE product; CREATE product:widget SET units = 120");
    std::cout << "shop  sees " << last_result(shop, "SELECT * FROM product") << " in "
              << last_result(shop, "RETURN session::db()") << "\n";
    std::cout << "stock sees " << last_result(stock, "SELECT * FROM product") << " in "
              << last_result(stock, "RETURN session::db()") << "\n";

    step("root in one session, a record user in the next");
    shop.query("DEFINE ACCESS OVERWRITE account ON DATABASE TYPE RECORD "
               "SIGNUP (CREATE customer SET email = $email, pass = crypto::argon2::generate($pass)) "
               "SIGNIN (SELECT * FROM customer WHERE email = $email "
               "AND crypto::argon2::compare(pass, $pass)); "
               "DEFINE TABLE OVERWRITE customer PERMISSIONS FOR select WHERE id = $auth.id; "
               "DEFINE TABLE OVERWRITE ledger SCHEMALESS PERMISSIONS NONE; "
               "DELETE customer; DELETE ledger; CREATE ledger:1 SET total = 1000");
    auto customer = db.new_session();
    customer.signup(record_credentials{
      "demo", "shop", "account", {{"email", "ada@example.com"}, {"pass", "correct horse"}}});
    std::cout << "customer is " << to_string(customer.info()["email"]) << "\n";
    std::cout << "root     reads ledger: " << last_result(shop, "SELECT * FROM ledger") << "\n";
    std::cout << "customer reads ledger: " << last_result(customer, "SELECT * FROM ledger")
              << " (PERMISSIONS NONE hides every row)\n";
    try {
      customer.query_value("REMOVE TABLE ledger");
      std::cout << "unexpected: the customer removed a table\n";
      return 1;
    } catch (const surreal_error& e) {
      std::cout << "customer may not remove it: " << e.what() << "\n";
    }

    step("closing one session leaves the others running");
    stock.close_session();
    std::cout << "shop still answers: " << last_result(shop, "RETURN count(SELECT * FROM product)")
              << " product(s)\n";
    try {
      stock.ping();
    } catch (const surreal_error& e) {
      std::cout << "the closed session refuses locally: " << to_string(e.code()) << "\n";
    }

    step("closing the connection closes every session");
    db.close();
    for (auto* s : {&shop, &customer}) {
      try {
        s->ping();
        std::cout << "unexpected: a session outlived its connection\n";
        return 1;
      } catch (const surreal_error& e) {
        std::cout << "session call after close: " << to_string(e.code()) << "\n";
      }
    }
  } catch (const surreal_error& e) {
    std::cerr << "demo failed: " << e.what() << "\n";
    return 1;
  }
  std::cout << "\ndemo done\n";
  return 0;
}
