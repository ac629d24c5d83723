#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/rpc/server_error.hpp"

namespace surrealcaf {

/// What the blocking and async faces throw (the async face stores it in the
/// future, `get()` rethrows it). Each call fails with exactly one of:
/// - a server error: `code()` is `errc::server_error` and `server()` holds the
///   server's own code, kind, message and details, kept apart from ours;
/// - a refused commit or statement for a write conflict: `code()` is
///   `errc::transaction_conflict` and `server()` holds the server's error;
/// - a client-side error: any other `errc` (`timeout`, `session_closed`,
///   `connection_closed`, `connect_failed`, `invalid_url`, ...) and a null
///   `server()`.
///
/// `what()` is one readable line in the format of `describe(caf::error)`:
/// "surrealcaf: timeout (query: no reply within 30000 ms)" or
/// "surrealcaf: server_error (There was a problem with authentication
/// [NotAllowed/Auth/InvalidAuth, code -32002])". It never holds secrets: the
/// client's contexts name calls and limits, never arguments, and the server
/// does not echo credentials.
///
/// Copies are cheap and share the immutable server error; an instance may be
/// handed to and read from any thread.
class surreal_error : public std::runtime_error {
public:
  /// A client-side error; `context` says what failed, for humans.
  surreal_error(errc code, const std::string& context);

  /// An error the server reported: `code()` is `errc::server_error`.
  explicit surreal_error(rpc::server_error err);

  /// An error the server reported that surrealcaf classifies further (e.g.
  /// `errc::transaction_conflict`): `code()` is `code`, `server()` is set.
  surreal_error(errc code, rpc::server_error err);

  /// What failed, as one of surrealcaf's error codes.
  errc code() const noexcept {
    return code_;
  }

  /// The server's error (code, kind, message, details, cause) when
  /// `code()` is `errc::server_error` or `errc::transaction_conflict`, else
  /// nullptr. Lives as long as this exception or any copy of it.
  const rpc::server_error* server() const noexcept {
    return server_.get();
  }

private:
  errc code_;
  std::shared_ptr<const rpc::server_error> server_;
};

} // namespace surrealcaf
