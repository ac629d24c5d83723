#pragma once

#include <atomic>

#include "surrealcaf/detail/errc_enum.hpp"

namespace surrealcaf::detail {

/// Whether a session or connection was closed locally; checked before
/// anything is sent. Shared with the calls in flight, which fail with
/// `closed_code` when their actor vanished after a local close.
struct lifeline {
  /// What a call on the closed object fails with.
  explicit lifeline(errc code) : closed_code(code) {
  }

  std::atomic<bool> closed{false};
  const errc closed_code;
};

} // namespace surrealcaf::detail
