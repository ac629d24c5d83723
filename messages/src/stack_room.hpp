#pragma once

#include <cstddef>

namespace surrealcaf::detail {

/// Bytes of stack left on the calling thread below the caller's frame, or
/// SIZE_MAX where the thread's stack bounds are unknown. The recursive CBOR
/// decoder checks it before each level, so a thread with a small stack (a
/// lowered `ulimit -s`, a user's own thread, a sanitizer's larger frames)
/// gets `too_deep` instead of a stack overflow.
size_t stack_room() noexcept;

} // namespace surrealcaf::detail
