// The session calls of both faces (session.hpp), each written once: make
// the call's future (one typed request through the bridge), then let the
// face return it or wait for it.

#include "surrealcaf/session.hpp"

#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/live_core.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/detail/transaction_core.hpp"

namespace surrealcaf {

using detail::call_spec;
using detail::drop;
using detail::face_access;
using detail::keep;
using detail::session_call;
using detail::session_core;

namespace {

// One call on the session `core`, returned as `Face` returns it.
template <class Face, class R, class Reply, class Convert, class... Ts>
auto run_call(const std::shared_ptr<session_core>& core, call_spec spec, Convert convert,
              Ts... xs) {
  auto f = session_call<R, Reply>(core, spec, std::move(convert), std::move(xs)...);
  return detail::finish<Face>(core, spec, std::move(f));
}

// close_session's future: the flag goes up before the request leaves, so
// calls racing with this one fail locally rather than reach a session being
// detached.
future<void> detach(const std::shared_ptr<session_core>& core, const char* name) {
  if (!core)
    return detail::failed_future<void>(detail::empty_handle(name));
  // Checked before the flag: a connection's default session stays usable.
  if (core->is_default())
    return detail::failed_future<void>(surreal_error{
      errc::invalid_argument,
      std::string{name} + ": the default session cannot be closed; close the connection"});
  if (core->life()->closed.exchange(true) || core->connection()->life()->closed.load())
    return detail::ready_future();
  auto limit = detail::request_limit(core->timeout(), core->connection()->keeps_deadlines());
  return detail::send_to_session<void, value>(core, limit, name, drop, close_atom::value);
}

} // namespace

template <class Face>
auto basic_session<Face>::use(value ns, value db) -> result<value> {
  return run_call<Face, value, value>(this->core_, "use", keep, use_atom::value, std::move(ns),
                                      std::move(db));
}

template <class Face>
auto basic_session<Face>::signin(const credentials& creds) -> result<value> {
  return run_call<Face, value, value>(this->core_, "signin", keep, signin_atom::value, creds);
}

template <class Face>
auto basic_session<Face>::signup(const record_credentials& creds) -> result<value> {
  return run_call<Face, value, value>(this->core_, "signup", keep, signup_atom::value, creds);
}

template <class Face>
auto basic_session<Face>::authenticate(const std::string& token) -> result<void> {
  return run_call<Face, void, value>(this->core_, "authenticate", drop, auth_atom::value, token);
}

template <class Face>
auto basic_session<Face>::invalidate() -> result<void> {
  return run_call<Face, void, value>(this->core_, "invalidate", drop, invalidate_atom::value);
}

template <class Face>
auto basic_session<Face>::info() -> result<value> {
  return run_call<Face, value, value>(this->core_, "info", keep, info_atom::value);
}

template <class Face>
auto basic_session<Face>::let(const std::string& name, value x) -> result<void> {
  return run_call<Face, void, value>(this->core_, "let", drop, let_atom::value, name, std::move(x));
}

template <class Face>
auto basic_session<Face>::unset(const std::string& name) -> result<void> {
  return run_call<Face, void, value>(this->core_, "unset", drop, unset_atom::value, name);
}

template <class Face>
auto basic_session<Face>::version() -> result<std::string> {
  return run_call<Face, std::string, std::string>(this->core_, "version", keep,
                                                  version_atom::value);
}

template <class Face>
auto basic_session<Face>::ping() -> result<void> {
  return run_call<Face, void, value>(this->core_, "ping", drop, ping_atom::value);
}

template <class Face>
auto basic_session<Face>::call(rpc::method method, value::array params) -> result<value> {
  return run_call<Face, value, value>(this->core_, rpc::to_string(method), keep, rpc_atom::value,
                                      method, std::move(params));
}

template <class Face>
auto basic_session<Face>::begin_transaction() -> result<basic_transaction<Face>> {
  auto convert = [core = this->core_](uuid& id) {
    return face_access::make<basic_transaction<Face>>(
      std::make_shared<detail::transaction_core>(core, id));
  };
  return run_call<Face, basic_transaction<Face>, uuid>(this->core_, "begin", std::move(convert),
                                                       begin_atom::value);
}

template <class Face>
auto basic_session<Face>::live(value table, bool diff) -> result<live_stream> {
  return detail::finish<Face>(this->core_, "live",
                              detail::start_live(this->core_, std::move(table), diff));
}

template <class Face>
auto basic_session<Face>::live_query(const std::string& sql, value::object vars)
  -> result<live_stream> {
  return detail::finish<Face>(this->core_, "live",
                              detail::start_live(this->core_, sql, std::move(vars)));
}

template <class Face>
auto basic_session<Face>::refresh() -> result<value> {
  return run_call<Face, value, value>(this->core_, "refresh", keep, refresh_atom::value);
}

template <class Face>
auto basic_session<Face>::fork_session() -> result<basic_session> {
  // Runs only once the fork was sent, so for a non-empty handle.
  auto convert = [core = this->core_](forked_session& x) {
    return face_access::make<basic_session>(std::make_shared<session_core>(
      core->connection(), std::move(x.session), detail::session_kind::added));
  };
  // A fork is several calls in a row and ends within twice the timeout.
  return run_call<Face, basic_session, forked_session>(this->core_, {"fork", 2},
                                                       std::move(convert), fork_atom::value);
}

template <class Face>
auto basic_session<Face>::revoke() -> result<void> {
  return run_call<Face, void, value>(this->core_, "revoke", drop, revoke_atom::value);
}

template <class Face>
auto basic_session<Face>::close_session() -> result<void> {
  constexpr auto name = "close_session";
  return detail::finish<Face>(this->core_, name, detach(this->core_, name));
}

template <class Face>
basic_session<Face>
basic_session<Face>::with_request_timeout(std::chrono::milliseconds timeout) const {
  if (timeout.count() <= 0)
    throw surreal_error{errc::invalid_argument,
                        "with_request_timeout: the timeout must be positive, not "
                          + std::to_string(timeout.count()) + " ms"};
  if (!this->core_)
    return {};
  return face_access::make<basic_session>(std::make_shared<session_core>(*this->core_, timeout));
}

template <class Face>
std::chrono::milliseconds basic_session<Face>::request_timeout() const noexcept {
  return this->core_ ? this->core_->timeout() : std::chrono::milliseconds{0};
}

template <class Face>
basic_session<blocking_face> basic_session<Face>::blocking() const {
  return face_access::make<basic_session<blocking_face>>(this->core_);
}

template <class Face>
basic_session<async_face> basic_session<Face>::async() const {
  return face_access::make<basic_session<async_face>>(this->core_);
}

template class basic_session<blocking_face>;
template class basic_session<async_face>;

} // namespace surrealcaf
