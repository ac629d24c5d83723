#pragma once

// The tags of what a transport sends the connection that owns it
// (transport.hpp): `(open_atom, std::string subprotocol)` once its handshake
// is done, `(frame_atom, std::vector<uint8_t>)` per frame read, and
// `(closed_atom, caf::error)` when it is gone, after which nothing arrives.
// Only `detail::connection_internal` takes them; the public
// `connection_actor` handle does not.

#include "caf/atom.hpp"

namespace surrealcaf {

/// The tags of what a transport sends its connection (transport.hpp): open,
/// then frames, then closed.
///@{
using frame_atom = caf::atom_constant<caf::atom("frame")>;
using open_atom = caf::atom_constant<caf::atom("open")>;
using closed_atom = caf::atom_constant<caf::atom("closed")>;
///@}

} // namespace surrealcaf
