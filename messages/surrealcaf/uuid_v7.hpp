#pragma once

// Time-ordered UUIDs (version 7, RFC 9562), e.g. as record keys that sort by
// creation time: `record_id{"event", make_uuid_v7()}`.

#include "surrealcaf/value.hpp"

namespace surrealcaf {

/// A new UUID version 7 (RFC 9562, section 5.7): the current Unix time in
/// milliseconds in the first 48 bits, version 7, variant `10`, then a 26-bit
/// counter (the 12 bits of `rand_a` and the top 14 bits of `rand_b`) and 48
/// random bits from a generator seeded by `std::random_device` (seeded anew
/// in a forked child, so parent and child never share a sequence).
///
/// Monotonic within the process: every call returns a UUID greater (in byte
/// order, which is SurrealDB's order for uuids) than any earlier call in any
/// thread returned. Calls in the same millisecond increment the counter; if
/// the clock goes back, or the counter runs out within a millisecond, the
/// timestamp stays at (or moves one past) the last one used instead, so it may
/// run ahead of the clock by as much as that took.
///
/// Thread safety: any thread may call it; one process-wide state sits behind
/// a mutex, and the order of the UUIDs is the order in which the calls took
/// it. Throws only what `std::random_device` throws when the system has no
/// entropy source (`std::system_error`), on first use or after a fork.
uuid make_uuid_v7();

} // namespace surrealcaf
