#include "surrealcaf/version.hpp"

namespace surrealcaf {

// Compiled into the library: the macros as they were when the library was
// built, whatever headers the caller compiled with.
version_info version() noexcept {
  return {SURREALCAF_VERSION_MAJOR, SURREALCAF_VERSION_MINOR, SURREALCAF_VERSION_PATCH,
          SURREALCAF_VERSION_STRING};
}

} // namespace surrealcaf
