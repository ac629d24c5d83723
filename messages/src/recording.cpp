#include "surrealcaf/recording.hpp"

#include <fstream>
#include <iterator>
#include <sstream>
#include <utility>

#include <nlohmann/json.hpp>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/detail/json_text.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/json.hpp"

namespace surrealcaf::testing {

namespace {

constexpr const char* format_name = "surrealcaf-recording";

constexpr char base64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string to_base64(const bytes& in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    for (int shift = 18; shift >= 0; shift -= 6)
      out += base64_chars[(n >> shift) & 0x3F];
  }
  if (auto rest = in.size() - i; rest > 0) {
    uint32_t n = uint32_t{in[i]} << 16;
    if (rest == 2)
      n |= uint32_t{in[i + 1]} << 8;
    out += base64_chars[(n >> 18) & 0x3F];
    out += base64_chars[(n >> 12) & 0x3F];
    out += rest == 2 ? base64_chars[(n >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

int base64_digit(char c) {
  if (c >= 'A' && c <= 'Z')
    return c - 'A';
  if (c >= 'a' && c <= 'z')
    return c - 'a' + 26;
  if (c >= '0' && c <= '9')
    return c - '0' + 52;
  if (c == '+')
    return 62;
  if (c == '/')
    return 63;
  return -1;
}

std::optional<bytes> from_base64(const std::string& in) {
  if (in.size() % 4 != 0)
    return std::nullopt;
  bytes out;
  out.reserve(in.size() / 4 * 3);
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t n = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      auto c = in[i + k];
      if (c == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
        n <<= 6;
        continue;
      }
      auto d = base64_digit(c);
      if (d < 0 || pad > 0)
        return std::nullopt;
      n = (n << 6) | static_cast<uint32_t>(d);
    }
    out.push_back(static_cast<uint8_t>(n >> 16));
    if (pad < 2)
      out.push_back(static_cast<uint8_t>(n >> 8));
    if (pad < 1)
      out.push_back(static_cast<uint8_t>(n));
  }
  return out;
}

std::optional<errc> errc_named(const std::string& name) {
  for (auto i = static_cast<int>(errc::connection_closed);
       i <= static_cast<int>(errc::pool_full); ++i)
    if (to_string(static_cast<errc>(i)) == name)
      return static_cast<errc>(i);
  return std::nullopt;
}

caf::error bad_line(size_t line, const std::string& what) {
  return make_error(errc::invalid_argument, "recording line " + std::to_string(line) + ": " + what);
}

// The printed form is for people reading the file: shortened, as a frame
// can be megabytes.
std::string printed(const value& x) {
  auto text = to_string(x);
  constexpr size_t limit = 2000;
  if (text.size() > limit) {
    auto n = limit;
    while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
      --n;
    text.resize(n);
    text += "...";
  }
  return text;
}

// One event line into `out`; an error names the line and field.
caf::error read_event(const nlohmann::json& j, size_t line, const recording_limits& limits,
                      recorded_event& out) {
  out.line = line;
  auto field = [&](const char* name) -> const nlohmann::json* {
    auto i = j.find(name);
    return i == j.end() ? nullptr : &*i;
  };
  auto text_field = [&](const char* name, std::string& to) -> caf::error {
    auto f = field(name);
    if (f == nullptr || !f->is_string())
      return bad_line(line, std::string{"\""} + name + "\" must be a string");
    to = f->get<std::string>();
    return caf::none;
  };
  std::string dir;
  std::string kind;
  if (auto err = text_field("dir", dir))
    return err;
  if (auto err = text_field("kind", kind))
    return err;
  if (dir == "client")
    out.side = recorded_side::client;
  else if (dir == "server")
    out.side = recorded_side::server;
  else
    return bad_line(line, "\"dir\" must be \"client\" or \"server\"");
  if (auto t = field("t_ms"); t != nullptr) {
    if (!t->is_number_integer())
      return bad_line(line, "\"t_ms\" must be an integer");
    out.t_ms = t->get<int64_t>();
  }
  auto server = out.side == recorded_side::server;
  if (kind == "open" && server) {
    out.kind = recorded_kind::open;
    if (auto err = text_field("subprotocol", out.subprotocol))
      return err;
    if (out.subprotocol != "cbor" && out.subprotocol != "json")
      return bad_line(line, "\"subprotocol\" must be \"cbor\" or \"json\"");
    return caf::none;
  }
  if (kind == "close" && !server) {
    out.kind = recorded_kind::close;
    return caf::none;
  }
  if (kind == "closed" && server) {
    out.kind = recorded_kind::closed;
    if (auto e = field("error"); e != nullptr) {
      std::string name;
      if (auto err = text_field("error", name))
        return err;
      out.error = errc_named(name);
      if (!out.error)
        return bad_line(line, "\"error\" names no surrealcaf error: " + name);
      if (field("context") != nullptr)
        if (auto err = text_field("context", out.context))
          return err;
    }
    return caf::none;
  }
  if (kind != "frame")
    return bad_line(line, "\"kind\" " + kind + " is not one of open, frame, close, closed for the "
                            + dir);
  out.kind = recorded_kind::frame;
  if (auto c = field("cbor")) {
    if (!c->is_string())
      return bad_line(line, "\"cbor\" must be a base64 string");
    auto& text = c->get_ref<const std::string&>();
    if (text.size() / 4 * 3 > limits.max_frame_bytes)
      return bad_line(line, "the frame is larger than " + std::to_string(limits.max_frame_bytes)
                              + " bytes");
    auto raw = from_base64(text);
    if (!raw)
      return bad_line(line, "\"cbor\" is not base64");
    auto decoded = cbor::decode(*raw);
    if (!decoded)
      return bad_line(line, "\"cbor\" does not decode: " + context_text(decoded.error().context()));
    out.frame = std::move(*decoded);
    return caf::none;
  }
  if (auto c = field("json")) {
    auto text = c->dump();
    if (text.size() > limits.max_frame_bytes)
      return bad_line(line, "the frame is larger than " + std::to_string(limits.max_frame_bytes)
                              + " bytes");
    // Through the wire's reader: the same value a connection reads, with
    // its depth limit.
    auto parsed = detail::parse_json_text(reinterpret_cast<const uint8_t*>(text.data()),
                                          text.size(), json_max_depth);
    if (!parsed.doc)
      return bad_line(line,
                      "\"json\" does not decode: " + context_text(parsed.doc.error().context()));
    out.frame = std::move(*parsed.doc);
    return caf::none;
  }
  if (auto c = field("raw"); c != nullptr && server) {
    if (!c->is_string())
      return bad_line(line, "\"raw\" must be a base64 string");
    auto raw = from_base64(c->get<std::string>());
    if (!raw)
      return bad_line(line, "\"raw\" is not base64");
    if (raw->size() > limits.max_frame_bytes)
      return bad_line(line, "the frame is larger than " + std::to_string(limits.max_frame_bytes)
                              + " bytes");
    out.raw = std::move(*raw);
    return caf::none;
  }
  return bad_line(line, "a frame needs \"cbor\" or \"json\"");
}

} // namespace

std::string recording::subprotocol() const {
  for (auto& x : events)
    if (x.kind == recorded_kind::open)
      return x.subprotocol;
  return "cbor";
}

const char* to_string(recorded_side x) {
  return x == recorded_side::client ? "client" : "server";
}

const char* to_string(recorded_kind x) {
  switch (x) {
    case recorded_kind::open:
      return "open";
    case recorded_kind::frame:
      return "frame";
    case recorded_kind::close:
      return "close";
    default:
      return "closed";
  }
}

bytes encode_recorded_frame(const value& frame, const std::string& subprotocol) {
  if (subprotocol == "json") {
    auto text = to_wire_json(frame).dump();
    return bytes(text.begin(), text.end());
  }
  return cbor::encode(frame);
}

caf::expected<value> decode_recorded_frame(const bytes& frame, const std::string& subprotocol) {
  if (subprotocol == "json") {
    auto parsed = detail::parse_json_text(frame.data(), frame.size(), json_max_depth);
    return std::move(parsed.doc);
  }
  return cbor::decode(frame);
}

std::string recording_header_line(const std::map<std::string, std::string>& notes) {
  nlohmann::ordered_json j;
  j["format"] = format_name;
  j["version"] = recording::format_version;
  j["notes"] = notes;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string recording_event_line(const recorded_event& x, size_t n,
                                 const std::string& subprotocol) {
  nlohmann::ordered_json j;
  j["n"] = n;
  j["dir"] = to_string(x.side);
  j["kind"] = to_string(x.kind);
  j["t_ms"] = x.t_ms;
  switch (x.kind) {
    case recorded_kind::open:
      j["subprotocol"] = x.subprotocol;
      break;
    case recorded_kind::closed:
      if (x.error) {
        j["error"] = to_string(*x.error);
        j["context"] = x.context;
      }
      break;
    case recorded_kind::frame:
      if (x.raw) {
        j["raw"] = to_base64(*x.raw);
      } else {
        if (subprotocol == "json")
          j["json"] = to_wire_json(x.frame);
        else
          j["cbor"] = to_base64(cbor::encode(x.frame));
        j["text"] = printed(x.frame);
      }
      break;
    default:
      break;
  }
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string recording_cut_line(const std::string& reason) {
  nlohmann::ordered_json j;
  j["cut"] = reason;
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

caf::expected<recording> parse_recording(const std::string& text, const recording_limits& limits) {
  if (text.size() > limits.max_file_bytes)
    return make_error(errc::invalid_argument,
                      "recording: larger than " + std::to_string(limits.max_file_bytes) + " bytes");
  recording result;
  std::istringstream in{text};
  std::string line_text;
  size_t line = 0;
  bool header = false;
  while (std::getline(in, line_text)) {
    ++line;
    if (line_text.empty() || line_text == "\r")
      continue;
    auto j = nlohmann::json::parse(line_text, nullptr, false);
    if (j.is_discarded() || !j.is_object())
      return bad_line(line, "not a JSON object");
    if (!header) {
      auto format = j.find("format");
      if (format == j.end() || *format != format_name)
        return bad_line(line, "\"format\" must be \"" + std::string{format_name}
                                + "\" (not a recording)");
      auto version = j.find("version");
      if (version == j.end() || !version->is_number_integer()
          || version->get<int64_t>() != recording::format_version)
        return bad_line(line, "\"version\" must be " + std::to_string(recording::format_version));
      if (auto notes = j.find("notes"); notes != j.end()) {
        if (!notes->is_object())
          return bad_line(line, "\"notes\" must be an object of strings");
        for (auto& [key, note] : notes->items()) {
          if (!note.is_string())
            return bad_line(line, "\"notes\" must be an object of strings");
          result.notes.emplace(key, note.get<std::string>());
        }
      }
      header = true;
      continue;
    }
    if (auto cut = j.find("cut"); cut != j.end())
      return make_error(errc::protocol_error,
                        "recording line " + std::to_string(line) + ": the recorder stopped here: "
                          + (cut->is_string() ? cut->get<std::string>() : ""));
    if (result.events.size() == limits.max_events)
      return bad_line(line, "more than " + std::to_string(limits.max_events) + " events");
    recorded_event x;
    if (auto err = read_event(j, line, limits, x))
      return err;
    result.events.push_back(std::move(x));
  }
  if (!header)
    return make_error(errc::invalid_argument, "recording: empty, no header line");
  return result;
}

caf::expected<recording> load_recording(const std::string& path, const recording_limits& limits) {
  std::ifstream in{path, std::ios::binary | std::ios::ate};
  if (!in)
    return make_error(errc::invalid_argument, "recording " + path + ": cannot be opened");
  auto size = static_cast<size_t>(in.tellg());
  if (size > limits.max_file_bytes)
    return make_error(errc::invalid_argument, "recording " + path + ": larger than "
                                                + std::to_string(limits.max_file_bytes) + " bytes");
  in.seekg(0);
  std::string text(size, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(size)))
    return make_error(errc::invalid_argument, "recording " + path + ": cannot be read");
  return parse_recording(text, limits);
}

} // namespace surrealcaf::testing
