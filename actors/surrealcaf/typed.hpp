#pragma once

#include <cstddef>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "surrealcaf/convert.hpp"
#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/future.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/value.hpp"

/// @file
/// Typed results for the blocking and async faces: the CRUD and query calls
/// with C++ types in and out, converted by `value::from` / `value::as<T>`
/// (convert.hpp, so types need nlohmann `to_json` / `from_json`, e.g. from
/// `NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE`). A separate header so that
/// blocking.hpp and async.hpp stay free of nlohmann.
///
/// Each function takes any handle with the matching call: a
/// `blocking_session` or `blocking_transaction` (returning the result), or
/// their async counterparts (returning a `surrealcaf::future` of the
/// converted result; the conversion runs when the reply arrives, on the
/// thread that completes the call).
///
/// Errors: the call's `surreal_error`s as usual; a failed conversion throws
/// `conversion_error` (from `get()` on the async face).

namespace surrealcaf {

namespace detail {

template <class T>
struct is_future : std::false_type {};

template <class T>
struct is_future<future<T>> : std::true_type {};

/// Applies `f` to the call's result: at once for a plain result, once it
/// is in for a future.
template <class R, class F>
auto typed_then(R&& r, F f) {
  if constexpr (is_future<std::decay_t<R>>::value) {
    using in = typename std::decay_t<R>::value_type;
    using out = decltype(f(std::declval<in>()));
    promise<out> p;
    auto result = p.get_future();
    r.then([p, f](future<in> x) mutable {
      try {
        p.set_value(f(x.get()));
      } catch (...) {
        p.set_exception(std::current_exception());
      }
    });
    return result;
  } else {
    return f(std::forward<R>(r));
  }
}

/// A `select` result as a list: NONE is empty, one object is one element.
template <class T>
std::vector<T> as_list(const value& x) {
  if (x.is_none() || x.is_null())
    return {};
  if (x.type() == value::kind::object) {
    std::vector<T> one;
    one.push_back(x.as<T>());
    return one;
  }
  return x.as<std::vector<T>>();
}

} // namespace detail

/// `handle.select(target)` as a list of `T` (empty if a record id matched
/// nothing).
template <class T, class Handle>
auto select_as(Handle& handle, value target) {
  return detail::typed_then(handle.select(std::move(target)),
                            [](const value& x) { return detail::as_list<T>(x); });
}

/// `handle.create(target, value::from(data))`, the created record as `T`.
template <class T, class Handle>
auto create_as(Handle& handle, value target, const T& data) {
  return detail::typed_then(handle.create(std::move(target), value::from(data)),
                            [](const value& x) { return x.as<T>(); });
}

/// `handle.query(sql, vars)`, the result of statement `index` (0-based) as
/// `T`. Throws that statement's error as a server error, and
/// `errc::invalid_argument` if there is no such statement.
template <class T, class Handle>
auto query_as(Handle& handle, const std::string& sql, value::object vars = {}, size_t index = 0) {
  return detail::typed_then(handle.query(sql, std::move(vars)), [index](query_results&& xs) {
    if (index >= xs.size())
      throw surreal_error{errc::invalid_argument,
                          "query_as: statement " + std::to_string(index) + " of "
                            + std::to_string(xs.size())};
    auto& x = xs[index];
    if (x.error)
      throw surreal_error{*x.error};
    return x.result.template as<T>();
  });
}

} // namespace surrealcaf
