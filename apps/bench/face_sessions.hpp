#pragma once

// Set-up shared by the async and blocking clients: a connection of the
// faces, signed in, and the sessions a cell spreads its calls over.

#include <vector>

#include "bench_options.hpp"
#include "surrealcaf/async.hpp"

namespace surrealcaf::bench {

struct face_sessions {
  /// The connection, or the pool client's pool as a connection (closing it
  /// closes the pool).
  async_connection conn;
  /// One session, or (64x64) 64 forks of the signed-in default session: a
  /// fork authenticates with the token instead of hashing a password again.
  /// The pool client's are the pool's new sessions, each signed in, so
  /// they are spread over its connections (a fork stays on its parent's).
  std::vector<async_session> sessions;
};

face_sessions open_face_sessions(const options& opts);

} // namespace surrealcaf::bench
