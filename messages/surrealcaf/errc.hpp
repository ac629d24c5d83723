#pragma once

#include <cstdint>
#include <string>

#include "caf/atom.hpp"
#include "caf/error.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/rpc/server_error.hpp"

// surrealcaf's errors as `caf::error`s: the codes (`errc`, declared in
// detail/errc_enum.hpp), their CAF category, and the builders and readers of
// the errors surrealcaf reports, including the server's own.
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

/// A server's error reply as a `caf::error`: code `errc::server_error`, with
/// the whole `rpc::server_error` (code, kind, message, details, cause) as
/// its context, so callers can tell the server's words apart from ours.
caf::error make_error(rpc::server_error x);

/// Like `make_error(x)` with another code that still carries the server's
/// error: `errc::transaction_conflict` for a conflict the caller may retry.
/// `code` should be `errc::server_error` or `errc::transaction_conflict`;
/// `server_error_of` finds the server error under both.
caf::error make_error(errc code, rpc::server_error x);

/// The server error carried by `err`, or nullptr when `err` is neither an
/// `errc::server_error` nor an `errc::transaction_conflict` made by one of
/// the `make_error` overloads above. The pointer lives as long as `err` (and
/// its copies) do.
const rpc::server_error* server_error_of(const caf::error& err);

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
