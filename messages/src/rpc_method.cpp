#include "surrealcaf/rpc/method.hpp"

#include <string_view>

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf::rpc {

namespace {

// The wire names, in enumerator order.
constexpr detail::enum_names<method::ping, method::cancel> method_names{
  "ping", "info", "use", "signup", "signin", "authenticate", "refresh", "invalidate", "revoke",
  "reset", "kill", "live", "let", "unset", "select", "insert", "create", "upsert", "update",
  "merge", "patch", "delete", "version", "query", "relate", "run", "insert_relation", "attach",
  "sessions", "detach", "begin", "commit", "cancel"};

} // namespace

const char* to_string(method x) {
  return method_names.name_or(x, "?");
}

std::optional<method> parse_method(std::string_view name) {
  if (name == "set")
    return method::let;
  return method_names.parse(name);
}

} // namespace surrealcaf::rpc
