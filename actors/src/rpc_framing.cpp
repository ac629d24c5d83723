#include "surrealcaf/detail/rpc_framing.hpp"

#include <utility>

#include <boost/uuid/uuid_io.hpp>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/detail/json_text.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/json.hpp"
#include "surrealcaf/rpc/request.hpp"

namespace surrealcaf::detail {

std::optional<wire_format> wire_format_of(const std::string& subprotocol) {
  if (subprotocol == "cbor")
    return wire_format::cbor;
  if (subprotocol == "json")
    return wire_format::json;
  return std::nullopt;
}

caf::expected<std::vector<uint8_t>> encode_request(rpc::request req, wire_format format) {
  auto method = req.method;
  auto envelope = rpc::to_value(std::move(req));
  if (format == wire_format::cbor)
    return cbor::encode(envelope);
  // UUIDs (session, txn, commit params) become hyphenated text, which the
  // server parses back into UUIDs; other typed values lose their type.
  std::string text;
  try {
    text = to_wire_json(envelope).dump();
  } catch (const nlohmann::json::type_error&) {
    // nlohmann's message quotes the offending byte: not passed on.
    return make_error(errc::invalid_argument,
                      std::string{rpc::to_string(method)}
                        + ": a string is not valid UTF-8, which JSON frames cannot carry "
                          "(the cbor subprotocol can)");
  }
  return std::vector<uint8_t>(text.begin(), text.end());
}

caf::expected<value> reply_of(rpc::response res, const std::optional<uuid>& sent_for) {
  // Request ids are unique, so the id alone picks the caller; a mismatching
  // session still means the server and this client disagree about whose
  // call this was, and the result must not reach the wrong session.
  if (res.session && res.session != sent_for)
    return make_error(errc::protocol_error,
                      "the reply to call " + std::to_string(res.id) + " names session "
                        + boost::uuids::to_string(*res.session)
                        + ", not the one the call was sent for");
  if (res.error)
    return make_error(std::move(*res.error));
  return std::move(res.result);
}

frame_reading read_frame(const std::vector<uint8_t>& bytes,
                         const std::function<bool(int64_t)>& is_pending, wire_format format) {
  if (format == wire_format::json) {
    // One SAX pass builds the value and notes the top-level id on the way.
    auto text = parse_json_text(bytes.data(), bytes.size(), json_max_depth);
    if (!text.doc)
      return undecodable_frame{std::move(text.doc.error()), text.id};
    return rpc::classify(std::move(*text.doc), is_pending);
  }
  value decoded;
  if (auto failure = cbor::try_decode(bytes.data(), bytes.size(), decoded))
    return undecodable_frame{cbor::to_error(*failure),
                             cbor::top_level_id(bytes.data(), bytes.size())};
  return rpc::classify(std::move(decoded), is_pending);
}

} // namespace surrealcaf::detail
