#pragma once

// Looking for a part of a message (an error's text, a failure's reason).

#include <string>

#include "caf/test/unit_test.hpp"

namespace surrealcaf::test {

/// True if `text` contains `part`. When it does not, it logs both, so that
/// a failed `CAF_CHECK(contains(...))` shows the text it looked at.
inline bool contains(const std::string& text, const std::string& part) {
  if (text.find(part) != std::string::npos)
    return true;
  CAF_MESSAGE("'" << text << "' lacks '" << part << "'");
  return false;
}

} // namespace surrealcaf::test
