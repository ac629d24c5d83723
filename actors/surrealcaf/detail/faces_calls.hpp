#pragma once

// Helpers shared by the faces' sources (faces_calls.cpp, faces_data.cpp).
// Internal, like faces_core.hpp.

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "surrealcaf/detail/faces_core.hpp"

namespace surrealcaf::detail {

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

// One call on a session: fails at once, sending nothing, if it is refused.
template <class R, class Reply, class Convert, class... Ts>
std::future<R> session_call(const std::shared_ptr<session_core>& core, const char* name,
                            Convert convert, Ts... xs) {
  if (auto err = refused<R>(core, name))
    return std::move(*err);
  auto& conn = *core->connection();
  return request<R, Reply>(conn.rt(), core->handle(), conn.timeout(), core->life(), name,
                           std::move(convert), std::move(xs)...);
}

// The first failed statement's error, else the last statement's result.
inline value script_value(query_results& results) {
  for (auto& x : results)
    if (x.error)
      throw surreal_error{*x.error};
  return results.empty() ? value{} : std::move(results.back().result);
}

template <class R>
R wait(const std::shared_ptr<session_core>& core, std::future<R> f, const char* name) {
  // An empty handle's future is ready already, so no timeout is needed.
  auto timeout = core ? core->connection()->timeout() : std::chrono::milliseconds{0};
  return await(std::move(f), timeout, name);
}

} // namespace surrealcaf::detail
