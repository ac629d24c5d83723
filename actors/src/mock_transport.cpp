#include "surrealcaf/mock_transport.hpp"

#include <string>
#include <utility>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::testing {

namespace {

class recording_transport : public transport {
public:
  explicit recording_transport(std::shared_ptr<mock_wire> wire) : wire_(std::move(wire)) {}

  ~recording_transport() override { wire_->destroyed = true; }

  void send(std::vector<uint8_t> frame) override { wire_->sent.push_back(std::move(frame)); }

  void close() override { wire_->closed = true; }

private:
  std::shared_ptr<mock_wire> wire_;
};

caf::error not_a_request(const std::string& what) {
  return make_error(errc::protocol_error, "not a request: " + what);
}

std::optional<uuid> read_uuid(const value& x) {
  if (auto id = x.get_if<uuid>())
    return *id;
  return std::nullopt;
}

} // namespace

mock_connection spawn_mock_connection(caf::actor_system& sys, std::shared_ptr<mock_wire> wire,
                                      client_options opts) {
  auto factory = [wire](caf::actor) -> std::unique_ptr<transport> {
    if (wire->refuse > 0) {
      --wire->refuse;
      return nullptr;
    }
    ++wire->transports;
    wire->closed = false;
    wire->destroyed = false;
    return std::make_unique<recording_transport>(wire);
  };
  auto conn = spawn_connection(sys, std::move(factory), std::move(opts));
  // The one place a public handle is widened: this connection's transport
  // is the test's to play.
  auto io = caf::actor_cast<caf::actor>(conn);
  return {std::move(conn), std::move(io)};
}

caf::expected<rpc::request> read_request(const std::vector<uint8_t>& frame) {
  auto decoded = cbor::decode(frame);
  if (!decoded)
    return std::move(decoded.error());
  auto map = decoded->get_if<value::object>();
  if (map == nullptr)
    return not_a_request("the frame is not a map");
  rpc::request result;
  auto& x = *decoded;
  if (auto id = x["id"].get_if<int64_t>())
    result.id = *id;
  else
    return not_a_request("no integer id");
  auto name = x["method"].get_if<std::string>();
  auto method = name ? rpc::parse_method(*name) : std::nullopt;
  if (!method)
    return not_a_request("no known method");
  result.method = *method;
  if (auto params = x["params"].get_if<value::array>())
    result.params = *params;
  else
    return not_a_request("params is not an array");
  if (map->count("session") != 0 && !(result.session = read_uuid(x["session"])))
    return not_a_request("session is not a UUID");
  if (map->count("txn") != 0 && !(result.txn = read_uuid(x["txn"])))
    return not_a_request("txn is not a UUID");
  return result;
}

std::vector<uint8_t> result_frame(int64_t id, value result, std::optional<uuid> session) {
  value::object frame{{"id", id}, {"result", std::move(result)}};
  if (session)
    frame.emplace("session", *session);
  return cbor::encode(frame);
}

std::vector<uint8_t> error_frame(int64_t id, value error, std::optional<uuid> session) {
  value::object frame{{"id", id}, {"error", std::move(error)}};
  if (session)
    frame.emplace("session", *session);
  return cbor::encode(frame);
}

std::vector<uint8_t> notification_frame(const rpc::notification& x) {
  value::object frame{
    {"result", value{{"id", x.live_id},
                     {"action", rpc::to_string(x.action)},
                     {"record", x.record},
                     {"result", x.result}}},
  };
  if (x.session)
    frame.emplace("session", *x.session);
  return cbor::encode(frame);
}

} // namespace surrealcaf::testing
