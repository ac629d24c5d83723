#pragma once

// The command line of surrealcaf_bench_client: which client runs which cell
// of the matrix (workload, concurrency, server), and for how long.

#include <cstdint>
#include <optional>
#include <string>

namespace surrealcaf::bench {

enum class workload { ping, query, select, create };

const char* to_string(workload x);

struct options {
  /// actor | async | blocking | raw | pool (the async face over a
  /// connection pool: `url` holds its endpoints, comma-separated).
  std::string client = "raw";
  workload load = workload::ping;
  /// "seq" (one call at a time), "64x1" (64 in flight on one session) or
  /// "64x64" (64 in flight over 64 sessions).
  std::string concurrency = "seq";
  std::string url;
  /// A label for the report ("canned", "engine").
  std::string server = "canned";
  /// Root credentials to sign in with; no signin when empty.
  std::string user;
  std::string pass;
  std::string ns = "bench";
  std::string db = "bench";
  /// Each phase ends at whichever limit comes first.
  double warmup_seconds = 0.25;
  double seconds = 1.0;
  uint64_t warmup_count = UINT64_MAX;
  uint64_t count = UINT64_MAX;
  /// Sample VmRSS once a second during the measured phase (the soak run).
  bool sample_rss = false;
  /// Instead of a cell: sign in, select ns/db and store the record that
  /// `select` reads (run once per engine before the matrix).
  bool prepare = false;
  /// The async and blocking clients' log hook: "off" (no handler), or the
  /// least level ("debug": a record per call) of a handler that only
  /// counts the records, to measure what making them costs.
  std::string log = "off";
  /// The pool client's connections to each endpoint.
  size_t connections_per_endpoint = 1;

  /// Calls in flight at once.
  size_t window() const { return concurrency == "seq" ? 1 : 64; }
  /// Sessions the calls are spread over.
  size_t sessions() const { return concurrency == "64x64" ? 64 : 1; }
};

/// Parses argv; prints the usage and exits on a mistake.
options parse_options(int argc, char** argv);

} // namespace surrealcaf::bench
