#pragma once

#include <memory>

#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_pool.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/session.hpp"
#include "surrealcaf/transaction.hpp"

namespace surrealcaf::detail {

/// The handles' private parts, for the faces' sources: a handle's core, and
/// a handle made from a core (the constructors that take one are not
/// public).
struct face_access {
  template <class Face>
  static const std::shared_ptr<session_core>& core(const basic_session<Face>& x) noexcept {
    return x.core_;
  }

  /// A connection's core is its default session's.
  template <class Face>
  static const std::shared_ptr<session_core>& core(const basic_connection<Face>& x) noexcept {
    return x.core_;
  }

  /// A pool's core is its default session's, whose connection is the pool.
  template <class Face>
  static const std::shared_ptr<session_core>& core(const basic_connection_pool<Face>& x) noexcept {
    return x.core_;
  }

  template <class Handle, class Core>
  static Handle make(std::shared_ptr<Core> core) {
    return Handle{std::move(core)};
  }
};

} // namespace surrealcaf::detail
