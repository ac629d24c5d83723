// Log levels and records as text (log_level.hpp, log_record.hpp).

#include "surrealcaf/log_record.hpp"

#include <cstdio>

#include <boost/uuid/uuid_io.hpp>

namespace surrealcaf {

const char* to_string(log_level x) noexcept {
  switch (x) {
    case log_level::trace:
      return "trace";
    case log_level::debug:
      return "debug";
    case log_level::info:
      return "info";
    case log_level::warning:
      return "warning";
    case log_level::error:
      return "error";
  }
  return "unknown";
}

namespace {

// Quoted when it would not read as one token.
void append_text(std::string& out, const char* key, const std::string& text) {
  if (text.empty())
    return;
  out += ' ';
  out += key;
  out += '=';
  bool plain = true;
  for (char c : text)
    if (c == ' ' || c == '"' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20)
      plain = false;
  if (plain) {
    out += text;
    return;
  }
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\')
      out += '\\';
    // The fields are one line already; this keeps the record one line even
    // for a text that was not.
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  out += '"';
}

} // namespace

std::string to_string(const log_record& x) {
  std::string out = "level=";
  out += to_string(x.level);
  append_text(out, "event", x.event);
  append_text(out, "conn", x.connection);
  if (x.method || x.session)
    append_text(out, "session", x.session ? boost::uuids::to_string(*x.session) : "default");
  if (x.method)
    append_text(out, "method", rpc::to_string(*x.method));
  if (x.method)
    append_text(out, "id", std::to_string(x.id));
  if (x.duration.count() != 0 || x.method) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3fms", static_cast<double>(x.duration.count()) / 1e6);
    append_text(out, "duration", buf);
  }
  if (x.error)
    append_text(out, "error", to_string(*x.error));
  append_text(out, "server_kind", x.server_kind);
  append_text(out, "msg", x.message);
  append_text(out, "params", x.params);
  append_text(out, "result", x.result);
  return out;
}

} // namespace surrealcaf
