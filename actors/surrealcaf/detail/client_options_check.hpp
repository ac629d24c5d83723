#pragma once

#include "caf/error.hpp"

#include "surrealcaf/client_options.hpp"

namespace surrealcaf::detail {

/// `connect`'s rules for its options (connect.hpp): `errc::invalid_argument`
/// naming the first setting out of range, or no error. Shared with
/// `spawn_pool`, which checks every connection's options the same way.
caf::error client_options_problem(const client_options& opts);

} // namespace surrealcaf::detail
