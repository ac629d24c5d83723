#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "caf/expected.hpp"

#include "surrealcaf/rpc/classify.hpp"
#include "surrealcaf/rpc/response.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// How frames are written: CBOR (binary, every SurrealDB type kept) or JSON
/// (text, for servers reached with the `json` subprotocol; lossy, see
/// docs/json.md).
enum class wire_format : uint8_t { cbor, json };

/// The format a negotiated subprotocol names; nothing for any other name.
std::optional<wire_format> wire_format_of(const std::string& subprotocol);

/// The frame of `req`: `{id, method, params, session?, txn?}`. Fails with
/// `errc::invalid_argument` when the request holds a string that is not UTF-8
/// and the format is JSON, which cannot carry it (the error names neither
/// the string nor its bytes: it may be a password); otherwise only by
/// throwing std::bad_alloc.
caf::expected<std::vector<uint8_t>> encode_request(rpc::request req,
                                                   wire_format format = wire_format::cbor);

/// What a response means to its caller: the result, or the server's error as
/// `errc::server_error` (see `server_error_of`). A response that names a
/// session other than the one the request was sent for breaks the protocol
/// and gives `errc::protocol_error`; one that names none is accepted (the
/// server echoes `session` only when the request carried one, and a 2.x
/// server never does).
caf::expected<value> reply_of(rpc::response res, const std::optional<uuid>& sent_for);

/// A frame that did not decode.
struct undecodable_frame {
  /// `errc::decode_error` with the decoder's reason (and byte offset where
  /// it has one), e.g. "invalid_utf8 at byte 40".
  caf::error error;
  /// The integer `id` of the frame's top-level map, when a shallow scan
  /// still finds one: the call it answers (if in flight) must fail with
  /// `error` rather than wait for its timeout.
  std::optional<int64_t> id;
};

/// What one incoming frame is: decoded and classified, or not decodable.
using frame_reading = std::variant<rpc::classified_frame, undecodable_frame>;

/// Decodes one frame and classifies it (see `rpc::classify`); bytes that are
/// not one valid CBOR value (or JSON document) within the decoders' depth
/// limits give an `undecodable_frame`. Runs in time and memory linear in the
/// frame, with bounded recursion, whatever the frame holds.
frame_reading read_frame(const std::vector<uint8_t>& bytes,
                         const std::function<bool(int64_t)>& is_pending,
                         wire_format format = wire_format::cbor);

} // namespace surrealcaf::detail
