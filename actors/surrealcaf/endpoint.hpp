#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace surrealcaf {

/// Where a connection goes: the parts of a `ws://` or `wss://` URL that the
/// transport needs. Plain data; safe to copy between threads.
struct endpoint {
  /// True for `wss://` (TLS with certificate and host-name verification).
  bool tls = false;
  /// Host name or address as written, without IPv6 brackets.
  std::string host;
  /// Port as text (what the resolver takes); 80 or 443 when the URL has none.
  std::string port;
  /// Request target of the HTTP upgrade; `/rpc` when the URL has no path.
  std::string target;

  /// The `Host` header value: host (bracketed if IPv6) and the port.
  std::string host_header() const;
};

/// Parses `ws://host[:port][/path]` or `wss://...`. IPv6 hosts go in brackets
/// (`ws://[::1]:8000/rpc`). A URL without a path gets `/rpc`, the SurrealDB
/// RPC endpoint. User info (`user:pass@`) is rejected rather than silently
/// sent: credentials belong in `signin`. The path and query go verbatim into
/// the HTTP upgrade request, so they must be printable ASCII without spaces
/// (percent-encode anything else); the host may hold only letters, digits,
/// '-', '.', '_' and '~' (plus ':' and '%' inside IPv6 brackets).
///
/// Errors: `errc::invalid_url`, with a context naming what is wrong. The
/// context never repeats the URL or any part of it, which may hold secrets.
/// Thread safety: a pure function; call it from any thread.
caf::expected<endpoint> parse_endpoint(std::string_view url);

} // namespace surrealcaf
