#include "surrealcaf/detail/session.hpp"

#include <string>
#include <utility>

#include "caf/actor_system.hpp"
#include "caf/sec.hpp"
#include "caf/stateful_actor.hpp"
#include "caf/typed_event_based_actor.hpp"

#include "surrealcaf/detail/session_state.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail {

namespace {

struct session_actor_state {
  session_state data;
  /// Null once closed, so a closed session keeps nothing alive.
  connection_actor conn;

  static inline const char* name = "surrealcaf.session";
};

using self_pointer = session_actor::stateful_pointer<session_actor_state>;

// A request to a connection that is already gone fails with CAF's
// receiver_down; callers get the error the interface promises instead.
caf::error as_session_error(caf::error err) {
  if (err == caf::sec::request_receiver_down)
    return make_error(errc::connection_closed, "the connection is gone");
  return err;
}

bool is_connection_gone(const caf::error& err) {
  return err == caf::sec::request_receiver_down
         || (err.category() == errc_category
             && err.code() == static_cast<uint8_t>(errc::connection_closed));
}

// Only these methods need their params again to update the session state;
// the others (query above all) are not copied.
bool state_reads_params(rpc::method m) {
  switch (m) {
    case rpc::method::use:
    case rpc::method::authenticate:
    case rpc::method::let:
    case rpc::method::unset:
      return true;
    default:
      return false;
  }
}

caf::expected<value> as_value(value& x) {
  return std::move(x);
}

caf::expected<std::string> as_version(value& x) {
  if (auto text = x.get_if<std::string>())
    return std::move(*text);
  return make_error(errc::protocol_error,
                    std::string{"version replied "} + to_string(x.type()) + ", not a string");
}

caf::expected<query_results> as_query_results(value& x) {
  return rpc::parse_query_results(std::move(x));
}

// Sends one call through the connection and answers with `convert(result)`.
// The session state is updated only once the server said yes.
template <class T>
caf::result<T> forward(self_pointer self, rpc::method m, value::array params,
                       caf::expected<T> (*convert)(value&)) {
  auto& st = self->state;
  if (auto err = st.data.check(m, params))
    return err;
  auto kept = state_reads_params(m) ? params : value::array{};
  auto rp = self->template make_response_promise<T>();
  self->request(st.conn, caf::infinite, call_atom::value, st.data.make_call(m, std::move(params)))
    .then(
      [self, rp, m, kept, convert](value& result) mutable {
        self->state.data.apply(m, kept, result);
        auto out = convert(result);
        if (out)
          rp.deliver(std::move(*out));
        else
          rp.deliver(std::move(out.error()));
      },
      [rp](caf::error& err) mutable { rp.deliver(as_session_error(std::move(err))); });
  return rp;
}

caf::result<value> close_session(self_pointer self) {
  auto& st = self->state;
  if (!st.data.id)
    return make_error(errc::invalid_argument,
                      "the default session cannot be closed; close the connection");
  // Closing twice, or after the connection closed, has nothing left to do.
  if (st.data.closed)
    return value{};
  auto call = st.data.make_call(rpc::method::detach, {});
  st.data.close(make_error(errc::session_closed, "close_session() was called"));
  auto rp = self->make_response_promise<value>();
  self->request(st.conn, caf::infinite, call_atom::value, std::move(call))
    .then([rp](value&) mutable { rp.deliver(value{}); },
          [rp](caf::error& err) mutable {
            // A connection that closed took the server's session with it.
            if (is_connection_gone(err))
              rp.deliver(value{});
            else
              rp.deliver(std::move(err));
          });
  st.conn = nullptr;
  return rp;
}

session_actor::behavior_type session_impl(self_pointer self, connection_actor conn,
                                          std::optional<uuid> id) {
  self->state.conn = std::move(conn);
  self->state.data.id = id;
  return {
    [self](use_atom, value& ns, value& db) {
      return forward<value>(self, rpc::method::use, {std::move(ns), std::move(db)}, as_value);
    },
    [self](signin_atom, const credentials& creds) {
      return forward<value>(self, rpc::method::signin, {to_value(creds)}, as_value);
    },
    [self](signup_atom, const record_credentials& creds) {
      return forward<value>(self, rpc::method::signup, {to_value(credentials{creds})},
                            as_value);
    },
    [self](auth_atom, std::string& token) {
      return forward<value>(self, rpc::method::authenticate, {std::move(token)}, as_value);
    },
    [self](invalidate_atom) {
      return forward<value>(self, rpc::method::invalidate, {}, as_value);
    },
    [self](info_atom) { return forward<value>(self, rpc::method::info, {}, as_value); },
    [self](let_atom, std::string& name, value& x) {
      return forward<value>(self, rpc::method::let, {std::move(name), std::move(x)}, as_value);
    },
    [self](unset_atom, std::string& name) {
      return forward<value>(self, rpc::method::unset, {std::move(name)}, as_value);
    },
    [self](query_atom, std::string& sql, value::object& vars) {
      return forward<query_results>(self, rpc::method::query,
                                    {std::move(sql), std::move(vars)}, as_query_results);
    },
    [self](version_atom) {
      return forward<std::string>(self, rpc::method::version, {}, as_version);
    },
    [self](ping_atom) { return forward<value>(self, rpc::method::ping, {}, as_value); },
    [self](rpc_atom, rpc::method m, value::array& params) {
      return forward<value>(self, m, std::move(params), as_value);
    },
    [self](close_atom) { return close_session(self); },
    [self](rpc::notification&) {
      // Routing ends here for now; live-query subscribers come with #5.
      ++self->state.data.notifications;
    },
    [self](shutdown_atom, caf::error& reason) {
      auto& st = self->state;
      if (!(reason.category() == errc_category
            && reason.code() == static_cast<uint8_t>(errc::connection_closed)))
        reason = make_error(errc::connection_closed, describe(reason));
      st.data.close(std::move(reason));
      st.conn = nullptr;
    },
  };
}

} // namespace

session_actor spawn_session(caf::actor_system& sys, connection_actor conn,
                            std::optional<uuid> id) {
  return sys.spawn(session_impl, std::move(conn), id);
}

} // namespace surrealcaf::detail
