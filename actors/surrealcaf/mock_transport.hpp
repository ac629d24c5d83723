#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "caf/actor.hpp"
#include "caf/expected.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/transport.hpp"
#include "surrealcaf/value.hpp"

/// A stand-in for the socket, so code built on surrealcaf's actors can be
/// tested deterministically (CAF's test coordinator, no network, no server).
/// The test plays the server: it reads the frames the connection wrote and
/// answers by sending what a transport would send: `(open_atom, "cbor")`,
/// `(frame_atom, bytes)`, `(closed_atom, error)`, to the `transport` of a
/// `spawn_mock_connection`. docs/actors.md has a complete example.
///
/// One concept, the mock socket, so its parts share the header: the wire it
/// records into, the connection it serves, and the frames a test reads from
/// it and answers on it.
namespace surrealcaf::testing {

/// What the connection did with its mock transport. Shared by the test and
/// the transport; meant for the single-threaded test coordinator, so it has
/// no locking.
struct mock_wire {
  /// Every frame the connection wrote, in order, over all its transports.
  std::vector<std::vector<uint8_t>> sent;
  /// True once the connection called `transport::close` on its latest
  /// transport.
  bool closed = false;
  /// True once the connection destroyed its latest transport. A reconnect
  /// attempt that gets a new transport makes it false again.
  bool destroyed = false;
  /// How many transports the factory made: 1 for the first socket, one more
  /// per reconnect attempt that got one.
  size_t transports = 0;
  /// The factory returns no transport this many times (each one counts
  /// down), as when an attempt fails before it starts.
  size_t refuse = 0;
};

/// A connection on a transport that records into a `mock_wire` and delivers
/// nothing by itself, and the handle that transport reports to.
struct mock_connection {
  /// The connection, as the code under test holds it.
  connection_actor connection;
  /// Where the test, playing the socket, sends what a transport sends
  /// (transport.hpp): `(open_atom, std::string)`, `(frame_atom,
  /// std::vector<uint8_t>)`, `(closed_atom, caf::error)`. Only a connection
  /// spawned by `spawn_mock_connection` comes with one: the public
  /// `connection_actor` handle refuses these messages.
  caf::actor transport;
};

/// `spawn_connection` on a mock transport that records into `wire`.
mock_connection spawn_mock_connection(caf::actor_system& sys, std::shared_ptr<mock_wire> wire,
                                      client_options opts = {});

/// Reads a frame the connection wrote back into the request it encoded.
/// Errors: `errc::decode_error` for bytes that are not CBOR,
/// `errc::protocol_error` for a value that is not a
/// request.
caf::expected<rpc::request> read_request(const std::vector<uint8_t>& frame);

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
