#pragma once

#include <chrono>
#include "surrealcaf/future.hpp"

// The two faces as types: what a call of the blocking or the async face
// returns, and how the future every call makes becomes that result. The
// handle templates (`basic_session`, `basic_transaction`, `basic_connection`,
// `data_calls`) take one of them as `Face`; their calls are declared once and
// compiled once per face in the library. No CAF header is included here.

namespace surrealcaf {

/// The blocking face: a call returns its result once the reply came, or
/// throws `surreal_error`; it never waits longer than its deadline (the
/// handle's `request_timeout()`: `client_options::request_timeout` or its
/// own from `with_request_timeout`; twice that for `fork_session`) plus the
/// faces' backstop margins, then throws `errc::timeout`.
struct blocking_face {
  /// A call returns its result itself.
  template <class T>
  using result = T;

  /// Waits for `f` within `deadline` and returns its value (or rethrows).
  /// Defined in the library (detail/bridge_call.hpp).
  template <class T>
  static T finish(future<T> f, std::chrono::milliseconds deadline, const char* name);

  /// For a call whose outcome needs no waiting (`close`): waits at most
  /// `deadline` plus a second, rethrows what `f` holds if it became ready,
  /// else returns. Defined in the library (connection.cpp).
  static void settle(future<void> f, std::chrono::milliseconds deadline);
};

/// The async face: a call returns a `surrealcaf::future` at once (future.hpp:
/// `get()` returns the result or throws `surreal_error`, `then` runs a
/// continuation; it converts to a `std::future`). The future always becomes ready,
/// at the latest when the call's deadline passes.
struct async_face {
  /// A call returns a future of its result.
  template <class T>
  using result = future<T>;

  /// Return `f` as it is: the caller decides when to wait.
  ///@{
  template <class T>
  static future<T> finish(future<T> f, std::chrono::milliseconds, const char*) {
    return f;
  }

  static future<void> settle(future<void> f, std::chrono::milliseconds) {
    return f;
  }
  ///@}
};

} // namespace surrealcaf
