#include "surrealcaf/rpc/server_error.hpp"

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf::rpc {

namespace {

// Deeper cause chains are cut: real servers nest a handful of levels, and a
// hostile frame must not exhaust the stack.
constexpr int max_cause_depth = 32;

// The kinds as the server spells them, in enumerator order.
constexpr detail::enum_names<error_kind::validation, error_kind::context> kind_names{
  "Validation", "Configuration", "Query", "Serialization", "NotAllowed", "NotFound",
  "AlreadyExists", "Connection", "Thrown", "Internal", "Context"};

// A kind this client does not know is `internal`.
error_kind kind_from_text(const std::string& text) {
  return kind_names.parse(text).value_or(error_kind::internal);
}

// Used only when the server sent no kind, i.e. a 2.x server, so -32602 and
// -32603 take their 2.x meanings. The 3.x-only codes never come from 2.x but
// are mapped as the JS SDK does, for kind-less 3.0 pre-releases.
error_kind kind_from_code(std::optional<int64_t> code) {
  using namespace error_code;
  auto one_of = [&code](std::initializer_list<int64_t> codes) {
    return code && std::find(codes.begin(), codes.end(), *code) != codes.end();
  };
  if (one_of({parse_error, invalid_request, method_not_allowed})) // -32602: 2.x invalid params
    return error_kind::validation;
  if (code == method_not_found)
    return error_kind::not_found;
  if (one_of({live_query_not_supported, bad_live_query_config, bad_graphql_config}))
    return error_kind::configuration;
  if (code == client_side_error)
    return error_kind::connection;
  if (code == invalid_auth)
    return error_kind::not_allowed;
  if (one_of({query_not_executed, query_timed_out, query_cancelled, transaction_conflict}))
    return error_kind::query;
  if (code == thrown)
    return error_kind::thrown;
  if (one_of({serialization_error, deserialization_error}))
    return error_kind::serialization;
  return error_kind::internal;
}

const std::string* kind_of_node(const value& node) {
  return node["kind"].get_if<std::string>();
}

// Drops a redundant outer `{kind: <error kind>, details: {...}}` node, the
// shape some 3.x builds write into query-result errors. Only unwraps when the
// inner node is itself a map, so Serialization/{kind: "Serialization"} stays.
value unwrap_duplicate(value details, const std::string& kind_text) {
  auto outer = kind_of_node(details);
  if (outer == nullptr || kind_text.empty() || *outer != kind_text)
    return details;
  auto& obj = details.get<value::object>();
  auto inner = obj.find("details");
  if (inner == obj.end() || !inner->second.is<value::object>())
    return details;
  return std::move(inner->second);
}

std::vector<std::string> path_of(const value& details) {
  std::vector<std::string> path;
  if (auto text = details.get_if<std::string>()) {
    path.push_back(*text);
    return path;
  }
  for (auto node = &details; auto kind = kind_of_node(*node); node = &(*node)["details"])
    path.push_back(*kind);
  return path;
}

// Names only the kind of what arrived: the value itself may be large or hold
// user data.
std::string describe_unexpected(const value& x) {
  return std::string{"malformed error object from server (got "}
         + surrealcaf::to_string(x.type()) + ")";
}

server_error parse(const value& x, int depth) {
  server_error result;
  auto obj = x.get_if<value::object>();
  if (obj == nullptr) {
    // A bare string is how some servers phrase a thrown error; keep the text.
    if (auto text = x.get_if<std::string>())
      result.message = *text;
    else
      result.message = describe_unexpected(x);
    return result;
  }
  if (auto code = x["code"].get_if<int64_t>())
    result.code = *code;
  if (auto message = x["message"].get_if<std::string>())
    result.message = *message;
  else
    result.message = "server error without a message";
  if (auto kind = x["kind"].get_if<std::string>()) {
    result.kind_text = *kind;
    result.kind = kind_from_text(*kind);
  } else {
    result.kind = kind_from_code(result.code);
  }
  result.details = unwrap_duplicate(x["details"], result.kind_text);
  result.detail_path = path_of(result.details);
  const auto& cause = x["cause"];
  if (!cause.is_none() && !cause.is_null() && depth < max_cause_depth)
    result.cause = std::make_shared<const server_error>(parse(cause, depth + 1));
  return result;
}

} // namespace

const char* to_string(error_kind x) {
  return kind_names.name_or(x, "?");
}

bool server_error::is(error_kind k, std::initializer_list<std::string_view> path) const {
  if (kind != k || path.size() > detail_path.size())
    return false;
  auto i = detail_path.begin();
  for (auto step : path)
    if (step != *i++)
      return false;
  return true;
}

const value& server_error::detail_fields() const {
  static const value nothing;
  if (!kind_of_node(details))
    return nothing;
  auto node = &details;
  while (kind_of_node((*node)["details"]))
    node = &(*node)["details"];
  return (*node)["details"];
}

bool server_error::is_transaction_conflict() const {
  // 3.0's `commit` passes the datastore's error through untyped: Internal,
  // -32000, "Transaction conflict: Write conflict, retry the transaction...".
  // Only an internal error is read by its text: a THROW can say anything.
  auto untyped_conflict = [](const server_error& e) {
    return e.kind == error_kind::internal
           && e.message.compare(0, 20, "Transaction conflict") == 0;
  };
  for (auto e = this; e != nullptr; e = e->cause.get())
    if (e->code == error_code::transaction_conflict
        || e->is(error_kind::query, {"TransactionConflict"}) || untyped_conflict(*e))
      return true;
  return false;
}

std::string server_error::readable() const {
  std::string text = message + " [";
  text += kind_text.empty() ? to_string(kind) : kind_text;
  for (auto& step : detail_path) {
    text += '/';
    text += step;
  }
  if (code)
    text += ", code " + std::to_string(*code);
  text += ']';
  if (cause)
    text += "; caused by: " + cause->readable();
  return text;
}

bool operator==(const server_error& a, const server_error& b) {
  if (a.code != b.code || a.message != b.message || a.kind != b.kind
      || a.kind_text != b.kind_text || a.detail_path != b.detail_path || a.details != b.details)
    return false;
  if (a.cause == nullptr || b.cause == nullptr)
    return a.cause == b.cause;
  return *a.cause == *b.cause;
}

server_error parse_server_error(const value& x) {
  return parse(x, 0);
}

} // namespace surrealcaf::rpc
