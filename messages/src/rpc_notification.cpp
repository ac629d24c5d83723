#include "surrealcaf/rpc/notification.hpp"

#include <string_view>

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf::rpc {

namespace {

// The server's spellings, in enumerator order.
constexpr detail::enum_names<live_action::create, live_action::killed> live_action_names{
  "CREATE", "UPDATE", "DELETE", "KILLED"};

} // namespace

const char* to_string(live_action x) {
  if (x == live_action::resumed)
    return "RESUMED";
  return live_action_names.name_or(x, "?");
}

std::optional<live_action> parse_live_action(std::string_view name) {
  return live_action_names.parse(name);
}

} // namespace surrealcaf::rpc
