#pragma once

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

/// Whoever reads a live query's stream (the `live_atom` calls of
/// `session_actor`). It receives, from the session that started the query:
/// - `rpc::notification`s with action CREATE, UPDATE or DELETE, in the
///   server's order (with `diff`, `result` is a JSON Patch array);
/// - after a reconnect, one with action `resumed` (the live query runs again
///   under the same id; changes made while the socket was down are missing);
/// - then exactly one last notification with action `killed` (record and
///   result NONE; result a string saying why when the live query could not
///   be registered again after a reconnect), whether the stream ended by
///   `kill`, by closing the session or the connection, or by the server;
///   nothing follows it.
/// The session monitors the subscriber: when it terminates, its live queries
/// are killed on the server. A subscriber may read several streams; the
/// notification's `id` tells them apart.
using live_subscriber = caf::typed_actor<caf::reacts_to<rpc::notification>>;

} // namespace surrealcaf
