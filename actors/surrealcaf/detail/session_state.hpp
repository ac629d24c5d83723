#pragma once

#include <cstdint>
#include <optional>
#include <set>

#include "caf/error.hpp"

#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// True for the calls a session may still send when its authentication
/// could not be resumed (`session_state::signin_required`): signing in again,
/// becoming anonymous on purpose, and what does not touch data.
bool allowed_without_auth(rpc::method m);

/// True for the calls whose success ends `signin_required`: a new
/// authentication, or becoming anonymous on purpose.
bool ends_signin_required(rpc::method m);

/// How a session authenticated last.
enum class auth_kind : uint8_t {
  none,     ///< Anonymous: never signed in, or invalidated/reset since.
  signin,   ///< `signin`; `token` holds what the server returned.
  signup,   ///< `signup` through a record access method.
  token,    ///< `authenticate` with a token the caller had.
};

/// What a session actor knows about its server-side session, and the rules
/// that keep it in step with the server: every successful call is applied
/// here, so the state can be replayed on another session (`fork_session`
/// does). No I/O; not thread safe (the session actor owns it).
///
/// Holds the tokens the server issued (needed for replay). Credentials only
/// with `reconnect_options::keep_credentials` (`resume_credentials`);
/// otherwise passwords are sent once, inside the signin frame.
struct session_state {
  /// The session's UUID; empty for the connection's default session.
  std::optional<uuid> id;
  /// The namespace and database as the server last reported them (or set
  /// them by signing in: credentials and tokens that name a namespace or
  /// database select it); NONE when unset.
  value ns;
  value db;
  auth_kind auth = auth_kind::none;
  /// The token(s) of the last signin/signup/authenticate/refresh: a string,
  /// or `{access, refresh}`; NONE when anonymous.
  value token;
  /// Variables set with `let` and not removed since.
  value::object vars;
  /// The interactive transactions this session began and has not committed
  /// or cancelled yet (not replayed: they belong to one socket).
  std::set<uuid> transactions;
  /// Transactions that were open when the socket was lost: the server
  /// dropped them. Calls naming one fail with `errc::transaction_lost`
  /// (nothing sent); committing or cancelling one forgets it. Bounded by
  /// `max_lost_transactions`, the oldest forgotten first.
  std::set<uuid> lost_transactions;
  static constexpr size_t max_lost_transactions = 1024;
  /// True when its authentication could not be resumed after a reconnect:
  /// calls that need it fail with `errc::signin_required` until a signin,
  /// signup or authenticate succeeds (or invalidate/reset makes the session
  /// anonymous on purpose).
  bool signin_required = false;
  /// With `reconnect_options::keep_credentials` only: the last successful
  /// signin or signup and its credentials, to sign in again (`resume_method`
  /// is signin for both: a signup must not create its record twice)
  /// when the token cannot be renewed on resume. NONE otherwise. Never
  /// shown in errors or logs.
  value resume_credentials;
  rpc::method resume_method = rpc::method::signin;
  /// True after `close` or the connection's shutdown; nothing is sent then.
  bool closed = false;
  /// Why the session is closed: `errc::session_closed` or
  /// `errc::connection_closed`; what every later call fails with.
  caf::error close_reason;

  /// The call of `m` with `params` for this session (no transaction).
  rpc::request make_request(rpc::method m, value::array params) const;

  /// Why the call must not be sent: the close reason once closed,
  /// `errc::signin_required` for a call that needs the authentication the
  /// session lost, or `errc::invalid_argument` for arguments the server
  /// would choke on or methods a session must not send itself (`attach`,
  /// `detach`). A default error when the call may go.
  caf::error check(rpc::method m, const value::array& params) const;

  /// Why a call in transaction `txn` must not be sent: the close reason once
  /// closed, `errc::transaction_lost` when the socket it lived on was lost,
  /// `errc::transaction_closed` when `txn` is not open here.
  caf::error check_transaction(const uuid& txn) const;

  /// Records what the successful call `m(params)` with result `result`
  /// changed: ns/db after `use`; tokens after signin, signup, authenticate
  /// and refresh, with the namespace and database that the credentials or
  /// the token's claims (`NS`, `DB`) select, as the server does; nothing
  /// after `invalidate` (auth) or `reset` (everything); the refresh token
  /// after `revoke` of the session's own pair; variables after `let`/`unset`.
  void apply(rpc::method m, const value::array& params, const value& result);

  /// The access token to authenticate another session with: the token
  /// string, or the `access` of a token pair; NONE when anonymous.
  value access_token() const;

  /// True when the session holds an `{access, refresh}` pair.
  bool has_refresh_token() const;

  /// The socket was lost: open transactions become lost ones.
  void lose_transactions();

  /// The token could not be renewed on resume: anonymous now, and
  /// `signin_required` until it signs in again.
  void lose_auth();

  /// Marks the session closed with `reason`; the first reason sticks.
  void close(caf::error reason);
};

} // namespace surrealcaf::detail
