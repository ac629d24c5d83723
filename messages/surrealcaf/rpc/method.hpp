#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace surrealcaf::rpc {

/// The RPC methods of a SurrealDB 3.x server (docs/protocol.md §3).
/// A request names its method with this enum rather than with free text: the
/// server only knows this closed list, compares names case-sensitively, and
/// every method needs client-side knowledge of its params anyway, so a typo
/// or an unknown name becomes a compile error instead of "Method not found".
///
/// Methods new in 3.x (a 2.x server answers "Method not found"): `refresh`,
/// `revoke`, `attach`, `sessions`, `detach`, `begin`, `commit`, `cancel`.
enum class method : uint8_t {
  ping,
  info,
  use,
  signup,
  signin,
  authenticate,
  refresh,
  invalidate,
  revoke,
  reset,
  kill,
  live,
  let, ///< Sent as "let"; the server also accepts the alias "set".
  unset,
  select,
  insert,
  create,
  upsert,
  update,
  merge,
  patch,
  delete_, ///< Sent as "delete".
  version,
  query,
  relate,
  run,
  insert_relation,
  attach,
  sessions,
  detach,
  begin,
  commit,
  cancel,
};

/// The method's wire name, lowercase as the server requires: "ping",
/// "insert_relation", "delete", "let".
const char* to_string(method x);

/// The method a wire name denotes, case-sensitively as the server reads it;
/// "set" gives `method::let`. Nothing for any other text.
std::optional<method> parse_method(std::string_view name);

} // namespace surrealcaf::rpc
