#pragma once

// A blocking face over a mock connection on a real actor system, for the
// faces' unit tests (the faces block threads, so no deterministic scheduler).

#include <chrono>
#include <memory>
#include <thread>

#include "caf/actor_system.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

#include "surrealcaf/blocking.hpp"
#include "surrealcaf/faces_from_actor.hpp"

#include "faces_mocks.hpp"

namespace surrealcaf::test {

/// Waits up to 5 s for `pred`; for what actors do after a reply was sent.
template <class Pred>
bool eventually(Pred pred) {
  for (int i = 0; i < 500 && !pred(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return pred();
}

/// A mock connection logging into `log`, and `db` wrapping it.
struct faces_fixture {
  test_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<mock_log> log = std::make_shared<mock_log>();
  connection_actor mock = sys.spawn(mock_connection, log);
  blocking_connection db;

  explicit faces_fixture(client_options opts = {})
    : db(make_blocking_connection(sys, mock, opts)) {
  }

  ~faces_fixture() {
    db = blocking_connection{};
    caf::anon_send_exit(mock, caf::exit_reason::user_shutdown);
  }

  /// What the default session (the one `db` calls) saw.
  std::shared_ptr<session_log> dflt() {
    return log->session(0);
  }
};

} // namespace surrealcaf::test
