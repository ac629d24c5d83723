// 5. Errors: ours and the server's, kept apart, and the process stays alive.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <iostream>

using namespace surrealcaf;

int main(int argc, char** argv) {
  const char* url = example_url(argc, argv);
  // A malformed URL is refused before anything is sent.
  try {
    blocking_connection::connect("http://nowhere");
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.code() == errc::invalid_url);
    std::cout << "bad url: " << e.what() << "\n";
  }
  // Failed calls and state changes also reach a log hook, here one line each
  // on stderr; no record holds a password or token (docs/observability.md).
  client_options opts;
  opts.logging.handler = [](const log_record& r) { std::cerr << to_string(r) << "\n"; };
  auto conn = blocking_connection::connect(url, opts);
  auto db = conn.default_session(); // the socket's own session
  // Bad credentials (no such user) are the server's error: its kind, code and
  // message.
  try {
    db.signin(root_credentials{"nobody", "wrong"});
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.code() == errc::server_error && e.server() != nullptr);
    EXAMPLE_CHECK(e.server()->kind == rpc::error_kind::not_allowed);
    std::cout << "signin: " << e.server()->message << " (code " << e.server()->code.value_or(0)
              << ")\n";
  }
  // Signed in as a user that exists, the session may touch data.
  db.signin(root_credentials{"root", "root"});
  // A failed statement is an entry in the results, not a failed call.
  db.use(example_namespace(), "errors");
  auto results = db.query("RETURN 1; THROW 'boom'; RETURN 3");
  EXAMPLE_CHECK(results.size() == 3 && results[0].ok() && !results[1].ok() && results[2].ok());
  std::cout << "statement 2 failed: " << results[1].error->message << "\n";
  // A syntax error fails the whole call.
  try {
    db.query("SELEC nothing");
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.server() != nullptr);
    std::cout << "syntax: " << e.server()->kind_text << "\n";
  }
  // What the connection counted: here 2 of the calls were answered with an error.
  auto counted = conn.counters();
  EXAMPLE_CHECK(counted.answered_with_error == 2 && counted.in_flight == 0);
  std::cout << "answered: " << counted.answered
            << ", with an error: " << counted.answered_with_error << "\n";
  // After close, calls fail locally with connection_closed.
  conn.close();
  try {
    db.ping();
    EXAMPLE_CHECK(false);
  } catch (const surreal_error& e) {
    EXAMPLE_CHECK(e.code() == errc::connection_closed);
    std::cout << "after close: " << e.what() << "\n";
  }
}
