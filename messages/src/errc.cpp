#include "surrealcaf/errc.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/make_message.hpp"

#include "surrealcaf/detail/enum_names.hpp"
#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

std::string to_string(errc x) {
  static constexpr detail::enum_names<errc::connection_closed, errc::pool_full> names{
    "connection_closed", "session_closed", "connect_failed", "invalid_url", "protocol_error",
    "decode_error", "server_error", "timeout", "invalid_argument", "transaction_closed",
    "transaction_conflict", "connection_lost", "transaction_lost", "signin_required", "pool_full"};
  if (auto name = names.name_or(x, nullptr))
    return name;
  return "errc(" + std::to_string(static_cast<int>(x)) + ")";
}

std::string error_text(errc x, const std::string& context) {
  auto text = "surrealcaf: " + to_string(x);
  if (!context.empty())
    text += " (" + context + ")";
  return text;
}

std::string context_text(const caf::message& context) {
  if (context.empty())
    return {};
  if (context.match_elements<std::string>())
    return context.get_as<std::string>(0);
  if (context.match_elements<rpc::server_error>())
    return context.get_as<rpc::server_error>(0).readable();
  auto text = caf::to_string(context);
  if (text.size() >= 2 && text.front() == '(' && text.back() == ')')
    text = text.substr(1, text.size() - 2);
  return text;
}

caf::error make_error(errc x, std::string context) {
  if (context.empty())
    return {static_cast<uint8_t>(x), errc_category};
  return {static_cast<uint8_t>(x), errc_category,
          caf::make_message(std::move(context))};
}

namespace {

std::string render(uint8_t code, caf::atom_value, const caf::message& context) {
  return error_text(static_cast<errc>(code), context_text(context));
}

} // namespace

std::string describe(const caf::error& err) {
  if (err.category() == errc_category)
    return render(err.code(), err.category(), err.context());
  return caf::to_string(err);
}

void register_types(caf::actor_system_config& cfg) {
  // 0.17.6's add_error_category<T> does not compile; pass the renderer.
  cfg.add_error_category(errc_category, render);
}

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
