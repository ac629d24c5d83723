#include "surrealcaf/rpc/notification.hpp"

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf::rpc {

const char* to_string(live_action x) {
  static constexpr detail::enum_names<live_action::create, live_action::killed> names{
    "CREATE", "UPDATE", "DELETE", "KILLED"};
  return names.name_or(x, "?");
}

} // namespace surrealcaf::rpc
