#include "surrealcaf/exception.hpp"

#include <utility>

namespace surrealcaf {

namespace {

// The same text `describe(caf::error)` gives for the equivalent caf::error,
// so logs read alike whichever face reported the failure.
std::string client_text(errc code, const std::string& context) {
  auto text = "surrealcaf: " + to_string(code);
  if (!context.empty())
    text += " (" + context + ")";
  return text;
}

} // namespace

surreal_error::surreal_error(errc code, const std::string& context)
  : std::runtime_error(client_text(code, context)), code_(code) {
}

surreal_error::surreal_error(rpc::server_error err)
  : surreal_error(errc::server_error, std::move(err)) {
}

surreal_error::surreal_error(errc code, rpc::server_error err)
  : std::runtime_error(client_text(code, err.readable())),
    code_(code),
    server_(std::make_shared<const rpc::server_error>(std::move(err))) {
}

} // namespace surrealcaf
