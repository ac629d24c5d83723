#pragma once

#include "caf/replies_to.hpp"
#include "caf/typed_actor.hpp"

#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

/// Whoever watches a connection's state (`observe_atom` of
/// `connection_actor`): it receives one `connection_event` per change, in
/// order, the last one with state `closed`. The connection monitors it and
/// forgets it when it terminates. Events are sent, never waited for: a slow
/// observer does not hold the connection up.
using connection_observer = caf::typed_actor<caf::reacts_to<connection_event>>;

} // namespace surrealcaf
