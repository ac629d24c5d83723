// 9. Live queries on the blocking face: a live_stream is pulled with
// next(timeout); kill() ends it with a final KILLED notification.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <chrono>
#include <iostream>

using namespace surrealcaf;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  auto db = blocking_connection::connect(example_url(argc, argv));
  db.use("examples", "live");
  db.query("DEFINE TABLE IF NOT EXISTS reading SCHEMALESS; DELETE reading");
  // The writer is a second session on the same socket; a fork starts with
  // this one's namespace and database (see 10_fork.cpp).
  auto writer = db.fork_session();
  auto stream = db.live(table{"reading"});
  writer.create(record_id{"reading", 1}, value{{"celsius", 21}});
  writer.merge(record_id{"reading", 1}, value{{"celsius", 22}});
  writer.delete_(record_id{"reading", 1});
  // Notifications travel apart from the replies: wait for all three before
  // ending the stream, or kill() could overtake them.
  const rpc::live_action expected[] = {rpc::live_action::create, rpc::live_action::update,
                                       rpc::live_action::delete_};
  for (auto action : expected) {
    auto x = stream.next(5s);
    EXAMPLE_CHECK(x && x->action == action);
    std::cout << rpc::to_string(x->action) << " " << to_string(x->record) << "\n";
  }
  // kill() ends the stream with exactly one KILLED, then nothing.
  stream.kill();
  auto end = stream.next(5s);
  EXAMPLE_CHECK(end && end->action == rpc::live_action::killed);
  EXAMPLE_CHECK(stream.ended());
  EXAMPLE_CHECK(!stream.next(100ms));
  db.close();
}
