#include "surrealcaf/rpc/method.hpp"

#include <string_view>

namespace surrealcaf::rpc {

const char* to_string(method x) {
  switch (x) {
    case method::ping:
      return "ping";
    case method::info:
      return "info";
    case method::use:
      return "use";
    case method::signup:
      return "signup";
    case method::signin:
      return "signin";
    case method::authenticate:
      return "authenticate";
    case method::refresh:
      return "refresh";
    case method::invalidate:
      return "invalidate";
    case method::revoke:
      return "revoke";
    case method::reset:
      return "reset";
    case method::kill:
      return "kill";
    case method::live:
      return "live";
    case method::let:
      return "let";
    case method::unset:
      return "unset";
    case method::select:
      return "select";
    case method::insert:
      return "insert";
    case method::create:
      return "create";
    case method::upsert:
      return "upsert";
    case method::update:
      return "update";
    case method::merge:
      return "merge";
    case method::patch:
      return "patch";
    case method::delete_:
      return "delete";
    case method::version:
      return "version";
    case method::query:
      return "query";
    case method::relate:
      return "relate";
    case method::run:
      return "run";
    case method::insert_relation:
      return "insert_relation";
    case method::attach:
      return "attach";
    case method::sessions:
      return "sessions";
    case method::detach:
      return "detach";
    case method::begin:
      return "begin";
    case method::commit:
      return "commit";
    case method::cancel:
      return "cancel";
  }
  return "?";
}

std::optional<method> parse_method(caf::string_view text) {
  // std::string_view: CAF 0.17's string_view::compare(const char*) answers 0
  // when the view is a prefix of the C string ("" == "ping").
  std::string_view name{text.data(), text.size()};
  if (name == "set")
    return method::let;
  // The enum is dense from ping to cancel, so walking it finds every name.
  for (auto i = static_cast<int>(method::ping); i <= static_cast<int>(method::cancel); ++i) {
    auto m = static_cast<method>(i);
    if (name == to_string(m))
      return m;
  }
  return std::nullopt;
}

} // namespace surrealcaf::rpc
