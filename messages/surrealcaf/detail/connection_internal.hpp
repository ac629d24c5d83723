#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "caf/actor_addr.hpp"
#include "caf/atom.hpp"
#include "caf/replies_to.hpp"

#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/detail/pool_internal.hpp"
#include "surrealcaf/detail/session_internal.hpp"
#include "surrealcaf/detail/transport_atoms.hpp"

namespace surrealcaf {

/// A session hands the connection one `rpc::request`.
using call_atom = caf::atom_constant<caf::atom("call")>;
/// The connection's own timer: a call in flight or waiting for a reconnect
/// may have passed its deadline.
using deadline_atom = caf::atom_constant<caf::atom("deadline")>;
/// The connection's own timer: time for the next attempt at a new socket.
using reconnect_atom = caf::atom_constant<caf::atom("reconnect")>;
/// A session is done replaying itself on the new socket.
using resumed_atom = caf::atom_constant<caf::atom("resumed")>;

} // namespace surrealcaf

namespace surrealcaf::detail {

/// The connection as its sessions and its own timers see it: the public
/// `connection_actor` plus the messages users never send. The connection
/// actor implements this; `connect` and `spawn_connection` return the
/// `connection_actor` it converts to, and sessions hold this one.
using connection_internal = connection_actor::extend<
  /// From sessions: send one request (its `id` is ignored: the connection
  /// numbers its requests) and reply with the server's result, or
  /// `errc::timeout` once `client_options::request_timeout` passed without
  /// one (the call is forgotten then; a late reply is dropped).
  caf::replies_to<call_atom, rpc::request>::with<value>,
  /// The same with the call's own deadline: `timeout` (positive) instead of
  /// `request_timeout`, for a session call made with
  /// `basic_session::with_request_timeout`.
  caf::replies_to<call_atom, rpc::request, std::chrono::milliseconds>::with<value>,
  /// From a session being resumed (after `resume_atom` of that round): one
  /// request of its replay (attach, authenticate, refresh, signin, use, let,
  /// live), written at once, ahead of the session's waiting calls;
  /// `errc::connection_lost` when the socket is not open, or when the round
  /// is not the current one or the session's resume is over (a step of an
  /// earlier socket must never reach a newer one).
  caf::replies_to<resume_atom, uint64_t, rpc::request>::with<value>,
  /// From a session: its replay is done (the key names it: its UUID, empty
  /// for the default session; `signed_in` false when its authentication
  /// could not be resumed; the round of the `resume_atom` it answers). Its
  /// waiting calls are sent now, in order.
  caf::reacts_to<resumed_atom, std::optional<uuid>, bool, uint64_t>,
  /// The timer of the next reconnect attempt; the number tells a stale
  /// timer (of an earlier loss) from the current one.
  caf::reacts_to<reconnect_atom, uint64_t>,
  /// From a session: send me `(token_atom, round)` in `delay_ms`
  /// milliseconds. The connection keeps the timer, holding the session only
  /// weakly, so a pending timer never keeps a closed session alive.
  caf::reacts_to<token_atom, uint64_t, int64_t>,
  /// That timer firing: the session (weakly) and its round.
  caf::reacts_to<token_atom, caf::actor_addr, uint64_t>,
  /// From the transport (see actors/surrealcaf/transport.hpp; it sends them
  /// to a `caf::actor`, which is not type-checked).
  caf::reacts_to<open_atom, std::string>, caf::reacts_to<frame_atom, std::vector<uint8_t>>,
  caf::reacts_to<closed_atom, caf::error>,
  /// The keep-alive tick the connection sends itself every
  /// `client_options::ping_interval`: one RPC `ping` on the default session.
  caf::reacts_to<ping_atom>,
  /// The timer the connection sets for the deadline of its oldest call in
  /// flight: calls past their deadline end with `errc::timeout`.
  caf::reacts_to<deadline_atom>,
  /// From the pool that spawned this connection, as its first message: when
  /// it gives up reconnecting, its sessions (all but the default one) go to
  /// the pool (`adopt_atom`) instead of shutting down, and it tells the pool
  /// of every session that leaves it (`departed_atom`).
  caf::reacts_to<pool_atom, pool_internal>,
  /// From the pool: take over session `id` (its actor), whose connection
  /// gave up. Replies false when this connection is closing; true once it
  /// registered the session and sent it `rehome_atom`: the session resumes
  /// here before any of its calls goes out.
  caf::replies_to<adopt_atom, uuid, session_internal>::with<bool>>;

} // namespace surrealcaf::detail
