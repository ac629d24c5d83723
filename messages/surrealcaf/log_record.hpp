#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/uuid/uuid.hpp>

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/log_level.hpp"
#include "surrealcaf/rpc/method.hpp"

namespace surrealcaf {

/// One thing a connection reports to its log handler (`log_options`,
/// actors/surrealcaf/log_options.hpp): either the end of one call (`event`
/// is "call") or an event of the connection itself ("connected",
/// "disconnected", "frame_dropped", ...; docs/observability.md lists them).
///
/// Structured, so a handler can route each field to its own logger's
/// fields; `to_string` gives one readable line. No field holds a password,
/// token or refresh token the client handles (see `log_options`). Query
/// text, parameters, results and
/// the server's error messages appear only when `log_options::values` asks
/// for them, and never for the calls that carry secrets (`signin`, `signup`,
/// `authenticate`, `refresh`, `revoke`, and the result of `info`).
struct log_record {
  /// How much the record matters.
  log_level level = log_level::info;
  /// "call" for the end of a call; otherwise the connection event's name.
  std::string event;
  /// The connection: `log_options::connection_id`, or one generated per
  /// connection ("conn-1", "conn-2", ... in the order they were opened).
  std::string connection;
  /// The session the call was made on; empty for the socket's default
  /// session and for events of the whole connection.
  std::optional<boost::uuids::uuid> session;
  /// The RPC method of the call; empty for connection events.
  std::optional<rpc::method> method;
  /// The request id the call was sent under; 0 when it was never sent (it
  /// failed while it waited for a reconnect, say) and for connection events.
  int64_t id = 0;
  /// From when the connection got the call to when it ended: the round trip,
  /// plus any wait for a reconnect. Zero for connection events.
  std::chrono::nanoseconds duration{0};
  /// How the call failed; empty when it succeeded (and for events, unless
  /// the event has a cause of that kind).
  std::optional<errc> error;
  /// For a server error (`errc::server_error`, `errc::transaction_conflict`):
  /// the server's kind and the kinds of its details, outermost first, joined
  /// by dots ("NotAllowed.Auth.InvalidAuth"), then its code; empty otherwise.
  std::string server_kind;
  /// A short description: the reason of a failure surrealcaf detected itself
  /// (texts that never hold secrets or values), what an event was about, or,
  /// only with `log_options::values`, the server's error message. One line,
  /// at most a few hundred characters; any text shaped like a JWT is replaced
  /// by "<token>".
  std::string message;
  /// The call's parameters as SurrealQL text, only with `log_options::values`
  /// ("<redacted>" for the calls that carry secrets); shortened to at most
  /// `log_record::max_value_text` characters.
  std::string params;
  /// The call's result as SurrealQL text, under the same rules as `params`.
  std::string result;

  /// The longest `params` or `result` text, in characters; a longer one ends
  /// with "...".
  static constexpr size_t max_value_text = 1024;
};

/// One line in `key=value` form, fields in a fixed order, empty ones left
/// out: `level=debug event=call conn=conn-1 session=default method=query
/// id=7 duration=1.204ms`. Texts with spaces are quoted.
std::string to_string(const log_record& x);

} // namespace surrealcaf
