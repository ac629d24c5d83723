#pragma once

#include "caf/error.hpp"

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/exception.hpp"

namespace surrealcaf::detail {

/// The exception the blocking and async faces throw for a failed actor call.
/// - A server error (`make_error(rpc::server_error)`) keeps the server's
///   code, kind, message and details in `server()`.
/// - Any other surrealcaf error keeps its `errc` and its context text.
/// - `sec::request_timeout` becomes `errc::timeout`.
/// - `sec::request_receiver_down` becomes `receiver_down`: the caller knows
///   whether the actor that vanished was a closed session or a connection.
/// - Any other CAF error means a misbehaving actor (an exception in its
///   handler, a reply of the wrong type) and becomes `errc::protocol_error`
///   with CAF's text.
/// `call`, if not null, names the call in the context of the CAF-made
/// errors ("query: no reply within the call's timeout").
surreal_error to_exception(const caf::error& err, errc receiver_down = errc::connection_closed,
                           const char* call = nullptr);

} // namespace surrealcaf::detail
