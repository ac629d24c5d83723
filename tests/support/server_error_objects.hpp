#pragma once

// Error objects as a SurrealDB server sends them (code, message, kind and a
// chain of detail nodes), for tests that parse them or answer calls with them.

#include "surrealcaf/value.hpp"

#include <cstdint>
#include <string>

namespace surrealcaf::test {

/// A detail node: its kind and, unless NONE, its own details (a deeper node,
/// or the fields of the innermost one).
inline value detail_node(const std::string& kind, value details = value{}) {
  value::object result{{"kind", kind}};
  if (!details.is_none())
    result.emplace("details", std::move(details));
  return result;
}

/// An error object as a server sends it (docs/protocol.md §2.3): a code and a
/// message, `kind` unless empty (a 2.x server sends none) and, unless NONE,
/// `details`.
inline value error_object(int64_t code, const std::string& message, const std::string& kind = {},
                          value details = value{}) {
  value::object result{{"code", code}, {"message", message}};
  if (!kind.empty())
    result.emplace("kind", kind);
  if (!details.is_none())
    result.emplace("details", std::move(details));
  return result;
}

/// What a 3.x server answers to a wrong password.
inline value invalid_auth_error() {
  return error_object(-32002, "There was a problem with authentication", "NotAllowed",
                      detail_node("Auth", detail_node("InvalidAuth")));
}

} // namespace surrealcaf::test
