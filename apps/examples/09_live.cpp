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
  auto writer = db.new_session();
  db.use("examples", "live");
  writer.use("examples", "live");
  db.query("DEFINE TABLE IF NOT EXISTS reading SCHEMALESS; DELETE reading");
  auto stream = db.live(table{"reading"});
  writer.create(record_id{"reading", 1}, value{{"celsius", 21}});
  writer.merge(record_id{"reading", 1}, value{{"celsius", 22}});
  writer.delete_(record_id{"reading", 1});
  stream.kill();
  int seen = 0;
  while (auto x = stream.next(5s)) {
    std::cout << rpc::to_string(x->action) << " " << to_string(x->record) << "\n";
    ++seen;
  }
  // CREATE, UPDATE, DELETE, then KILLED.
  EXAMPLE_CHECK(seen == 4);
  EXAMPLE_CHECK(stream.ended());
  db.close();
}
