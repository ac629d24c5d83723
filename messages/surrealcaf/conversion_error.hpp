#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace surrealcaf {

/// Thrown by `value::from` and `value::as` (surrealcaf/convert.hpp) when a
/// conversion is impossible: a value of the wrong kind, a missing field, an
/// integer that does not fit. `what()` reads
/// `at /address/city: expected string, got int` (or just the reason when the
/// failing spot is the top level or unknown).
class conversion_error : public std::runtime_error {
public:
  /// `path`: JSON-pointer path of the failing spot (`/tags/2`), empty when it
  /// is the top level or unknown. `reason`: what went wrong.
  conversion_error(std::string path, std::string reason);

  /// The JSON-pointer path of the failing spot; empty at the top level.
  const std::string& path() const noexcept { return path_; }
  /// What went wrong, without the path.
  const std::string& reason() const noexcept { return reason_; }

  /// The same error seen from one level up: `segment` (such as `/2` or
  /// `/name`) goes in front of the path.
  conversion_error nested(const std::string& segment) const;

private:
  std::string path_;
  std::string reason_;
};

/// A JSON-pointer segment for an object key or array index: `/` + the text
/// with `~` written `~0` and `/` written `~1`.
///@{
std::string path_segment(const std::string& key);
std::string path_segment(size_t index);
///@}

} // namespace surrealcaf
