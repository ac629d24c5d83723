#pragma once

#include <chrono>
#include <cstddef>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "caf/error.hpp"
#include "caf/expected.hpp"
#include "caf/fwd.hpp"

#include "surrealcaf/client_options.hpp"
#include "surrealcaf/connection_actor.hpp"
#include "surrealcaf/recording.hpp"
#include "surrealcaf/redactor.hpp"
#include "surrealcaf/transport.hpp"

/// Records a real conversation with a server into a file (recording.hpp),
/// for a replay (replay_transport.hpp) to play back in a test. One line
/// turns it on:
/// @code
/// auto conn = testing::connect_recording(sys, "ws://127.0.0.1:8000/rpc", "chat.rec.jsonl", opts);
/// @endcode
/// A function next to `connect` rather than a `client_options` field: the
/// options are plain data shared by every face and by production code, and a
/// recorder writes a file on every frame, which no production option should
/// turn on by accident. The blocking and async faces record through
/// `connect_recording` and `make_blocking_connection` (faces_from_actor.hpp).
///
/// The recorder sits between the connection and its transport: it writes
/// what the connection sends, and the transport reports to a small relay
/// actor that writes each report and passes it on to the connection. So the
/// connection and the real transport are unchanged, and the transport
/// contract (transport.hpp) holds on both sides: the relay holds the
/// connection weakly, and nothing reaches the connection once its transport
/// is destroyed.
///
/// Secrets are replaced before anything is written (`redactor`), with one
/// placeholder per secret across the whole file. What the server sends after
/// the connection called `close` is not written: the connection has ended
/// by then, and how much of it arrives is a race.
///
/// One socket per recording: when the connection opens a second one (a
/// reconnect attempt), the recorder writes a `cut` line and records no more;
/// the connection carries on. `load_recording` refuses such a file
/// (`errc::protocol_error`). Record with `ping_interval` 0: the keep-alive
/// would add pings at times of the clock's choosing, which a replay cannot
/// expect.
namespace surrealcaf::testing {

/// How a recording is made.
struct record_options {
  /// Free text for the header (e.g. the namespace the program used).
  std::map<std::string, std::string> notes;
  /// The format the connection writes: "cbor" or "json", as
  /// `client_options::transport.subprotocol`.
  std::string subprotocol = "cbor";
};

/// The file one recording goes to, shared by the transports it wraps and
/// their relays. Thread-safe: the connection actor writes client events, the
/// relay actor server events, under one mutex. Each line is flushed when
/// written, so the file can be read while the connection still runs.
class recorder : public std::enable_shared_from_this<recorder> {
public:
  /// Creates (truncates) `path` and writes the header. Errors:
  /// `errc::invalid_argument` when the file cannot be written.
  static caf::expected<std::shared_ptr<recorder>> create(const std::string& path,
                                                         record_options opts = {});

  /// A factory that makes `inner`'s transports and records them. Call the
  /// result as `spawn_connection` does: inside the connection actor, with it
  /// as the owner.
  transport_factory wrap(transport_factory inner);

  /// The first failure to write the file, or none.
  caf::error error() const;

  /// How many events were written.
  size_t events() const;

  /// The file's path.
  const std::string& path() const noexcept {
    return path_;
  }

  /// @cond internal
  // Called by the transport wrapper and the relay.
  bool begin_socket();
  void client_frame(const bytes& frame);
  void client_close();
  void server_open(const std::string& subprotocol);
  void server_frame(const bytes& frame);
  void server_closed(const caf::error& err);
  recorder(std::string path, record_options opts);
  /// @endcond

private:
  int64_t t_ms() const;
  void write(recorded_event x);

  mutable std::mutex mtx_;
  std::string path_;
  record_options opts_;
  std::ofstream out_;
  redactor redact_;
  caf::error error_;
  size_t events_ = 0;
  size_t sockets_ = 0;
  bool closing_ = false;
  bool cut_ = false;
  std::optional<std::chrono::steady_clock::time_point> opened_;
};

/// `recorder::create(path, opts)` and its `wrap(inner)`: a factory for
/// `spawn_connection` that records into `path`.
caf::expected<transport_factory> record_to(const std::string& path, transport_factory inner,
                                           record_options opts = {});

/// `connect(sys, url, opts)` with the conversation recorded into `path`;
/// `notes` go into the header, and the subprotocol is taken from
/// `opts.transport`. Errors: those of `connect`, and `errc::invalid_argument`
/// when `path` cannot be written. Call from anywhere, as `connect`. The file
/// is complete once the connection is closed (its last line is the `close`),
/// and stays open for writing until the connection has ended.
caf::expected<connection_actor> connect_recording(caf::actor_system& sys, const std::string& url,
                                                  const std::string& path, client_options opts = {},
                                                  std::map<std::string, std::string> notes = {});

} // namespace surrealcaf::testing
