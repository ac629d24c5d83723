#pragma once

#include <functional>
#include <string>

#include "surrealcaf/log_level.hpp"
#include "surrealcaf/log_record.hpp"

namespace surrealcaf {

/// Where a connection's log records go (`client_options::logging`), for
/// every face. Off by default: without a `handler` the connection makes no
/// record at all, and each place that could log costs one comparison.
///
/// **What is logged** (docs/observability.md): one record per RPC call when
/// it ends (a reply, an error, a timeout, a lost socket, the connection
/// closing, a refusal while waiting for a reconnect), with the connection,
/// session, method, request id, duration and, for a failure, the error; and
/// the connection's own events: state changes (connected, disconnected,
/// reconnecting, resumed, closed) and frames it dropped.
///
/// **Secrets.** No record holds a password, a token or a refresh token the
/// client handles (credentials, token pairs), with or without `values`.
/// Parameters and results are left out unless `values` is true, and even then
/// those of `signin`, `signup`, `authenticate`, `refresh` and `revoke` (and
/// the result of `info`) read "<redacted>" and JWT-shaped text reads
/// "<token>"; other secrets in your own queries and variables appear as sent.
///
/// **Threads.** The handler is called on the thread that runs the
/// connection actor at that moment (a worker of its actor system), one
/// record at a time per connection; a handler shared by several connections
/// is called from several threads at once, so it must be thread-safe. It
/// must be quick and must not block, and it must not call back into the
/// connection (no calls on its sessions, no `close()`): that would wait for
/// the actor the handler is holding up. An exception it throws is caught and
/// dropped, and the connection goes on.
///
/// **Lifetime.** The connection actor keeps a copy of the handler and may
/// call it after the last handle is dropped (the `closed` event, records of
/// calls still in flight), so the handler must own what it uses (capture by
/// value or `shared_ptr`), or the user calls `close()` first: once `close()`
/// has returned (blocking) or its future is ready (async), no record follows.
struct log_options {
  /// Receives each record at `level` or above. Empty (the default) turns
  /// logging off.
  std::function<void(const log_record&)> handler;
  /// The least level passed to the handler. Successful calls are `debug`,
  /// failed ones `info` or `warning`, so the default `info` reports failures
  /// and connection events only.
  log_level level = log_level::info;
  /// True puts the calls' parameters and results, and the server's error
  /// messages, into the records (shortened, see `log_record`). They may hold
  /// your data; the calls that carry secrets stay redacted.
  bool values = false;
  /// Names the connection in every record (`log_record::connection`). Empty
  /// picks "conn-N", numbered in the order the connections were opened.
  std::string connection_id;
};

} // namespace surrealcaf
