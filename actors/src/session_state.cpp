#include "surrealcaf/detail/session_state.hpp"

#include <string>
#include <utility>

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

} // namespace

rpc_call session_state::make_call(rpc::method m, value::array params) const {
  return rpc_call{m, std::move(params), id, std::nullopt};
}

caf::error session_state::check(rpc::method m, const value::array& params) const {
  if (closed)
    return close_reason;
  switch (m) {
    case rpc::method::attach:
    case rpc::method::detach:
      return make_error(errc::invalid_argument,
                        "sessions are attached by new_session() and detached by close()");
    case rpc::method::use: {
      if (params.size() != 2 || !valid_use_slot(params[0]) || !valid_use_slot(params[1]))
        return make_error(errc::invalid_argument,
                          "use takes a namespace and a database, each a string, NULL or NONE");
      // The server aborts on a database without a namespace (protocol.md §3).
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
      auth = auth_kind::signin;
      token = result;
      break;
    case rpc::method::signup:
      auth = auth_kind::signup;
      token = result;
      break;
    case rpc::method::authenticate:
      auth = auth_kind::token;
      token = params.empty() ? value{} : params[0];
      break;
    case rpc::method::refresh:
      token = result;
      break;
    case rpc::method::invalidate:
      auth = auth_kind::none;
      token = none;
      break;
    case rpc::method::reset:
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

void session_state::close(caf::error reason) {
  if (closed)
    return;
  closed = true;
  close_reason = std::move(reason);
}

} // namespace surrealcaf::detail
