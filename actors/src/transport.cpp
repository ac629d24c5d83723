#include "surrealcaf/transport.hpp"

namespace surrealcaf {

// Out of line so the vtable lives in one translation unit.
transport::~transport() = default;

} // namespace surrealcaf
