#pragma once

// A blocking face over a mock connection on a real actor system, for the
// faces' unit tests (the faces block threads, so no deterministic scheduler).

#include <memory>

#include "caf/actor_system.hpp"
#include "caf/exit_reason.hpp"
#include "caf/send.hpp"

#include "surrealcaf/blocking.hpp"
#include "surrealcaf/faces_from_actor.hpp"

#include "faces_mocks.hpp"

namespace surrealcaf::test {

/// A mock connection logging into `log`, `conn` wrapping it and `db`, its
/// default session.
struct faces_fixture {
  test_config cfg;
  caf::actor_system sys{cfg};
  std::shared_ptr<mock_log> log = std::make_shared<mock_log>();
  connection_actor mock = sys.spawn(mock_connection, log);
  blocking_connection conn;
  blocking_session db;

  explicit faces_fixture(client_options opts = {})
    : conn(make_blocking_connection(sys, mock, opts)), db(conn.default_session()) {
  }

  ~faces_fixture() {
    db = blocking_session{};
    conn = blocking_connection{};
    caf::anon_send_exit(mock, caf::exit_reason::user_shutdown);
  }

  /// What the default session (the one `db` calls) saw.
  std::shared_ptr<session_log> dflt() {
    return log->session(0);
  }
};

} // namespace surrealcaf::test
