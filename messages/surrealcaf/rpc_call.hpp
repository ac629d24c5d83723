#pragma once

#include <optional>

#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf {

/// One RPC call as a session hands it to the connection: the connection adds
/// the request id and writes the frame. `session` is empty for the
/// connection's default session; `txn` names an open transaction.
struct rpc_call {
  rpc::method method = rpc::method::ping;
  value::array params;
  std::optional<uuid> session;
  std::optional<uuid> txn;
};

inline bool operator==(const rpc_call& a, const rpc_call& b) {
  return a.method == b.method && a.params == b.params && a.session == b.session
         && a.txn == b.txn;
}
inline bool operator!=(const rpc_call& a, const rpc_call& b) {
  return !(a == b);
}

} // namespace surrealcaf
