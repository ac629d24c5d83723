#include "request_frames.hpp"

#include <algorithm>
#include <stdexcept>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/crud.hpp"
#include "surrealcaf/rpc/request.hpp"

namespace surrealcaf::bench {

namespace {

call_shape from_statement(caf::expected<crud::statement> stmt) {
  if (!stmt)
    throw std::logic_error("crud statement refused");
  return {rpc::method::query, value::array{std::move(stmt->sql), std::move(stmt->vars)}};
}

} // namespace

call_shape shape_of(workload w) {
  switch (w) {
    case workload::ping:
      return {rpc::method::ping, {}};
    case workload::query:
      return {rpc::method::query, value::array{"RETURN 1", value::object{}}};
    case workload::select:
      return from_statement(crud::select(record_id{"bench", "one"}));
    case workload::create:
      return from_statement(crud::create(table{"bench"}, value::object{{"v", 1}}));
  }
  throw std::logic_error("unknown workload");
}

frame_template::frame_template(rpc::method method, value::array params,
                               std::optional<uuid> session) {
  // 0xfffffffe takes the 4-byte form (0x1a + 4 bytes), found after "id".
  rpc::request req{0xfffffffe, method, std::move(params), session, std::nullopt};
  bytes_ = cbor::encode(rpc::to_value(std::move(req)));
  const uint8_t marker[] = {0x62, 'i', 'd', 0x1a, 0xff, 0xff, 0xff, 0xfe};
  auto at = std::search(bytes_.begin(), bytes_.end(), std::begin(marker), std::end(marker));
  if (at == bytes_.end())
    throw std::logic_error("request id not found in the encoded frame");
  id_at_ = static_cast<size_t>(at - bytes_.begin()) + 4;
}

const std::vector<uint8_t>& frame_template::with_id(uint32_t id) {
  for (int i = 3; i >= 0; --i) {
    bytes_[id_at_ + static_cast<size_t>(i)] = static_cast<uint8_t>(id);
    id >>= 8;
  }
  return bytes_;
}

} // namespace surrealcaf::bench
