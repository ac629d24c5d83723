#include "surrealcaf/detail/to_exception.hpp"

#include <string>

#include "caf/message.hpp"
#include "caf/sec.hpp"

#include "surrealcaf/errc.hpp"
#include "surrealcaf/message_types.hpp"

namespace surrealcaf::detail {

namespace {

std::string with_call(const char* call, const std::string& text) {
  if (call == nullptr)
    return text;
  return std::string{call} + ": " + text;
}

} // namespace

surreal_error to_exception(const caf::error& err, errc receiver_down, const char* call) {
  if (err.category() == errc_category) {
    auto code = static_cast<errc>(err.code());
    if (auto srv = server_error_of(err))
      return surreal_error{code, *srv};
    auto text = context_text(err.context());
    if (code == errc::server_error) {
      // Keep the promise of surreal_error::server(): a server error always
      // carries one, even when someone built it from plain text.
      rpc::server_error srv;
      srv.message = std::move(text);
      return surreal_error{std::move(srv)};
    }
    return surreal_error{code, text};
  }
  if (err == caf::sec::request_timeout)
    return surreal_error{errc::timeout, with_call(call, "no reply within the call's timeout")};
  if (err == caf::sec::request_receiver_down)
    return surreal_error{receiver_down, with_call(call, "the actor answering the call is gone")};
  auto what = "actor failure: " + caf::to_string(err);
  return surreal_error{errc::protocol_error, with_call(call, what)};
}

} // namespace surrealcaf::detail
