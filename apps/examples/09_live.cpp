// 9. Live queries on the blocking face: a live_stream is pulled with
// next(timeout); kill() ends it with a final KILLED notification.
#include "surrealcaf/blocking.hpp"

#include "check.hpp"

#include <chrono>
#include <iostream>

using namespace surrealcaf;
using namespace std::chrono_literals;

int main(int argc, char** argv) {
  auto conn = blocking_connection::connect(example_url(argc, argv));
  auto db = conn.default_session(); // the socket's own session
  db.signin(root_credentials{"root", "root"});
  db.use(example_namespace(), "live");
  db.query("DEFINE TABLE IF NOT EXISTS reading SCHEMALESS; DELETE reading");
  // The writer is a second session on the same socket; a fork starts with
  // this one's sign-in, namespace and database (see 10_fork.cpp).
  auto writer = db.fork_session();
  auto stream = db.live(table{"reading"});
  // Notifications travel apart from the replies, and the engine may deliver
  // those of back-to-back writes out of order: wait for each before the next
  // write (and before kill(), which could overtake them).
  auto expect = [&](rpc::live_action action) {
    auto x = stream.next(5s);
    EXAMPLE_CHECK(x && x->action == action);
    std::cout << rpc::to_string(x->action) << " " << to_string(x->record) << "\n";
  };
  writer.create(record_id{"reading", 1}, value{{"celsius", 21}});
  expect(rpc::live_action::create);
  writer.merge(record_id{"reading", 1}, value{{"celsius", 22}});
  expect(rpc::live_action::update);
  writer.delete_(record_id{"reading", 1});
  expect(rpc::live_action::delete_);
  // kill() ends the stream with exactly one KILLED, then nothing.
  stream.kill();
  auto end = stream.next(5s);
  EXAMPLE_CHECK(end && end->action == rpc::live_action::killed);
  EXAMPLE_CHECK(stream.ended());
  EXAMPLE_CHECK(!stream.next(100ms));
  conn.close();
}
