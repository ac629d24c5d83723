// Abandoned calls hold no memory: 50,000 calls to a server that never
// answers, each abandoned at a 500 ms timeout, leave the process using no
// more memory than 50,000 calls that were answered. A real connection actor
// on a real actor system, through the async face; only the socket is
// replaced (a transport that swallows every frame, or answers it at once).
#define CAF_SUITE abandoned_calls

#include "caf/actor_system.hpp"
#include "caf/send.hpp"
#include "caf/test/unit_test.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "surrealcaf/async.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/faces_from_actor.hpp"
#include "surrealcaf/mock_transport.hpp"

#include "faces_mocks.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

constexpr size_t calls = 50'000;
constexpr auto timeout = 500ms;

// The server: answers every request with NONE at once, or never.
class scripted_transport : public transport {
public:
  scripted_transport(caf::actor owner, bool answers)
    : owner_(std::move(owner)), answers_(answers) {
    caf::anon_send(owner_, open_atom::value, std::string{"cbor"});
  }

  void send(std::vector<uint8_t> frame) override {
    if (!answers_)
      return;
    auto req = testing::read_request(frame);
    if (req)
      caf::anon_send(owner_, frame_atom::value, testing::result_frame(req->id, none, req->session));
  }

  void close() override {
    caf::anon_send(owner_, closed_atom::value, caf::error{});
  }

private:
  caf::actor owner_;
  bool answers_;
};

size_t heap_in_use() {
  malloc_trim(0);
  return mallinfo2().uordblks;
}

// Heap in use after `calls` pings on a connection whose server answers or
// not, minus the heap in use before; every call has ended (and every timer
// of the faces fired) by the time it measures.
int64_t heap_growth(bool answers) {
  test::test_config cfg;
  caf::actor_system sys{cfg};
  client_options co;
  co.ping_interval = 0ms;
  co.request_timeout = timeout;
  auto conn = spawn_connection(sys,
                               [answers](caf::actor owner) -> std::unique_ptr<transport> {
                                 return std::make_unique<scripted_transport>(owner, answers);
                               },
                               co);
  client_options opts;
  opts.request_timeout = timeout;
  auto faces = make_async_connection(sys, conn, opts);
  auto db = faces.default_session();
  // Warm-up: the first calls allocate what stays (CAF's per-thread caches,
  // the tables' first nodes); only what grows after them counts.
  {
    std::vector<surrealcaf::future<std::string>> warm;
    for (int i = 0; i < 100; ++i)
      warm.push_back(db.version());
    for (auto& f : warm)
      f.wait();
  }
  auto before = heap_in_use();
  // Answered calls go in batches, so none waits in a queue past its
  // deadline; abandoned ones all at once.
  auto batch = answers ? size_t{500} : calls;
  size_t failed = 0;
  for (size_t sent = 0; sent < calls; sent += batch) {
    std::vector<surrealcaf::future<void>> pending;
    pending.reserve(batch);
    for (size_t i = 0; i < batch; ++i)
      pending.push_back(db.ping());
    for (auto& f : pending) {
      try {
        f.get();
      } catch (const surreal_error& err) {
        CAF_CHECK_EQUAL(err.code(), errc::timeout);
        ++failed;
      }
    }
  }
  CAF_CHECK_EQUAL(failed, answers ? 0u : calls);
  // The faces' own backstop timers fire a margin after the deadline; CAF
  // frees their entries then.
  std::this_thread::sleep_for(timeout + 1500ms);
  auto after = heap_in_use();
  faces.close().get();
  return static_cast<int64_t>(after) - static_cast<int64_t>(before);
}

} // namespace

CAF_TEST(abandoned calls leave no more memory in use than answered ones) {
  auto answered = heap_growth(true);
  auto abandoned = heap_growth(false);
  CAF_MESSAGE("heap growth after " << calls << " calls: answered " << answered
                                   << " bytes, abandoned at " << timeout.count() << " ms "
                                   << abandoned << " bytes, difference "
                                   << (abandoned - answered) << " bytes");
  CAF_CHECK_LESS(abandoned - answered, int64_t{1} << 20);
}
