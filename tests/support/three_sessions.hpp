#pragma once

// Three sessions on one connection, each with a state of its own for a
// reconnect to replay: the default session and an attached one signed in as
// root, an attached one as a database user the test defines; each in its own
// database, each with its own `$var`.

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "fresh_database.hpp"
#include "root_user.hpp"

#include <string>
#include <vector>

namespace surrealcaf::test {

struct three_sessions {
  /// What a session says of itself: namespace, database, `$var`, user.
  static constexpr const char* whoami =
    "RETURN [session::ns(), session::db(), $var, $token.ID]";

  std::string ns = run_name("resume");
  std::vector<std::string> dbs{fresh_database(), fresh_database(), fresh_database()};
  /// [0] the default session (signed in as root by the caller), [1] root,
  /// [2] the database user `dbu` of dbs[2].
  std::vector<blocking_session> sessions;

  explicit three_sessions(blocking_connection& conn) {
    try {
      auto main = conn.default_session();
      main.use(ns, dbs[2]);
      main.query_value("DEFINE USER dbu ON DATABASE PASSWORD 'pw' ROLES EDITOR");
      main.use(ns, dbs[0]);
      main.let("var", "zero");
      auto root = conn.new_session();
      root.signin(root_user());
      root.use(ns, dbs[1]);
      root.let("var", "one");
      auto user = conn.new_session();
      user.signin(database_credentials{ns, dbs[2], "dbu", "pw"});
      user.use(ns, dbs[2]);
      user.let("var", "two");
      sessions = {main, root, user};
    } catch (const surreal_error& err) {
      CAF_FAIL("cannot set up the sessions: " << err.what());
    }
  }

  /// What session `i` should say of itself.
  value expected(size_t i) const {
    static const char* vars[] = {"zero", "one", "two"};
    return value::array{ns, dbs[i], vars[i], i == 2 ? "dbu" : "root"};
  }
};

} // namespace surrealcaf::test
