#pragma once

#include "caf/atom.hpp"
#include "caf/replies_to.hpp"

#include "surrealcaf/session_actor.hpp"

namespace surrealcaf {

/// The connection tells a session it is closing (with the reason).
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;

} // namespace surrealcaf

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
