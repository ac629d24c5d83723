#include "surrealcaf/transport.hpp"

namespace surrealcaf {

// The key function: anchors transport's vtable in this library.
transport::~transport() = default;

} // namespace surrealcaf
