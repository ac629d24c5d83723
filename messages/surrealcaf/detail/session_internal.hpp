#pragma once

#include <chrono>

#include "caf/actor.hpp"
#include "caf/atom.hpp"
#include "caf/message.hpp"
#include "caf/replies_to.hpp"

#include "surrealcaf/detail/pool_atoms.hpp"
#include "surrealcaf/session_actor.hpp"

namespace surrealcaf {

/// The connection tells a session it is closing (with the reason).
using shutdown_atom = caf::atom_constant<caf::atom("shutdown")>;
/// The connection tells a session its socket was lost (with the cause).
using lost_atom = caf::atom_constant<caf::atom("lost")>;
/// The connection asks a session to replay itself on a new socket, and the
/// session sends each request of its replay with it.
using resume_atom = caf::atom_constant<caf::atom("resume")>;
/// The session's token-refresh timer (kept by the connection): refresh the
/// token pair before the access token expires.
using token_atom = caf::atom_constant<caf::atom("token")>;
/// The faces wrap a call with its own deadline in it (`with_request_timeout`).
using timeout_atom = caf::atom_constant<caf::atom("timeout")>;

} // namespace surrealcaf

namespace surrealcaf::detail {

/// A session as its connection sees it: the public `session_actor` plus the
/// messages only the connection sends. The session actor implements this;
/// users get the `session_actor` it converts to.
using session_internal = session_actor::extend<
  /// A live-query notification for this session, passed on to the live
  /// query's subscriber.
  caf::reacts_to<rpc::notification>,
  /// The connection is closing (with the reason): later calls fail with
  /// `connection_closed`, answered locally; its transactions are gone and its
  /// live-query streams end.
  caf::reacts_to<shutdown_atom, caf::error>,
  /// The socket was lost (with the cause): the session's transactions are
  /// gone (`errc::transaction_lost`) and its live queries wait for their
  /// resume. Calls it sends now wait at the connection.
  caf::reacts_to<lost_atom, caf::error>,
  /// A new socket is open: replay this session on it (`resume_atom` calls
  /// to the connection), then send the connection `resumed_atom` with the
  /// same round number (it tells a stale answer from an earlier socket).
  caf::reacts_to<resume_atom, uint64_t>,
  /// The session's token-refresh timer, sent by the connection; the number
  /// tells a stale timer (set for an earlier token) from the current one.
  caf::reacts_to<token_atom, uint64_t>,
  /// (timeout, call): one message of `session_actor` (`call`) handled as if
  /// it came alone, but every request it makes of the connection has
  /// `timeout` (positive) as its deadline instead of the connection's
  /// `request_timeout`. The reply is `call`'s reply, whatever its type; a
  /// `call` the session does not take fails with `sec::unexpected_message`.
  /// From the blocking and async faces (`basic_session::
  /// with_request_timeout`), and from a fork to its new session.
  caf::replies_to<timeout_atom, std::chrono::milliseconds, caf::message>::with<caf::message>,
  /// Its connection gave up and handed it to the pool: hold every call, in
  /// order, until a new connection takes it over (`rehome_atom`).
  caf::reacts_to<moving_atom>,
  /// The connection that took it over (a `connection_internal`, untyped
  /// here because that interface names this one) and that connection's
  /// resume round: the session sends its held calls there and replays
  /// itself with `resume_atom` calls of that round. Round 0: the new
  /// connection is reconnecting itself; the session waits for its
  /// `resume_atom`.
  caf::reacts_to<rehome_atom, caf::actor, uint64_t>>;

} // namespace surrealcaf::detail
