#include "surrealcaf/connection_event.hpp"

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf {

namespace {

constexpr detail::enum_names<connection_state::connecting, connection_state::closed> names{
  "connecting", "connected", "disconnected", "reconnecting", "resumed", "closed"};

} // namespace

const char* to_string(connection_state x) {
  return names.name_or(x, "?");
}

} // namespace surrealcaf
