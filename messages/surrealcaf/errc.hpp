#pragma once

#include <cstdint>
#include <string>

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/errc_code.hpp"

namespace surrealcaf {

/// The atom that tags surrealcaf errors inside `caf::error`.
constexpr caf::atom_value errc_category = caf::atom("surrealcaf");

/// True if `err` is the surrealcaf error `code`.
inline bool is(const caf::error& err, errc code) noexcept {
  return err.category() == errc_category && err.code() == static_cast<uint8_t>(code);
}

/// Wraps `x` into a `caf::error`; `context` is readable text for humans and
/// must never contain secrets.
caf::error make_error(errc x, std::string context = {});

/// The readable context of one of our errors: the text `make_error(errc,
/// ctx)` stored, a server error's `readable()`, or CAF's rendering of any
/// other message (without its outer parentheses); empty when there is none.
std::string context_text(const caf::message& context);

/// Readable text for any `caf::error`, without an actor system: ours as
/// "surrealcaf: <name> (<context>)", others as CAF prints them.
std::string describe(const caf::error& err);

/// Registers surrealcaf's error category (and, later, its message types) with
/// an actor system configuration so `actor_system::render` names our errors.
/// Call once per configuration, before the actor system is constructed.
void register_types(caf::actor_system_config& cfg);

} // namespace surrealcaf
