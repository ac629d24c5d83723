// How a session call travels to the connection and what its reply becomes.

#include "session_actor_parts.hpp"

#include <memory>
#include <string>
#include <utility>

#include "caf/sec.hpp"

namespace surrealcaf::detail::session_parts {

// A failed statement as the error of the call that ran it. A write conflict
// gets its own code, so callers can tell it is retryable.
caf::error statement_error(rpc::server_error x) {
  auto code = x.is_transaction_conflict() ? errc::transaction_conflict : errc::server_error;
  return make_error(code, std::move(x));
}

// A request to a connection that is already gone fails with CAF's
// receiver_down; callers get the error the interface promises instead. A
// server's error reply is classified like a failed statement.
caf::error as_session_error(caf::error err) {
  if (err == caf::sec::request_receiver_down)
    return make_error(errc::connection_closed, "the connection is gone");
  if (is(err, errc::server_error))
    if (auto server = server_error_of(err))
      return statement_error(*server);
  return err;
}

// What the session state needs of a call's params once the server said yes.
// Most calls need nothing (a query is not copied); signin and signup keep
// only the namespace and database they select and the access method's name
// (which decides how they select), never the secrets.
value::array kept_params(rpc::method m, const value::array& params) {
  switch (m) {
    case rpc::method::use:
    case rpc::method::authenticate:
    case rpc::method::let:
    case rpc::method::unset:
    case rpc::method::revoke:
      return params;
    case rpc::method::signin:
    case rpc::method::signup: {
      value::object selected;
      if (!params.empty())
        for (const char* key : {"NS", "ns", "DB", "db", "AC", "ac"})
          if (const auto& x = params[0][key]; x.is<std::string>())
            selected.emplace(key, x);
      return {value{std::move(selected)}};
    }
    default:
      return {};
  }
}

value kept_secret(self_pointer self, rpc::method m, const value::array& params) {
  if (!self->state.settings.keep_credentials || params.empty()
      || (m != rpc::method::signin && m != rpc::method::signup))
    return none;
  return params[0];
}

void after_success(self_pointer self, rpc::method m, const value::array& kept,
                   const value& result, value& secret) {
  auto& st = self->state;
  st.data.apply(m, kept, result);
  switch (m) {
    case rpc::method::signin:
    case rpc::method::signup:
      // Replayed as a signin: the access method's SIGNUP usually creates
      // the record, and must not run twice.
      if (!secret.is_none()) {
        st.data.resume_credentials = std::move(secret);
        st.data.resume_method = rpc::method::signin;
      }
      schedule_token_refresh(self);
      break;
    case rpc::method::authenticate:
    case rpc::method::refresh:
    case rpc::method::revoke:
    case rpc::method::invalidate:
    case rpc::method::reset:
      // A new token, or none: the timer follows the token.
      schedule_token_refresh(self);
      break;
    default:
      break;
  }
}

caf::expected<value> as_value(value& x) {
  return std::move(x);
}

caf::expected<std::string> as_version(value& x) {
  return reply_as<std::string>("version", x);
}

caf::expected<query_results> as_query_results(value& x) {
  return rpc::parse_query_results(std::move(x));
}

// The one statement of a CRUD call: its result, or its error.
caf::expected<value> as_statement_result(value& x) {
  auto results = rpc::parse_query_results(std::move(x));
  if (!results)
    return std::move(results.error());
  if (results->size() != 1)
    return make_error(errc::protocol_error, "a CRUD statement replied "
                                              + std::to_string(results->size())
                                              + " results, not one");
  auto& res = results->front();
  if (!res.ok())
    return statement_error(std::move(*res.error));
  return std::move(res.result);
}

// Sends one call for this session; `done` gets its outcome. The connection
// answers every call, at the latest when it shuts down.
void ask_connection(self_pointer self, rpc::request req, reply_fn done) {
  auto& st = self->state;
  auto n = ++st.calls_made;
  if (st.moving) {
    hold_call(self, n, held_call{std::move(req), std::move(done), st.call_timeout}, true);
    return;
  }
  send_call(self, st.conn, n, std::move(req), std::move(done), st.call_timeout);
}

void send_call(self_pointer self, const connection_internal& conn, uint64_t n, rpc::request req,
               reply_fn done, std::chrono::milliseconds timeout) {
  std::shared_ptr<rpc::request> copy;
  if (self->state.settings.may_move)
    copy = std::make_shared<rpc::request>(req);
  auto on_value = [done](value& x) { done(std::move(x)); };
  // Weakly: a connection that gave up must not be kept by its calls.
  auto on_error = [self, done, copy, timeout, n, sent_to = conn.address()](caf::error& err) {
    if (copy && err == caf::sec::request_receiver_down && moved_from(self, sent_to)) {
      hold_call(self, n, held_call{std::move(*copy), done, timeout}, false);
      return;
    }
    done(as_session_error(std::move(err)));
  };
  if (timeout.count() > 0)
    self->request(conn, caf::infinite, call_atom::value, std::move(req), timeout)
      .then(std::move(on_value), std::move(on_error));
  else
    self->request(conn, caf::infinite, call_atom::value, std::move(req))
      .then(std::move(on_value), std::move(on_error));
}

} // namespace surrealcaf::detail::session_parts
