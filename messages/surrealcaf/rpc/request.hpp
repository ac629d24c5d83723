#pragma once

#include <cstdint>
#include <optional>

#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// One RPC request as the client sends it (docs/protocol.md §2.1). Plain data;
/// `to_value` turns it into the map the CBOR codec writes.
///
/// The client always sends an integer `id` (the server would also accept
/// text, UUIDs or datetimes, but integers keep the pending table cheap and
/// make replies to anything else recognisable as foreign; see `classify`).
struct request {
  /// Echoed by the server in the reply; unique among the calls in flight on
  /// one connection.
  int64_t id = 0;
  /// The method to call; sent by name.
  rpc::method method = rpc::method::ping;
  /// Positional params; sent even when empty (the server treats a missing
  /// `params` as `[]`, so both mean the same).
  value::array params;
  /// The attached session the call acts on (3.x); absent = the connection's
  /// default session. A 2.x server ignores the field.
  std::optional<uuid> session;
  /// The interactive transaction the call runs in (3.x, WebSocket only).
  /// Honoured by query, select, create, insert, insert_relation, upsert,
  /// merge, delete, live and kill; silently ignored by update, patch, relate
  /// and run (docs/protocol.md §5). `commit`/`cancel` take their UUID in `params`.
  std::optional<uuid> txn;
};

/// The request as a map `{id, method, params, session?, txn?}`; `session` and
/// `txn` are UUID values (CBOR tag 37) and left out when absent. Takes the
/// request by value so callers can move large params in without a copy.
value to_value(request x);

} // namespace surrealcaf::rpc
