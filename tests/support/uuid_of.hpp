#pragma once

// Uuids written out in tests.

#include <stdexcept>
#include <string>

#include "surrealcaf/value.hpp"

namespace surrealcaf::test {

/// The uuid `text` spells, in any of the forms `parse_uuid` reads; throws
/// std::runtime_error for anything else.
inline uuid uuid_of(const std::string& text) {
  if (auto id = parse_uuid(text))
    return *id;
  throw std::runtime_error("not a uuid: " + text);
}

} // namespace surrealcaf::test
