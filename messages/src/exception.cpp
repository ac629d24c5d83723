#include "surrealcaf/exception.hpp"

#include <utility>

namespace surrealcaf {

surreal_error::surreal_error(errc code, const std::string& context)
  : std::runtime_error(error_text(code, context)), code_(code) {
}

surreal_error::surreal_error(rpc::server_error err)
  : surreal_error(errc::server_error, std::move(err)) {
}

surreal_error::surreal_error(errc code, rpc::server_error err)
  : std::runtime_error(error_text(code, err.readable())),
    code_(code),
    server_(std::make_shared<const rpc::server_error>(std::move(err))) {
}

} // namespace surrealcaf
