#include "load_phase.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace surrealcaf::bench {

void phase_result::merge(phase_result&& other) {
  latencies_us.insert(latencies_us.end(), other.latencies_us.begin(), other.latencies_us.end());
  if (errors == 0 && other.errors > 0)
    first_error = std::move(other.first_error);
  errors += other.errors;
}

double percentile(std::vector<double>& xs, double q) {
  if (xs.empty())
    return 0;
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(xs.size()))) ;
  auto at = xs.begin() + static_cast<std::ptrdiff_t>(std::min(xs.size() - 1, rank == 0 ? 0 : rank - 1));
  std::nth_element(xs.begin(), at, xs.end());
  return *at;
}

} // namespace surrealcaf::bench
