// 11. Reconnect: when the socket is lost, the connection opens a new one and
// resumes every session on it: sign-in, namespace, database, variables and
// live queries. CTest runs this example behind a proxy that cuts the first
// socket 1.5 s after it opened (tests/server/with-fault-proxy.mjs
// --drop-after 1500); docs/reliability.md tells the whole story.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <chrono>
#include <iostream>

using namespace surrealcaf;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  client_options opts;
  // Reconnect is on by default; short waits between attempts suit an example.
  opts.reconnect.initial_delay = 50ms;
  opts.reconnect.max_delay = 500ms;
  auto conn = blocking_connection::connect(example_url(argc, argv), opts);
  auto db = conn.new_session();
  db.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "reconnect");
  db.let("owner", "ada");
  db.query("DEFINE TABLE IF NOT EXISTS note SCHEMALESS");
  auto stream = db.live(table{"note"});
  // The connection's state changes, pulled on this thread.
  auto events = conn.events();
  std::cout << "state: " << to_string(events.state()) << "\n";
  // Wait, at most 10 s, for the socket to be lost and the sessions resumed.
  auto until = std::chrono::steady_clock::now() + 10s;
  bool lost = false;
  bool retried = false;
  bool resumed = false;
  while (!resumed && !events.ended() && std::chrono::steady_clock::now() < until) {
    auto e = events.next(500ms);
    if (!e)
      continue;
    std::cout << "state: " << to_string(e->state);
    switch (e->state) {
      case connection_state::disconnected:
        lost = true;
        std::cout << " (" << e->reason << ")";
        break;
      case connection_state::reconnecting:
        retried = true;
        std::cout << ", attempt " << e->attempt << " in " << e->delay.count() << " ms";
        break;
      case connection_state::resumed:
        resumed = true;
        std::cout << ", " << e->sessions << " sessions";
        EXAMPLE_CHECK(e->signin_required.empty());
        break;
      default:
        break;
    }
    std::cout << "\n";
  }
  EXAMPLE_CHECK(lost && retried && resumed);
  // The session is where it was: same namespace, database and variable, still
  // signed in (the query would fail otherwise).
  auto where = db.query_value("RETURN [session::ns(), session::db(), $owner]");
  std::cout << "session: " << to_string(where) << "\n";
  EXAMPLE_CHECK(where == value{value::array{example_namespace(), "reconnect", "ada"}});
  // The live query was registered again. Its stream says so first, under the
  // id it always had; changes made during the gap would be missing.
  db.create(record_id{"note", 1}, value{{"text", "written after the reconnect"}});
  auto first = stream.next(5s);
  EXAMPLE_CHECK(first && first->action == rpc::live_action::resumed);
  EXAMPLE_CHECK(first->live_id == stream.id() && first->record.is_none());
  std::cout << "live: " << rpc::to_string(first->action) << "\n";
  auto second = stream.next(5s);
  EXAMPLE_CHECK(second && second->action == rpc::live_action::create);
  std::cout << "live: " << rpc::to_string(second->action) << " " << to_string(second->record)
            << "\n";
  conn.close();
  auto last = events.next(5s);
  EXAMPLE_CHECK(last && last->state == connection_state::closed);
  std::cout << "state: " << to_string(last->state) << "\n";
}
