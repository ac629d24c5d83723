#pragma once

#include <utility>

#include "caf/duration.hpp"
#include "caf/error.hpp"

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Sends `xs...` to `dest` as a request whose outcome nobody waits for
/// (cleanup, the keep-alive): the reply, a `value`, and any error are
/// dropped. A request rather than a send because a typed actor may only
/// send messages whose reply its own interface takes. `timeout` bounds how
/// long `self` keeps the reply handler: `caf::infinite` where the receiver
/// always answers (a session, or the connection, which ends every call at
/// its deadline or when it closes). Call it from the actor `self`'s own
/// handlers.
template <class Self, class Timeout, class Dest, class... Ts>
void request_ignoring_reply(Self* self, const Timeout& timeout, const Dest& dest, Ts&&... xs) {
  self->request(dest, timeout, std::forward<Ts>(xs)...).then([](value&) {}, [](caf::error&) {});
}

} // namespace surrealcaf::detail
