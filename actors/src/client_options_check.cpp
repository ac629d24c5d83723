#include "surrealcaf/detail/client_options_check.hpp"

#include "surrealcaf/detail/backoff.hpp"
#include "surrealcaf/detail/rpc_framing.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

caf::error client_options_problem(const client_options& opts) {
  // JSON only when asked for: it loses SurrealDB's types (docs/json.md).
  if (!wire_format_of(opts.transport.subprotocol))
    return make_error(errc::invalid_argument, "the subprotocol must be cbor or json");
  // Zero would mean "no limit" to Beast: a server could make us buffer
  // anything it likes.
  if (opts.transport.max_message_size == 0)
    return make_error(errc::invalid_argument, "max_message_size must be positive");
  if (opts.request_timeout.count() < 0)
    return make_error(errc::invalid_argument, "request_timeout must not be negative");
  if (opts.ping_interval.count() < 0)
    return make_error(errc::invalid_argument, "ping_interval must not be negative");
  if (opts.token_refresh_margin.count() < 0)
    return make_error(errc::invalid_argument, "token_refresh_margin must not be negative");
  if (auto problem = reconnect_options_problem(opts.reconnect); !problem.empty())
    return make_error(errc::invalid_argument, "reconnect: " + problem);
  return {};
}

} // namespace surrealcaf::detail
