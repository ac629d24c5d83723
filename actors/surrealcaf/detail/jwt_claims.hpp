#pragma once

#include <chrono>
#include <optional>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// The claims of a JWT that a session needs, read from its payload (the
/// part between the first and second '.', base64url with or without
/// padding, holding a JSON object): `NS`, `DB`, `AC` and `ID` when they are
/// strings; `exp`, `iat` and `nbf` when they are numbers, as int64 seconds
/// since the epoch (a fraction is rounded down). Anything that is not a
/// string holding a readable JWT has no claims. The token is only read,
/// never verified: the server does that.
value::object jwt_claims(const value& token);

/// When the JWT `token` expires (its `exp` claim); nothing without one. An
/// `exp` beyond what the clock can hold gives its largest (or smallest)
/// time point.
std::optional<std::chrono::system_clock::time_point> jwt_expiry(const value& token);

/// How long from `now` to wait before refreshing a token that expires at
/// `expiry`: the time left minus `margin`, where the margin is at most half
/// the time left (so short tokens are not refreshed back to back); zero when
/// the token expired already. Nothing when `margin` is not positive, which
/// turns refreshing off (`client_options::token_refresh_margin`).
std::optional<std::chrono::milliseconds> refresh_delay(std::chrono::system_clock::time_point now,
                                                       std::chrono::system_clock::time_point expiry,
                                                       std::chrono::milliseconds margin);

} // namespace surrealcaf::detail
