#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "caf/actor.hpp"
#include "caf/expected.hpp"

#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/transport.hpp"
#include "surrealcaf/value.hpp"

/// A stand-in for the socket, so code built on surrealcaf's actors can be
/// tested deterministically (CAF's test coordinator, no network, no server).
/// The test plays the server: it reads the frames the connection wrote and
/// answers by sending the connection what a transport would send:
/// `(open_atom, "cbor")`, `(frame_atom, bytes)`, `(closed_atom, error)`, to
/// `transport_side(conn)`.
/// docs/actors.md has a complete example.
namespace surrealcaf::testing {

/// What the connection did with its mock transport. Shared by the test and
/// the transport; meant for the single-threaded test coordinator, so it has
/// no locking.
struct mock_wire {
  /// Every frame the connection wrote, in order.
  std::vector<std::vector<uint8_t>> sent;
  /// True once the connection called `transport::close`.
  bool closed = false;
  /// True once the connection destroyed its transport.
  bool destroyed = false;
};

/// A transport factory for `spawn_connection` whose transport records into
/// `wire` and delivers nothing by itself.
transport_factory mock_transport(std::shared_ptr<mock_wire> wire);

/// The connection as its transport sees it: the handle to send
/// `(open_atom, std::string)`, `(frame_atom, std::vector<uint8_t>)` and
/// `(closed_atom, caf::error)` to, as a transport does (transport.hpp). The
/// `connection_actor` handle itself does not take these messages.
caf::actor transport_side(const connection_actor& conn);

/// One request as the connection wrote it: the `rpc::request` it encoded,
/// read back.
using sent_request = rpc::request;

/// Reads a frame the connection wrote. Errors: `errc::decode_error` for bytes
/// that are not CBOR, `errc::protocol_error` for a value that is not a
/// request.
caf::expected<sent_request> read_request(const std::vector<uint8_t>& frame);

/// A success reply as the server sends it; `session` is echoed when the
/// request named one.
std::vector<uint8_t> result_frame(int64_t id, value result,
                                  std::optional<uuid> session = std::nullopt);

/// An error reply; `error` is the error object, e.g.
/// `value{{"code", -32000}, {"message", "..."}, {"kind", "NotAllowed"}}`.
std::vector<uint8_t> error_frame(int64_t id, value error,
                                 std::optional<uuid> session = std::nullopt);

/// A live-query notification as the server pushes it (no id).
std::vector<uint8_t> notification_frame(const rpc::notification& x);

} // namespace surrealcaf::testing
