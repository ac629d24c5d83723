#pragma once

// The blocking face connected to the real engine, for the faces' integration
// tests.

#include "surrealcaf/blocking.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "root_user.hpp"

namespace surrealcaf::test {

/// Connects to the engine and signs its default session in as root (see
/// root_user.hpp); a failure fails the test (CAF's runner would not catch the
/// exception).
inline blocking_connection connect_engine() {
  try {
    auto db = blocking_connection::connect(engine_url());
    db.default_session().signin(root_user());
    return db;
  } catch (const surreal_error& err) {
    CAF_FAIL("cannot connect and sign in: " << err.what());
  }
  return {};
}

/// A new session of `db`, signed in as root: a new session starts anonymous.
inline blocking_session signed_in_session(blocking_connection& db) {
  try {
    auto s = db.new_session();
    s.signin(root_user());
    return s;
  } catch (const surreal_error& err) {
    CAF_FAIL("cannot open a signed-in session: " << err.what());
  }
  return {};
}

} // namespace surrealcaf::test
