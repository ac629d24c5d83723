#pragma once

// What the client process itself costs: CPU time and memory from
// getrusage(RUSAGE_SELF) and /proc/self. The bench runs every client in its
// own process, so these figures are the client's alone.

#include <cstddef>

namespace surrealcaf::bench {

/// User plus system CPU time of this process so far, in microseconds.
double cpu_time_us();

/// Peak resident set size of this process so far (ru_maxrss), in KiB.
long peak_rss_kib();

/// Current resident set size (VmRSS of /proc/self/status), in KiB.
long current_rss_kib();

/// Threads of this process now (entries of /proc/self/task).
size_t thread_count();

} // namespace surrealcaf::bench
