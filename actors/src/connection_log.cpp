// The connection's log records (log_options.hpp, docs/observability.md): one
// per call when it ends, and the connection's own events. Nothing here runs
// unless a handler is set.

#include <algorithm>
#include <atomic>
#include <cctype>
#include <string>
#include <utility>

#include "caf/actor_clock.hpp"

#include "connection_actor_parts.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::detail::connection_parts {

namespace {

// The calls whose parameters or results carry secrets: passwords, tokens,
// refresh tokens; `info` answers the signed-in record, which may hold a
// password hash.
bool secret_params(rpc::method m) noexcept {
  switch (m) {
    case rpc::method::signin:
    case rpc::method::signup:
    case rpc::method::authenticate:
    case rpc::method::refresh:
    case rpc::method::revoke:
      return true;
    default:
      return false;
  }
}

bool secret_result(rpc::method m) noexcept {
  return secret_params(m) || m == rpc::method::info;
}

constexpr const char* redacted = "<redacted>";

// Shortens `text` to at most `limit` bytes ending in "...", without cutting
// a UTF-8 sequence in half (handlers may write records as JSON).
void shorten(std::string& text, size_t limit) {
  if (text.size() <= limit)
    return;
  auto n = limit - 3;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80)
    --n;
  text.resize(n);
  text += "...";
}

bool token_char(char c) noexcept {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.'
         || c == '+' || c == '/' || c == '=';
}

// What a failed call ends with, as levels: the caller's own business (a
// server error, a refusal) is info; what went wrong on the way is a warning.
log_level level_of_failure(const caf::error& err) noexcept {
  if (err.category() != errc_category)
    return log_level::warning;
  switch (static_cast<errc>(err.code())) {
    case errc::timeout:
    case errc::connection_lost:
    case errc::protocol_error:
    case errc::decode_error:
      return log_level::warning;
    default:
      return log_level::info;
  }
}

std::atomic<uint64_t> connection_numbers{0};

} // namespace

void pending_call::operator()(caf::expected<value> result) {
  if (trace_) {
    trace_->log->call_ended(*trace_, result);
    trace_.reset();
  }
  if (done_)
    done_(std::move(result));
}

std::string connection_log::clean(std::string text, size_t limit) {
  std::string out;
  out.reserve(std::min(text.size(), limit + 8));
  for (size_t i = 0; i < text.size();) {
    // A JWT: three base64url parts, the first one a JSON object ("eyJ").
    // Any non-alphanumeric character may precede it ("token=eyJ...").
    if (text.compare(i, 3, "eyJ") == 0
        && (i == 0 || std::isalnum(static_cast<unsigned char>(text[i - 1])) == 0)) {
      auto end = i;
      while (end < text.size() && token_char(text[end]))
        ++end;
      out += "<token>";
      i = end;
      continue;
    }
    auto c = text[i++];
    out += static_cast<unsigned char>(c) < 0x20 ? ' ' : c;
  }
  shorten(out, limit);
  return out;
}

void connection_log::configure(const log_options& opts, caf::actor_clock& clock) {
  clock_ = &clock;
  if (!opts.handler) {
    threshold_ = 0xff;
    return;
  }
  handler_ = opts.handler;
  threshold_ = static_cast<uint8_t>(opts.level);
  values_ = opts.values;
  connection_ = opts.connection_id.empty() ? "conn-" + std::to_string(++connection_numbers)
                                           : opts.connection_id;
}

std::unique_ptr<call_trace> connection_log::make_trace(const rpc::request& req) const {
  auto result = std::make_unique<call_trace>();
  result->log = this;
  result->method = req.method;
  result->session = req.session;
  result->start = clock_->now();
  if (values_)
    result->params = secret_params(req.method)
                       ? redacted
                       : clean(to_string(value{req.params}), log_record::max_value_text);
  return result;
}

void connection_log::call_ended(const call_trace& trace,
                                const caf::expected<value>& result) const noexcept {
  auto level = result ? log_level::debug : level_of_failure(result.error());
  if (!on(level))
    return;
  try {
    log_record x;
    x.level = level;
    x.event = "call";
    x.session = trace.session;
    x.method = trace.method;
    x.id = trace.id;
    x.duration = clock_->now() - trace.start;
    x.params = trace.params;
    if (result) {
      if (values_)
        x.result = secret_result(trace.method)
                     ? redacted
                     : clean(to_string(*result), log_record::max_value_text);
    } else {
      auto& err = result.error();
      if (err.category() == errc_category)
        x.error = static_cast<errc>(err.code());
      if (auto server = server_error_of(err)) {
        x.server_kind = server->kind_text;
        for (auto& kind : server->detail_path)
          x.server_kind += '.' + kind;
        if (server->code)
          x.server_kind += " (" + std::to_string(*server->code) + ")";
        x.server_kind = clean(std::move(x.server_kind));
        // The server's words may quote the query or its values.
        if (values_ && !secret_params(trace.method))
          x.message = clean(server->message);
      } else if (err.category() == errc_category) {
        x.message = clean(context_text(err.context()));
      } else {
        x.message = clean(describe(err));
      }
    }
    emit(x);
  } catch (...) {
    // No memory for the record: the call still ends.
  }
}

void connection_log::event(log_level level, const char* name, std::string message,
                           const caf::error& cause, std::optional<uuid> session,
                           std::optional<rpc::method> method) const noexcept {
  if (!on(level))
    return;
  try {
    log_record x;
    x.level = level;
    x.event = name;
    x.session = std::move(session);
    x.method = method;
    if (cause && cause.category() == errc_category)
      x.error = static_cast<errc>(cause.code());
    x.message = clean(std::move(message));
    emit(x);
  } catch (...) {
  }
}

void connection_log::emit(log_record& x) const noexcept {
  try {
    x.connection = connection_;
    handler_(x);
  } catch (...) {
    // The handler's failure is the handler's: the connection goes on.
  }
}

void trace_call(self_pointer self, const rpc::request& req, pending_call& call) {
  auto& log = self->state.log;
  if (log.tracing() && !call.trace())
    call.set_trace(log.make_trace(req));
}

connection_counters counters_of(self_pointer self) {
  auto& st = self->state;
  auto x = st.counts;
  x.in_flight = st.mux.in_flight();
  x.waiting = st.waiting.size();
  auto& frames = st.mux.counters();
  x.dropped.undecodable = frames.undecodable;
  x.dropped.invalid = frames.invalid;
  x.dropped.stray_replies = frames.stray_replies;
  x.dropped.uncorrelated_errors = frames.uncorrelated_errors;
  return x;
}

} // namespace surrealcaf::detail::connection_parts
