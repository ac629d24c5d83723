#include "surrealcaf/server_error_bridge.hpp"

#include "caf/make_message.hpp"

#include "surrealcaf/errc.hpp"
#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

caf::error make_error(rpc::server_error x) {
  return make_error(errc::server_error, std::move(x));
}

caf::error make_error(errc code, rpc::server_error x) {
  return {static_cast<uint8_t>(code), errc_category, caf::make_message(std::move(x))};
}

const rpc::server_error* server_error_of(const caf::error& err) {
  if (!is(err, errc::server_error) && !is(err, errc::transaction_conflict))
    return nullptr;
  auto& ctx = err.context();
  if (!ctx.match_elements<rpc::server_error>())
    return nullptr;
  return &ctx.get_as<rpc::server_error>(0);
}

} // namespace surrealcaf
