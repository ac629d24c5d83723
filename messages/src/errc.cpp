#include "surrealcaf/errc.hpp"

#include "caf/actor_system_config.hpp"
#include "caf/make_message.hpp"

#include "surrealcaf/message_types.hpp"

namespace surrealcaf {

std::string to_string(errc x) {
  switch (x) {
    case errc::connection_closed:
      return "connection_closed";
    case errc::session_closed:
      return "session_closed";
    case errc::connect_failed:
      return "connect_failed";
    case errc::invalid_url:
      return "invalid_url";
    case errc::protocol_error:
      return "protocol_error";
    case errc::decode_error:
      return "decode_error";
    case errc::server_error:
      return "server_error";
    case errc::timeout:
      return "timeout";
    case errc::invalid_argument:
      return "invalid_argument";
    case errc::transaction_closed:
      return "transaction_closed";
    case errc::transaction_conflict:
      return "transaction_conflict";
  }
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

} // namespace surrealcaf
