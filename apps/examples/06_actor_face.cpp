// 6. The actor face: your own actor talks to a session with typed messages,
// never blocking a thread. This is what message-driven applications use.
#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/all.hpp"

#include "check.hpp"

#include <atomic>
#include <chrono>
#include <iostream>

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

std::atomic<int> exit_code{1};

// Opens a session, signs in, selects a database, writes and reads, then
// closes the connection. Each step is a request whose reply continues the
// chain.
void stock_keeper(caf::event_based_actor* self, connection_actor conn) {
  auto fail = [self, conn](const caf::error& err) {
    std::cerr << "failed: " << describe(err) << "\n";
    self->send(conn, close_atom::value);
    self->quit();
  };
  // The last steps: write and read in the selected database, then close.
  auto stock_up = [=](session_actor s) {
    self->request(s, 10s, query_atom::value,
                  std::string{"DELETE stock; CREATE stock:apples SET n = $n; "
                              "RETURN math::sum(SELECT VALUE n FROM stock)"},
                  value::object{{"n", 12}})
      .then([=](query_results& results) {
        std::cout << "apples in stock: " << to_string(results.back().result) << "\n";
        if (results.size() == 3 && results.back().result == value{12})
          exit_code = 0;
        self->request(conn, 10s, close_atom::value).then([self](bool) { self->quit(); }, fail);
      }, fail);
  };
  self->request(conn, 10s, session_atom::value).then([=](session_actor s) {
    // Servers refuse anonymous data access: sign in before the first query.
    self->request(s, 10s, signin_atom::value, credentials{root_credentials{"root", "root"}})
      .then([=](const value&) {
        self->request(s, 10s, use_atom::value, value{example_namespace()}, value{"actors"})
          .then([=](const value&) { stock_up(s); }, fail);
      }, fail);
  }, fail);
}

} // namespace

int main(int argc, char** argv) {
  caf::actor_system_config cfg;
  register_types(cfg);
  caf::actor_system sys{cfg};
  auto conn = connect(sys, example_url(argc, argv));
  EXAMPLE_CHECK(conn);
  sys.spawn(stock_keeper, *conn);
  sys.await_all_actors_done();
  return exit_code;
}
