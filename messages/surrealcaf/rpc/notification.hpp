#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// What happened to the record a live query watches.
enum class live_action : uint8_t {
  create,
  update,
  delete_,
  /// The live query ended (3.x): `KILL`, the table was removed, or its
  /// session was detached or reset. Delivery is racy (docs/protocol.md §2.5), so a
  /// subscriber must not depend on receiving it.
  killed,
  /// Not from the server: the client says the live query was registered
  /// again after a reconnect, under the same `live_id` the subscriber
  /// already holds. Changes made while the socket was down are not
  /// replayed, so some may be missing. Record and result are NONE.
  resumed,
};

/// The action a server spelling denotes: "CREATE", "UPDATE", "DELETE" or
/// "KILLED", case-sensitively. Nothing for any other text (`resumed` is the
/// client's and has no server spelling).
std::optional<live_action> parse_live_action(std::string_view name);

/// The action as the server spells it (`parse_live_action`'s inverse);
/// "RESUMED" for `resumed`.
const char* to_string(live_action x);

/// A live-query push from the server (docs/protocol.md §2.5): a frame without an
/// `id` whose `result` is `{id, action, record, result}`.
struct notification {
  /// The live query's UUID, as `live` (or `LIVE SELECT`) returned it.
  uuid live_id;
  /// What happened to the record.
  live_action action = live_action::create;
  /// The record id that changed; NONE for `killed`.
  value record;
  /// The record after the change (before it, for `delete_`), or a JSON-Patch
  /// array for diff live queries; NONE for `killed`.
  value result;
  /// The top-level `session`: the attached session that started the query;
  /// absent for the default session and on 2.x servers. (The server's inner
  /// `result.session` is not kept: for the default session it holds the
  /// connection id, so it cannot route anything.)
  std::optional<uuid> session;
};

} // namespace surrealcaf::rpc
