#pragma once

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// The category of a server error (3.x `kind`, docs/protocol.md §2.3).
/// Switch on this and on the detail path, not on the numeric code.
enum class error_kind : uint8_t {
  validation,     ///< Parse error, invalid request or params, bad input.
  configuration,  ///< Feature or config not supported (live queries, GraphQL).
  query,          ///< Not executed, timed out, cancelled, transaction conflict.
  serialization,  ///< (De)serialisation failure.
  not_allowed,    ///< Permissions, auth failures, blocked methods or functions.
  not_found,      ///< Missing table, record, namespace, session, method, ...
  already_exists, ///< Duplicate record, table, session, ...
  connection,     ///< SDK-side connection state (never sent by a server).
  thrown,         ///< `THROW` in SurrealQL.
  internal,       ///< Anything else, and every kind this client does not know.
  context,        ///< An error that wraps its `cause` with context (3.1).
};

/// The kind as the server spells it: "Validation", "NotAllowed", ...
const char* to_string(error_kind x);

/// Numeric error codes (docs/protocol.md §2.3). Kept for 2.x servers, whose errors
/// carry nothing else; note that -32602 and -32603 changed meaning in 3.x.
namespace error_code {
/// The code of that name (JSON-RPC's, then SurrealDB's own from -32000).
///@{
constexpr int64_t parse_error = -32700;
constexpr int64_t invalid_request = -32600;
constexpr int64_t method_not_found = -32601;
/// 3.x: method not allowed. 2.x: invalid params.
constexpr int64_t method_not_allowed = -32602;
/// 3.x: invalid params. 2.x: internal error.
constexpr int64_t invalid_params = -32603;
constexpr int64_t live_query_not_supported = -32604;
constexpr int64_t bad_live_query_config = -32605;
constexpr int64_t bad_graphql_config = -32606;
/// Generic error; most NotFound/AlreadyExists errors and all 2.x database errors.
constexpr int64_t internal_error = -32000;
constexpr int64_t client_side_error = -32001;
constexpr int64_t invalid_auth = -32002;
constexpr int64_t query_not_executed = -32003;
constexpr int64_t query_timed_out = -32004;
constexpr int64_t query_cancelled = -32005;
constexpr int64_t thrown = -32006;
constexpr int64_t serialization_error = -32007;
constexpr int64_t deserialization_error = -32008;
constexpr int64_t transaction_conflict = -32009;
///@}
} // namespace error_code

/// An error the server reported: the `error` of an RPC reply, or the failure
/// of one statement in a `query` result. Plain data; copies share the
/// immutable cause chain, so a copy is cheap and safe to hand to another
/// thread.
///
/// 3.x wire shape: `{code, message, kind, details?, cause?}` where `details`
/// nests `{kind, details?}` nodes, e.g.
/// `{kind: "Auth", details: {kind: "InvalidAuth"}}`, and the innermost
/// `details` may hold fields such as `{name: "person"}`. 2.x sends only
/// `{code, message}`; the kind is then derived from the code.
struct server_error {
  /// The numeric code; absent in per-statement `query` errors, which carry
  /// none. Prefer `kind` and `detail_path`.
  std::optional<int64_t> code;
  /// The server's text, meant for humans.
  std::string message;
  /// The category; `internal` for a kind this client does not know.
  error_kind kind = error_kind::internal;
  /// The kind exactly as the server wrote it ("NotAllowed", or a kind this
  /// client does not know, which maps to `internal`). Empty when the server
  /// sent no kind (2.x), in which case `kind` was derived from `code`.
  std::string kind_text;
  /// The `kind` of each nested detail node, outermost first:
  /// {"Auth", "TokenExpired"}, {"Table"}, {"TransactionConflict"}. Empty when
  /// the server sent no details. An older 3.x pre-release sent a bare string
  /// ("SessionExpired"); it becomes a one-element path.
  std::vector<std::string> detail_path;
  /// The server's `details` as sent (NONE when absent), except that a
  /// redundant outer node repeating the error's own kind is dropped (some
  /// 3.x builds wrap query-result details that way).
  value details;
  /// The error that caused this one (3.1 chaining), or null.
  std::shared_ptr<const server_error> cause;

  /// True if `kind` is `k` and `detail_path` starts with `path`:
  /// `e.is(error_kind::not_allowed, {"Auth", "TokenExpired"})`.
  bool is(error_kind k, std::initializer_list<std::string_view> path = {}) const;

  /// The fields of the innermost detail node, e.g. `{name: "person"}` for
  /// NotFound/Table or `{duration: {secs, nanos}}` for Query/TimedOut; NONE
  /// when that node has none.
  const value& detail_fields() const;

  /// True if this error or any error in its cause chain is a transaction
  /// conflict (Query/TransactionConflict or code -32009): the transaction can
  /// be retried from `begin` (or the whole `query` re-sent). The 3.0 engine
  /// reports a conflicting `commit` without either, as an `internal` error
  /// (-32000) whose message starts with "Transaction conflict"; that counts
  /// too.
  bool is_transaction_conflict() const;

  /// One line for logs and exceptions:
  /// "There was a problem with authentication [NotAllowed/Auth/InvalidAuth, code -32002]",
  /// followed by "; caused by: ..." for each cause.
  std::string readable() const;
};

/// Deep comparison, including the cause chain.
///@{
bool operator==(const server_error& a, const server_error& b);
inline bool operator!=(const server_error& a, const server_error& b) { return !(a == b); }
///@}

/// Reads an error object as the server sends it. Never throws on malformed
/// input: missing or mistyped fields take defaults (no code, kind `internal`)
/// and a value that is not a map becomes an `internal` error whose message
/// says what arrived (a bare string is kept as the message). Cause chains
/// deeper than 32 are cut off there.
server_error parse_server_error(const value& x);

} // namespace surrealcaf::rpc
