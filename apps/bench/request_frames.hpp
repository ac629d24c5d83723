#pragma once

// The raw Beast client's request frames: what the faces send for each
// workload, encoded once with surrealcaf's own CBOR encoder, with only the
// request id patched in per call.

#include <cstdint>
#include <optional>
#include <vector>

#include "bench_options.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::bench {

/// The method and params a face sends for one call of `w`: `ping` with no
/// params; `query` with ["RETURN 1", {}]; `select` and `create` as the CRUD
/// statements of crud.hpp (`SELECT * FROM ONLY $target` on bench:one,
/// `CREATE ONLY $target CONTENT $data` on table bench with {v: 1}).
struct call_shape {
  rpc::method method;
  value::array params;
};

call_shape shape_of(workload w);

/// One request frame whose `id` can be rewritten in place: it is encoded
/// with a 4-byte id, so every id below 2^32 fits without moving a byte.
class frame_template {
public:
  frame_template(rpc::method method, value::array params, std::optional<uuid> session);

  /// The frame with `id` written in.
  const std::vector<uint8_t>& with_id(uint32_t id);

private:
  std::vector<uint8_t> bytes_;
  size_t id_at_ = 0;
};

} // namespace surrealcaf::bench
