#pragma once

#include <utility>

#include "caf/duration.hpp"
#include "caf/error.hpp"

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Sends `xs...` to `dest` as a request whose outcome nobody waits for
/// (cleanup, the keep-alive): the reply, a `value`, and any error are
/// dropped. A request rather than a send because a typed actor may only
/// send messages whose reply its own interface takes. Call it from the actor
/// `self`'s own handlers.
template <class Self, class Dest, class... Ts>
void request_ignoring_reply(Self* self, const Dest& dest, Ts&&... xs) {
  self->request(dest, caf::infinite, std::forward<Ts>(xs)...)
    .then([](value&) {}, [](caf::error&) {});
}

} // namespace surrealcaf::detail
