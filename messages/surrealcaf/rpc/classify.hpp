#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>

#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/response.hpp"
#include "surrealcaf/rpc/server_error.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::rpc {

/// An error frame that answers no call in flight: an error without `id`
/// (the server could not read a request at all) or with an id this client
/// is not waiting for. Nothing to complete: the connection drops it and
/// counts it (`detail::frame_counters::uncorrelated_errors`).
struct uncorrelated_error {
  /// The frame's `id` as sent; NONE when it had none.
  value id;
  server_error error;          ///< The error the frame carried.
  std::optional<uuid> session; ///< The frame's `session`, if any.
};

/// A success reply whose id names no call in flight: typically the late
/// answer to a call abandoned after its timeout, or a reply carrying an id of
/// a type this client never sends. Nothing to complete; drop it.
struct stray_reply {
  /// The frame's `id` as sent; NONE when it had none.
  value id;
  value result;                ///< The frame's `result`.
  std::optional<uuid> session; ///< The frame's `session`, if any.
};

/// A frame that breaks the protocol: not a map, both or neither of
/// `result`/`error`, a notification with bad fields, a `session` that is not
/// a UUID, ...
struct invalid_frame {
  /// What is wrong, for logs; never contains user data beyond a short
  /// excerpt of an unknown action name.
  std::string reason;
  /// Set when the frame carried the id of a call in flight: that call must
  /// still end, with `errc::protocol_error`.
  std::optional<int64_t> id;
};

/// What an incoming frame is. Exactly one alternative per frame.
using classified_frame =
  std::variant<response, notification, uncorrelated_error, stray_reply, invalid_frame>;

/// Sorts a decoded frame (docs/protocol.md §2.5, §7). Pure function: no
/// state, never throws on bad input (only `std::bad_alloc`, or whatever
/// `is_pending` throws).
///
/// Rules, in order:
/// 1. A frame that is not a map is invalid.
/// 2. `session`, when present and not NONE/NULL, must be a UUID (or text
///    holding one); otherwise the frame is invalid.
/// 3. A frame with an integer `id` for which `is_pending` is true is a
///    response; it must have exactly one of `result` and `error`, otherwise it
///    is invalid (with `invalid_frame::id` set). A malformed error object
///    still makes a response: `parse_server_error` never fails.
/// 4. A frame with any other `id` (unknown integer, text, NULL, ...) is an
///    `uncorrelated_error` if it has `error`, a `stray_reply` if it has
///    `result`, invalid if it has both or neither.
/// 5. A frame without `id` (or with a NONE id) whose `result` is a map with
///    an `action` key is a notification: `id` must be a UUID (or text holding
///    one), `action` one of CREATE/UPDATE/DELETE/KILLED, `record` and
///    `result` default to NONE; anything else makes it invalid.
/// 6. A frame without `id` and with `error` is an `uncorrelated_error`, with
///    any other `result` a `stray_reply`; both or neither is invalid.
///
/// Takes the frame by value so results move out without a copy.
classified_frame classify(value frame, const std::function<bool(int64_t)>& is_pending);

} // namespace surrealcaf::rpc
