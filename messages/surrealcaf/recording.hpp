#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "surrealcaf/detail/errc_enum.hpp"
#include "surrealcaf/value.hpp"

/// A conversation with a server as a file: what a recorder writes
/// (recorder.hpp) and a replay plays back (replay_transport.hpp).
///
/// The file is JSON Lines, UTF-8, one JSON object per line:
/// @code
/// {"format":"surrealcaf-recording","version":1,"notes":{"ns":"demo"}}
/// {"n":1,"dir":"server","kind":"open","t_ms":0,"subprotocol":"cbor"}
/// {"n":2,"dir":"client","kind":"frame","t_ms":0,"cbor":"o2JpZAFm...","text":"{ id: 1, ... }"}
/// {"n":3,"dir":"server","kind":"frame","t_ms":2,"cbor":"omJpZAF...","text":"{ id: 1, ... }"}
/// {"n":4,"dir":"client","kind":"close","t_ms":5}
/// @endcode
/// `t_ms` counts milliseconds since the socket opened (frames written before
/// the handshake read 0). A frame is `"cbor"` (base64 of its CBOR) or
/// `"json"` (the JSON document itself), as the subprotocol wrote it;
/// `"text"` is the same frame printed as SurrealQL for people and is not
/// read back. A server frame that did not decode is `"raw"` (base64).
/// `closed` carries `"error"` (an `errc` name, e.g. "connection_closed")
/// and `"context"` when the socket ended with one. Secrets are already
/// replaced by placeholders when a recorder writes a file (recorder.hpp).
///
/// Thread safety: plain data and pure functions.
namespace surrealcaf::testing {

/// Which end of the socket an event belongs to.
enum class recorded_side : uint8_t {
  client, ///< the connection wrote it (a frame, or `transport::close`)
  server, ///< the transport reported it (open, a frame, closed)
};

/// What happened.
enum class recorded_kind : uint8_t {
  open,   ///< server side: the handshake is done (`subprotocol`)
  frame,  ///< one WebSocket message (`frame`, or `raw` when undecodable)
  close,  ///< client side: the connection called `transport::close`
  closed, ///< server side: the socket is gone (`error` when it failed)
};

/// One line of a recording after the header.
struct recorded_event {
  /// Who did it.
  recorded_side side = recorded_side::client;
  /// What it was.
  recorded_kind kind = recorded_kind::frame;
  /// Milliseconds since the socket opened.
  int64_t t_ms = 0;
  /// The decoded frame (kind `frame`, unless `raw` is set).
  value frame;
  /// A server frame that did not decode, as it came (JWT-shaped runs
  /// replaced).
  std::optional<bytes> raw;
  /// The negotiated subprotocol (kind `open`): "cbor" or "json".
  std::string subprotocol;
  /// Why the socket ended (kind `closed`); nothing after a clean close.
  std::optional<errc> error;
  /// The error's readable context (kind `closed`).
  std::string context;
  /// The line of the file it was read from; 0 when built in memory.
  size_t line = 0;
};

/// A whole recording: the header's notes and the events in order.
struct recording {
  /// The version this code writes and reads.
  static constexpr int format_version = 1;
  /// Free text the recording program stored (e.g. the namespace it used),
  /// so a test replaying it can make the same calls.
  std::map<std::string, std::string> notes;
  /// Every event, in the order the recorder saw them.
  std::vector<recorded_event> events;
  /// The subprotocol of the first `open` event; "cbor" when there is none.
  std::string subprotocol() const;
};

/// What `parse_recording` and `load_recording` accept at most.
struct recording_limits {
  /// The whole file.
  size_t max_file_bytes = 64 * 1024 * 1024;
  /// One frame, decoded from its base64 or JSON.
  size_t max_frame_bytes = 16 * 1024 * 1024;
  /// Events after the header.
  size_t max_events = 100'000;
};

/// Reads a recording from its text. Errors: `errc::invalid_argument` naming
/// the line and field ("recording line 3: \"dir\" must be \"client\" or
/// \"server\""), for a text beyond `limits`, a missing or unknown header, a
/// version other than `recording::format_version`, a line that is not a
/// JSON object or lacks a field, or a frame that does not decode;
/// `errc::protocol_error` for a recording cut short by its recorder (a
/// `cut` line, see recorder.hpp).
caf::expected<recording> parse_recording(const std::string& text,
                                         const recording_limits& limits = {});

/// Reads a recording from a file: `parse_recording` of its contents, or
/// `errc::invalid_argument` when the file cannot be read or is larger than
/// `limits.max_file_bytes` (checked before reading it).
caf::expected<recording> load_recording(const std::string& path,
                                        const recording_limits& limits = {});

/// The header line (without its newline).
std::string recording_header_line(const std::map<std::string, std::string>& notes);

/// The line of one event (without its newline); `n` is its 1-based number.
/// Frames are written as CBOR unless `subprotocol` is "json".
std::string recording_event_line(const recorded_event& x, size_t n, const std::string& subprotocol);

/// The line that marks a recording its recorder stopped early (`reason`);
/// `parse_recording` refuses a file holding one.
std::string recording_cut_line(const std::string& reason);

/// The bytes a transport carries for `frame` in `subprotocol` ("json": the
/// JSON text; otherwise CBOR).
bytes encode_recorded_frame(const value& frame, const std::string& subprotocol);

/// A frame's bytes as a value: CBOR, or JSON text when `subprotocol` is
/// "json". Errors: `errc::decode_error`.
caf::expected<value> decode_recorded_frame(const bytes& frame, const std::string& subprotocol);

/// "client" / "server", and "open", "frame", "close", "closed".
///@{
const char* to_string(recorded_side x);
const char* to_string(recorded_kind x);
///@}

} // namespace surrealcaf::testing
