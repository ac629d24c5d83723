#include "surrealcaf/detail/session_state.hpp"

#include <string>
#include <utility>

#include "surrealcaf/detail/jwt_claims.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

namespace {

// `use` takes, per slot, a string to set, NULL to unset or NONE to keep.
bool valid_use_slot(const value& x) {
  return x.is_none() || x.is_null() || x.is<std::string>();
}

// What a `use` slot leaves behind, for servers that reply NONE (2.x).
value applied_slot(const value& sent, const value& before) {
  if (sent.is_none())
    return before;
  if (sent.is_null())
    return none;
  return sent;
}

// Signing in selects the namespace and database the credentials name; the
// server reads `NS` before `ns` (docs/protocol.md §3.1).
value credential_field(const value& creds, const char* upper, const char* lower) {
  const auto& x = creds[upper];
  return x.is<std::string>() ? x : creds[lower];
}

// Signing in selects what the credentials or token name, and keeps the rest.
void select(session_state& st, const value& ns, const value& db) {
  if (ns.is<std::string>())
    st.ns = ns;
  if (db.is<std::string>())
    st.db = db;
}

} // namespace

rpc::request session_state::make_request(rpc::method m, value::array params) const {
  return rpc::request{0, m, std::move(params), id, std::nullopt};
}

// What a session that lost its authentication may still do: sign in again,
// become anonymous on purpose, and what does not touch data.
bool allowed_without_auth(rpc::method m) {
  switch (m) {
    case rpc::method::signin:
    case rpc::method::signup:
    case rpc::method::authenticate:
    case rpc::method::invalidate:
    case rpc::method::reset:
    case rpc::method::use:
    case rpc::method::let:
    case rpc::method::unset:
    case rpc::method::ping:
    case rpc::method::version:
    case rpc::method::kill:
    case rpc::method::cancel:
      return true;
    default:
      return false;
  }
}

bool ends_signin_required(rpc::method m) {
  switch (m) {
    case rpc::method::signin:
    case rpc::method::signup:
    case rpc::method::authenticate:
    case rpc::method::invalidate:
    case rpc::method::reset:
      return true;
    default:
      return false;
  }
}

caf::error session_state::check(rpc::method m, const value::array& params) const {
  if (closed)
    return close_reason;
  if (signin_required && !allowed_without_auth(m))
    return make_error(errc::signin_required,
                      std::string{rpc::to_string(m)}
                        + ": the session's authentication could not be resumed after a "
                          "reconnect; sign in again");
  switch (m) {
    case rpc::method::attach:
    case rpc::method::detach:
      return make_error(errc::invalid_argument,
                        "sessions are attached by new_session() and detached by close()");
    case rpc::method::use: {
      if (params.size() != 2 || !valid_use_slot(params[0]) || !valid_use_slot(params[1]))
        return make_error(errc::invalid_argument,
                          "use takes a namespace and a database, each a string, NULL or NONE");
      // The server aborts on a database without a namespace (docs/protocol.md §3).
      auto ns_after = applied_slot(params[0], ns);
      if (params[1].is<std::string>() && !ns_after.is<std::string>())
        return make_error(errc::invalid_argument,
                          "set the namespace with or before the database");
      return {};
    }
    default:
      return {};
  }
}

void session_state::apply(rpc::method m, const value::array& params, const value& result) {
  if (ends_signin_required(m))
    signin_required = false;
  switch (m) {
    case rpc::method::use:
      if (result.is<value::object>()) {
        ns = result["namespace"];
        db = result["database"];
        // The server reports an unset slot as NULL or NONE; keep one form.
        if (ns.is_null())
          ns = none;
        if (db.is_null())
          db = none;
      } else if (params.size() == 2) {
        ns = applied_slot(params[0], ns);
        db = applied_slot(params[1], db);
      }
      break;
    case rpc::method::signin:
    case rpc::method::signup:
      auth = m == rpc::method::signin ? auth_kind::signin : auth_kind::signup;
      token = result;
      if (!params.empty()) {
        auto signin_ns = credential_field(params[0], "NS", "ns");
        auto signin_db = credential_field(params[0], "DB", "db");
        // Through an access method the server selects exactly the level of
        // the method: a namespace-level bearer grant leaves no database.
        if (credential_field(params[0], "AC", "ac").is<std::string>()) {
          ns = signin_ns.is<std::string>() ? signin_ns : none;
          db = signin_db.is<std::string>() ? signin_db : none;
        } else {
          select(*this, signin_ns, signin_db);
        }
      }
      break;
    case rpc::method::authenticate: {
      // Credentials of an earlier signin would sign in someone else.
      resume_credentials = none;
      auth = auth_kind::token;
      token = params.empty() ? value{} : params[0];
      auto claims = jwt_claims(token);
      select(*this, claims["NS"], claims["DB"]);
      break;
    }
    case rpc::method::refresh: {
      if (auth == auth_kind::none)
        auth = auth_kind::token;
      token = result;
      auto claims = jwt_claims(access_token());
      select(*this, claims["NS"], claims["DB"]);
      break;
    }
    case rpc::method::revoke:
      // The session's own refresh token is dead now; its access token
      // still works.
      if (!params.empty() && params[0] == token && token.is<value::object>()) {
        value access = token["access"];
        token = std::move(access);
      }
      break;
    case rpc::method::invalidate:
      auth = auth_kind::none;
      token = none;
      resume_credentials = none;
      break;
    case rpc::method::reset:
      resume_credentials = none;
      auth = auth_kind::none;
      token = none;
      ns = none;
      db = none;
      vars.clear();
      break;
    case rpc::method::let:
      if (auto name = params.empty() ? nullptr : params[0].get_if<std::string>()) {
        // A missing or NONE value removes the variable, as on the server.
        if (params.size() < 2 || params[1].is_none())
          vars.erase(*name);
        else
          vars[*name] = params[1];
      }
      break;
    case rpc::method::unset:
      if (auto name = params.empty() ? nullptr : params[0].get_if<std::string>())
        vars.erase(*name);
      break;
    default:
      break;
  }
}

caf::error session_state::check_transaction(const uuid& txn) const {
  if (closed)
    return close_reason;
  if (lost_transactions.count(txn) != 0)
    return make_error(errc::transaction_lost,
                      "the transaction was open when the socket was lost; the server dropped "
                      "it with the socket. Retry from a new begin");
  if (transactions.count(txn) == 0)
    return make_error(errc::transaction_closed,
                      "the transaction is not open in this session (never begun here, or "
                      "already committed or cancelled)");
  return {};
}

value session_state::access_token() const {
  if (token.is<std::string>())
    return token;
  if (auto access = token["access"]; access.is<std::string>())
    return access;
  return none;
}

bool session_state::has_refresh_token() const {
  return token["access"].is<std::string>() && token["refresh"].is<std::string>();
}

void session_state::lose_transactions() {
  lost_transactions.insert(transactions.begin(), transactions.end());
  transactions.clear();
  // UUIDs do not age in order; any one forgotten is fine: it then reads as
  // transaction_closed, which is also true.
  while (lost_transactions.size() > max_lost_transactions)
    lost_transactions.erase(lost_transactions.begin());
}

void session_state::lose_auth() {
  auth = auth_kind::none;
  token = none;
  signin_required = true;
}

void session_state::close(caf::error reason) {
  if (closed)
    return;
  closed = true;
  close_reason = std::move(reason);
  // Nothing is sent any more: no reason to hold a password or a token.
  resume_credentials = none;
  token = none;
}

} // namespace surrealcaf::detail
