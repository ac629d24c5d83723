#pragma once

// Uuids written out in tests.

#include <string>

#include <boost/uuid/string_generator.hpp>

#include "surrealcaf/value.hpp"

namespace surrealcaf::test {

/// The uuid `text` spells, in any of the forms boost's string_generator
/// reads; throws std::runtime_error for anything else.
inline uuid uuid_of(const std::string& text) {
  return boost::uuids::string_generator{}(text);
}

} // namespace surrealcaf::test
