// The consumer test's application: built outside surrealcaf's tree against
// the installed package. It checks that the library it linked is the one
// whose headers it compiled with, then connects to SURREALCAF_URL with the
// blocking face, signs in as root/root, works in a namespace of its own and
// checks one query's answer. Exits non-zero on any failure.
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/version.hpp"

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>

#include <unistd.h>

namespace {

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "consumer: " << what << "\n";
  std::exit(1);
}

// consumer_<pid>_<ms>: a namespace no earlier run used, so the program runs
// against any server, again and again.
std::string run_namespace() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  return "consumer_" + std::to_string(::getpid()) + "_" + std::to_string(ms);
}

} // namespace

int main() {
  using namespace surrealcaf;
  auto linked = version();
  std::cout << "surrealcaf " << linked.text << " (headers " << SURREALCAF_VERSION_STRING << ")\n";
  if (linked != header_version)
    fail("the library is not the version of the headers");
  const char* url = std::getenv("SURREALCAF_URL");
  if (url == nullptr)
    fail("SURREALCAF_URL is not set");
  try {
    auto conn = blocking_connection::connect(url);
    auto db = conn.default_session();
    db.signin(root_credentials{"root", "root"});
    db.use(run_namespace(), "consumer");
    auto results = db.query("CREATE item:one SET n = $n; SELECT VALUE n FROM item",
                            {{"n", 41}});
    if (results.size() != 2 || !results[0].ok() || !results[1].ok())
      fail("the query failed");
    if (results[1].result != value{value::array{41}})
      fail("unexpected answer: " + to_string(results[1].result));
    if (db.query_value("RETURN $a + 1", {{"a", 41}}) != value{42})
      fail("RETURN $a + 1 is not 42");
    conn.close();
  } catch (const std::exception& e) {
    fail(std::string{"error: "} + e.what());
  }
  std::cout << "consumer: ok\n";
}
