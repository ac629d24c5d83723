// The session and connection methods of both faces. Every async method is
// one typed request through the bridge (detail/faces_core.hpp); every
// blocking method waits on its async twin.

#include "surrealcaf/async.hpp"
#include "surrealcaf/blocking.hpp"
#include "surrealcaf/detail/faces_calls.hpp"
#include "surrealcaf/detail/faces_core.hpp"

#include <chrono>
#include <future>
#include <memory>

namespace surrealcaf {

using detail::face_access;

using detail::closed_error;
using detail::drop;
using detail::empty_handle;
using detail::keep;
using detail::session_call;
using detail::wait;

namespace {

// What close() waits for. Its future never fails: the connection actor
// answers close, or it is gone already because the server or the network
// ended the connection, which closed it just as well. Ready once the reply
// (or the failure) is in, or when dropped unanswered (the runtime shut down).
class close_call {
public:
  close_call() = default;
  close_call(const close_call&) = delete;
  close_call& operator=(const close_call&) = delete;

  ~close_call() {
    finish();
  }

  std::future<void> future() {
    return promise_.get_future();
  }

  // Called on the bridge only; the destructor runs after it.
  void finish() {
    if (!done_) {
      done_ = true;
      promise_.set_value();
    }
  }

private:
  std::promise<void> promise_;
  bool done_ = false;
};

} // namespace

// -- async_session ------------------------------------------------------------

std::future<value> async_session::use(value ns, value db) {
  return session_call<value, value>(core_, "use", keep, use_atom::value, std::move(ns),
                                    std::move(db));
}

std::future<value> async_session::signin(const credentials& creds) {
  return session_call<value, value>(core_, "signin", keep, signin_atom::value, creds);
}

std::future<value> async_session::signup(const record_credentials& creds) {
  return session_call<value, value>(core_, "signup", keep, signup_atom::value, creds);
}

std::future<void> async_session::authenticate(const std::string& token) {
  return session_call<void, value>(core_, "authenticate", drop, auth_atom::value, token);
}

std::future<void> async_session::invalidate() {
  return session_call<void, value>(core_, "invalidate", drop, invalidate_atom::value);
}

std::future<value> async_session::info() {
  return session_call<value, value>(core_, "info", keep, info_atom::value);
}

std::future<void> async_session::let(const std::string& name, value x) {
  return session_call<void, value>(core_, "let", drop, let_atom::value, name, std::move(x));
}

std::future<void> async_session::unset(const std::string& name) {
  return session_call<void, value>(core_, "unset", drop, unset_atom::value, name);
}

std::future<std::string> async_session::version() {
  return session_call<std::string, std::string>(core_, "version", keep, version_atom::value);
}

std::future<void> async_session::ping() {
  return session_call<void, value>(core_, "ping", drop, ping_atom::value);
}

std::future<value> async_session::call(rpc::method method, value::array params) {
  return session_call<value, value>(core_, rpc::to_string(method), keep, rpc_atom::value, method,
                                    std::move(params));
}

std::future<void> async_session::close_session() {
  constexpr auto name = "close_session";
  if (!core_)
    return detail::failed_future<void>(empty_handle(name));
  // Checked before the flag below: a connection's default session (reached
  // through a session reference or `default_session()`) stays usable.
  if (core_->is_default())
    return detail::failed_future<void>(surreal_error{
      errc::invalid_argument,
      std::string{name} + ": the default session cannot be closed; close the connection"});
  // The flag goes up before the request leaves: calls racing with this one
  // fail locally rather than reach a session being detached.
  if (core_->life()->closed.exchange(true) || core_->connection()->life()->closed.load())
    return detail::ready_future();
  auto& conn = *core_->connection();
  return detail::request<void, value>(conn.rt(), core_->handle(), conn.timeout(), core_->life(),
                                      name, drop, close_atom::value);
}

blocking_session async_session::blocking() const {
  return face_access::make<blocking_session>(core_);
}

// -- async_connection ---------------------------------------------------------

std::future<async_session> async_connection::new_session() {
  constexpr auto name = "new_session";
  if (!core_)
    return detail::failed_future<async_session>(empty_handle(name));
  auto& conn = core_->connection();
  if (conn->life()->closed.load())
    return detail::failed_future<async_session>(closed_error(errc::connection_closed, name));
  auto convert = [conn](session_actor& s) {
    return face_access::make<async_session>(
      std::make_shared<detail::session_core>(conn, std::move(s), detail::session_kind::added));
  };
  return detail::request<async_session, session_actor>(conn->rt(), conn->handle(), conn->timeout(),
                                                       conn->life(), name, convert,
                                                       session_atom::value);
}

async_session async_connection::default_session() const {
  return *this;
}

std::future<void> async_connection::close() {
  constexpr auto name = "close";
  if (!core_)
    return detail::failed_future<void>(empty_handle(name));
  auto& conn = *core_->connection();
  if (conn.life()->closed.exchange(true))
    return detail::ready_future();
  auto st = std::make_shared<close_call>();
  auto result = st->future();
  conn.rt().run([st, dest = conn.handle(), timeout = conn.timeout()](caf::event_based_actor* self) {
    self->request(dest, timeout, close_atom::value)
      .then([st](bool) { st->finish(); }, [st](caf::error&) { st->finish(); });
  });
  return result;
}

blocking_connection async_connection::blocking() const {
  return face_access::make<blocking_connection>(core_);
}

// -- blocking_session ---------------------------------------------------------

value blocking_session::use(value ns, value db) {
  return wait(core_, async().use(std::move(ns), std::move(db)), "use");
}

value blocking_session::signin(const credentials& creds) {
  return wait(core_, async().signin(creds), "signin");
}

value blocking_session::signup(const record_credentials& creds) {
  return wait(core_, async().signup(creds), "signup");
}

void blocking_session::authenticate(const std::string& token) {
  wait(core_, async().authenticate(token), "authenticate");
}

void blocking_session::invalidate() {
  wait(core_, async().invalidate(), "invalidate");
}

value blocking_session::info() {
  return wait(core_, async().info(), "info");
}

void blocking_session::let(const std::string& name, value x) {
  wait(core_, async().let(name, std::move(x)), "let");
}

void blocking_session::unset(const std::string& name) {
  wait(core_, async().unset(name), "unset");
}

std::string blocking_session::version() {
  return wait(core_, async().version(), "version");
}

void blocking_session::ping() {
  wait(core_, async().ping(), "ping");
}

value blocking_session::call(rpc::method method, value::array params) {
  return wait(core_, async().call(method, std::move(params)), rpc::to_string(method));
}

void blocking_session::close_session() {
  wait(core_, async().close_session(), "close_session");
}

async_session blocking_session::async() const {
  return face_access::make<async_session>(core_);
}

// -- blocking_connection ------------------------------------------------------

blocking_session blocking_connection::new_session() {
  return wait(core_, async().new_session(), "new_session").blocking();
}

blocking_session blocking_connection::default_session() const {
  return *this;
}

void blocking_connection::close() {
  auto f = async().close();
  // Its future fails only for an empty handle (ready at once); a slow reply
  // is no failure either: the connection is closed locally already.
  auto timeout = core_ ? core_->connection()->timeout() : std::chrono::milliseconds{0};
  if (f.wait_for(timeout + std::chrono::seconds{1}) == std::future_status::ready)
    f.get();
}

async_connection blocking_connection::async() const {
  return face_access::make<async_connection>(core_);
}

} // namespace surrealcaf
