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
  return live_action_names.name_or(x, "?");
}

std::optional<live_action> parse_live_action(caf::string_view name) {
  // std::string_view: CAF 0.17's string_view::compare(const char*) answers 0
  // when the view is a prefix of the C string.
  return live_action_names.parse(std::string_view{name.data(), name.size()});
}

} // namespace surrealcaf::rpc
