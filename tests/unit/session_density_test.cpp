// What a session costs: 10,000 sessions opened on one connection the way
// users open them (`new_session()` on the async face of a connection made by
// `connect`, each attached on the server), and the heap in use per session
// and the time to open them. A real connection actor and real session actors
// on the faces' private runtime; only the socket is replaced by a transport
// that answers every request (the attaches too) with NONE at once.
//
// The figures are printed (run `build/tests/unit/surrealcaf_unit_tests -s
// session_density -v 4`, or `ctest -R session_density -V`); only a generous
// structural bound is asserted, never a time.
#define CAF_SUITE session_density

#include "caf/actor_storage.hpp"
#include "caf/actor_system.hpp"
#include "caf/send.hpp"
#include "caf/test/unit_test.hpp"

#include <malloc.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "surrealcaf/async.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/lifeline.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/detail/session_registry.hpp"
#include "surrealcaf/mock_transport.hpp"

// The session actor's state, for its size only (private to actors/src).
#include "../../actors/src/session_actor_parts.hpp"

using namespace surrealcaf;
using namespace std::chrono_literals;

namespace {

constexpr size_t sessions = 10'000;

// The server: answers every request with NONE at once.
class answering_transport : public transport {
public:
  explicit answering_transport(caf::actor owner) : owner_(std::move(owner)) {
    caf::anon_send(owner_, open_atom::value, std::string{"cbor"});
  }

  void send(std::vector<uint8_t> frame) override {
    if (auto req = testing::read_request(frame))
      caf::anon_send(owner_, frame_atom::value,
                     testing::result_frame(req->id, none, req->session));
  }

  void close() override {
    caf::anon_send(owner_, closed_atom::value, caf::error{});
  }

private:
  caf::actor owner_;
};

detail::connector answering_connector() {
  return [](caf::actor_system& sys, const std::string&,
            const client_options& opts) -> caf::expected<connection_actor> {
    return spawn_connection(sys,
                            [](caf::actor owner) -> std::unique_ptr<transport> {
                              return std::make_unique<answering_transport>(owner);
                            },
                            opts);
  };
}

size_t heap_in_use() {
  malloc_trim(0);
  return mallinfo2().uordblks;
}

// Opens `n` sessions, at most `batch` in flight at a time, into `out`.
void open_sessions(async_connection& conn, size_t n, std::vector<async_session>& out) {
  constexpr size_t batch = 500;
  std::vector<surrealcaf::future<async_session>> pending;
  pending.reserve(batch);
  for (size_t opened = 0; opened < n; opened += pending.size()) {
    pending.clear();
    for (size_t i = 0; i < batch && opened + i < n; ++i)
      pending.push_back(conn.new_session());
    for (auto& f : pending)
      out.push_back(f.get());
  }
}

using session_actor_type =
  caf::stateful_actor<detail::session_parts::session_actor_state,
                      detail::session_internal::base>;

} // namespace

CAF_TEST(ten thousand sessions on one socket) {
  client_options opts;
  opts.ping_interval = 0ms;
  opts.request_timeout = 30s;
  auto conn = detail::connect_async("ws://mock", opts, answering_connector()).get();
  std::vector<async_session> open;
  open.reserve(sessions + 100);
  // Warm-up: the first sessions allocate what stays (CAF's per-thread
  // caches, the tables' first nodes); only what grows after them counts.
  open_sessions(conn, 100, open);
  auto before = heap_in_use();
  auto start = std::chrono::steady_clock::now();
  open_sessions(conn, sessions, open);
  auto elapsed = std::chrono::steady_clock::now() - start;
  auto after = heap_in_use();
  auto per_session = (static_cast<double>(after) - static_cast<double>(before)) / sessions;
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count();
  CAF_MESSAGE("opened " << sessions << " sessions on one connection in " << ms << " ms; heap in "
                        << "use per session: " << static_cast<int64_t>(per_session)
                        << " bytes");
  // What one session is made of, by size (the heap adds a chunk header and
  // rounds each allocation up to 16 bytes).
  CAF_MESSAGE("  session actor (control block + actor + state, one allocation): "
              << sizeof(caf::actor_storage<session_actor_type>) << " bytes, of "
              << "which the state " << sizeof(detail::session_parts::session_actor_state)
              << " (session_state " << sizeof(detail::session_state)
              << "); the live queries' part, made by the first live call: "
              << sizeof(detail::session_parts::live_queries));
  CAF_MESSAGE("  faces: session_core " << sizeof(detail::session_core) << " + lifeline "
                                       << sizeof(detail::lifeline)
                                       << " (each with a shared_ptr control block), handle "
                                       << sizeof(async_session));
  CAF_MESSAGE("  connection: registry entry (uuid + handle) "
              << sizeof(std::pair<const uuid, detail::session_internal>)
              << " + node and bucket overhead");
  CAF_CHECK_LESS(per_session, 4096.0);
  open.clear();
  conn.close().get();
}
