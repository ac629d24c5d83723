#pragma once

// Helpers shared by the faces' sources. Internal, like faces_core.hpp.

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <new>
#include <string>
#include <tuple>

#include "surrealcaf/detail/faces_core.hpp"

namespace surrealcaf::detail {

/// A call's name (for errors) and how many request timeouts it may take: one,
/// or two for a fork, which is several calls in a row.
struct call_spec {
  constexpr call_spec(const char* name, int timeouts = 1) : name(name), timeouts(timeouts) {
  }

  const char* name;
  int timeouts;
};

inline surreal_error empty_handle(const char* name) {
  return {errc::invalid_argument, std::string{name} + ": empty handle"};
}

inline surreal_error closed_error(errc code, const char* name) {
  return {code, std::string{name}
                  + (code == errc::session_closed ? ": the session is closed"
                                                  : ": the connection is closed")};
}

// The error a call on a session fails with locally, if any: the handle is
// empty, or the session or its connection was closed locally.
template <class R>
std::optional<std::future<R>> refused(const std::shared_ptr<session_core>& core,
                                      const char* name) {
  if (!core)
    return failed_future<R>(empty_handle(name));
  if (auto code = core->closed())
    return failed_future<R>(closed_error(*code, name));
  return std::nullopt;
}

/// How long `call` may take on `core`'s connection; zero for an empty
/// handle, whose calls fail at once.
inline std::chrono::milliseconds deadline(const std::shared_ptr<session_core>& core,
                                          call_spec call) {
  return core ? call.timeouts * core->connection()->timeout() : std::chrono::milliseconds{0};
}

/// One call on a session: fails at once, sending nothing, if it is refused.
template <class R, class Reply, class Convert, class... Ts>
std::future<R> session_call(const std::shared_ptr<session_core>& core, call_spec call,
                            Convert convert, Ts... xs) {
  if (auto err = refused<R>(core, call.name))
    return std::move(*err);
  auto& conn = *core->connection();
  return request<R, Reply>(conn.rt(), core->handle(), deadline(core, call), core->life(),
                           call.name, std::move(convert), std::move(xs)...);
}

/// `f`, a call on `core`, as `Face` returns it.
template <class Face, class R>
auto finish(const std::shared_ptr<session_core>& core, call_spec call, std::future<R> f) {
  return Face::finish(std::move(f), deadline(core, call), call.name);
}

// The first failed statement's error, else the last statement's result.
inline value script_value(query_results& results) {
  for (auto& x : results)
    if (x.error)
      throw surreal_error{*x.error};
  return results.empty() ? value{} : std::move(results.back().result);
}

/// Sends `xs...` to the session from the bridge and ignores the reply: for
/// destructors, which must neither wait nor throw.
template <class... Ts>
void fire_and_forget(const std::shared_ptr<session_core>& s, Ts... xs) noexcept {
  if (!s || s->closed())
    return;
  try {
    auto& conn = *s->connection();
    conn.rt().run([hdl = s->handle(), timeout = conn.timeout(),
                   args = std::make_tuple(std::move(xs)...)](caf::event_based_actor* self) {
      std::apply(
        [&](const auto&... ys) {
          self->request(hdl, timeout, ys...).then([](value&) {}, [](caf::error&) {});
        },
        args);
    });
  } catch (const std::bad_alloc&) {
    // Nothing else to do: the server drops what we could not end with the
    // session or the socket.
  }
}

/// The session a transaction's calls travel through; null for an empty
/// handle.
inline std::shared_ptr<session_core> session_of(const std::shared_ptr<transaction_core>& t) {
  return t ? t->session() : nullptr;
}

inline surreal_error txn_closed(const char* name) {
  return {errc::transaction_closed, std::string{name} + ": the transaction is closed"};
}

/// The error a call on a transaction fails with locally, if any: the handle
/// is empty or the transaction closed.
template <class R>
std::optional<std::future<R>> refused(const std::shared_ptr<transaction_core>& t,
                                      const char* name) {
  if (!t)
    return failed_future<R>(empty_handle(name));
  if (!t->open())
    return failed_future<R>(txn_closed(name));
  return std::nullopt;
}

/// Starts a live query on the session (live_stream.cpp): on `table`, or
/// from a `LIVE SELECT` statement.
std::future<live_stream> start_live(const std::shared_ptr<session_core>& core, value table,
                                    bool diff);
std::future<live_stream> start_live(const std::shared_ptr<session_core>& core,
                                    const std::string& sql, value::object vars);

} // namespace surrealcaf::detail
