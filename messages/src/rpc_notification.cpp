#include "surrealcaf/rpc/notification.hpp"

namespace surrealcaf::rpc {

const char* to_string(live_action x) {
  switch (x) {
    case live_action::create:
      return "CREATE";
    case live_action::update:
      return "UPDATE";
    case live_action::delete_:
      return "DELETE";
    case live_action::killed:
      return "KILLED";
  }
  return "?";
}

} // namespace surrealcaf::rpc
