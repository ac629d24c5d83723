// What connections cost in threads, against the real engine: the faces'
// connections share one runtime and every WebSocket transport one I/O
// thread, so the count does not grow with the number of connections
// (client_options.hpp, transport.hpp).
#define CAF_SUITE threads

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "transport_probe.hpp"
#include "wait_until.hpp"

#include <dirent.h>

#include <memory>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::test;

namespace {

// The entries of /proc/self/task: one per thread of this process.
int thread_count() {
  int n = 0;
  if (auto* dir = opendir("/proc/self/task")) {
    while (auto* entry = readdir(dir))
      if (entry->d_name[0] != '.')
        ++n;
    closedir(dir);
  }
  return n;
}

} // namespace

CAF_TEST(a hundred connections add at most eight threads) {
  auto before = thread_count();
  {
    std::vector<blocking_connection> conns;
    for (int i = 0; i < 100; ++i)
      conns.push_back(blocking_connection::connect(engine_url()));
    for (auto& conn : conns)
      conn.default_session().ping();
    auto added = thread_count() - before;
    CAF_MESSAGE("100 connections added " << added << " threads");
    CAF_CHECK_LESS_OR_EQUAL(added, 8);
  }
  // The last handle took the shared runtime and the I/O thread with it.
  CAF_CHECK(wait_until([&] { return thread_count() <= before; }));
}

CAF_TEST(a private runtime adds its own workers and nothing else) {
  std::vector<blocking_connection> conns;
  for (int i = 0; i < 10; ++i)
    conns.push_back(blocking_connection::connect(engine_url()));
  auto before = thread_count();
  client_options opts;
  opts.private_runtime = true;
  opts.worker_threads = 1;
  auto own = blocking_connection::connect(engine_url(), opts);
  own.default_session().ping();
  // One worker and CAF's own threads; the socket runs on the shared I/O
  // thread.
  auto added = thread_count() - before;
  CAF_MESSAGE("a private runtime added " << added << " threads");
  CAF_CHECK_LESS_OR_EQUAL(added, 3);
}

CAF_TEST(websocket transports share one I/O thread) {
  transport_probe probe;
  auto before = thread_count();
  std::vector<std::unique_ptr<transport>> sockets;
  for (int i = 0; i < 20; ++i)
    sockets.push_back(probe.connect(engine_endpoint()));
  for (int i = 0; i < 20; ++i)
    probe.expect_open();
  // The I/O thread and Asio's DNS thread.
  CAF_CHECK_LESS_OR_EQUAL(thread_count() - before, 2);
  sockets.clear();
  // The last transport stops and joins both; under load the count may take
  // a moment to settle.
  CAF_CHECK(test::wait_until([&] { return thread_count() <= before; }, std::chrono::seconds{5}));
}
