#include "load_phase.hpp"

#include <algorithm>
#include <cmath>

namespace surrealcaf::bench {

namespace {

size_t bucket_of(uint64_t ns) {
  if (ns < 128)
    return static_cast<size_t>(ns);
  auto exp = static_cast<size_t>(63 - __builtin_clzll(ns)); // >= 7
  auto sub = static_cast<size_t>((ns >> (exp - 6)) & 63);
  return std::min<size_t>(128 + (exp - 7) * 64 + sub, 128 + 34 * 64 - 1);
}

double middle_ns(size_t bucket) {
  if (bucket < 128)
    return static_cast<double>(bucket);
  auto exp = (bucket - 128) / 64 + 7;
  auto sub = (bucket - 128) % 64;
  auto width = static_cast<double>(uint64_t{1} << (exp - 6));
  return static_cast<double>(64 + sub) * width + width / 2;
}

} // namespace

void latency_histogram::add(clock_type::duration d) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(d).count();
  ++counts_[bucket_of(ns > 0 ? static_cast<uint64_t>(ns) : 0)];
  ++count_;
}

double latency_histogram::percentile_us(double q) const {
  if (count_ == 0)
    return 0;
  auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
  uint64_t seen = 0;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank)
      return middle_ns(i) / 1000.0;
  }
  return middle_ns(counts_.size() - 1) / 1000.0;
}

void latency_histogram::merge(const latency_histogram& other) {
  for (size_t i = 0; i < counts_.size(); ++i)
    counts_[i] += other.counts_[i];
  count_ += other.count_;
}

void phase_result::merge(phase_result&& other) {
  latencies.merge(other.latencies);
  if (errors == 0 && other.errors > 0)
    first_error = std::move(other.first_error);
  errors += other.errors;
}

} // namespace surrealcaf::bench
