#pragma once

#include "caf/replies_to.hpp"

#include "surrealcaf/detail/internal_atoms.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf::detail {

/// A session as its connection sees it: the public `session_actor` plus the
/// two messages only the connection sends. The session actor implements this;
/// users get the `session_actor` it converts to.
using session_internal = session_actor::extend<
  /// A live-query notification for this session, passed on to the live
  /// query's subscriber.
  caf::reacts_to<rpc::notification>,
  /// The connection is closing (with the reason): later calls fail with
  /// `connection_closed`, answered locally; its transactions are gone and its
  /// live-query streams end.
  caf::reacts_to<shutdown_atom, caf::error>>;

} // namespace surrealcaf::detail
