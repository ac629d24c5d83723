#pragma once

// A small synchronous helper for integration tests that predate the
// connection actor: sends one RPC request over raw_rpc_channel with our CBOR
// codec and envelope types, and returns the classified reply.

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/rpc/classify.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/rpc/request.hpp"

#include "caf/test/unit_test.hpp"

#include "engine_url.hpp"
#include "raw_rpc_channel.hpp"
#include "root_user.hpp"

namespace surrealcaf::test {

class engine_client {
public:
  /// Connects and signs in as root (see root_user.hpp), so the calls may touch
  /// data; no namespace or database is selected yet.
  engine_client() : channel_(engine_endpoint()) {
    auto res = call(rpc::method::signin, {root_signin_params()});
    if (!res.ok())
      CAF_FAIL("signin as root failed: " << res.error->readable());
  }

  /// Selects `ns`/`db`; fails the test if the server refuses.
  void use(const std::string& ns, const std::string& db) {
    auto res = call(rpc::method::use, {ns, db});
    if (!res.ok())
      CAF_FAIL("use failed: " << res.error->readable());
  }

  /// Sends `method(params)` (inside transaction `txn`, if given) and returns
  /// the response; fails the test on anything but a response to this call.
  rpc::response call(rpc::method m, value::array params, std::optional<uuid> txn = std::nullopt) {
    auto id = next_id_++;
    rpc::request req{id, m, std::move(params), std::nullopt, txn};
    auto reply = channel_.call(cbor::encode(rpc::to_value(std::move(req))));
    auto decoded = cbor::decode(reply);
    if (!decoded)
      CAF_FAIL("undecodable reply: " << describe(decoded.error()));
    auto frame = rpc::classify(std::move(*decoded), [id](int64_t x) { return x == id; });
    auto res = std::get_if<rpc::response>(&frame);
    if (res == nullptr)
      CAF_FAIL("reply is not a response to call " << id);
    return std::move(*res);
  }

  /// Runs `sql` with `vars` (inside transaction `txn`, if given) and returns
  /// the statements' results; fails the test if the call itself fails.
  std::vector<rpc::query_result> query(const std::string& sql, value::object vars = {},
                                       std::optional<uuid> txn = std::nullopt) {
    auto res = call(rpc::method::query, {sql, std::move(vars)}, txn);
    if (!res.ok())
      CAF_FAIL("query failed: " << res.error->readable());
    auto results = rpc::parse_query_results(std::move(res.result));
    if (!results)
      CAF_FAIL("bad query results: " << describe(results.error()));
    return std::move(*results);
  }

  /// The result of `sql`, one statement that must succeed (see query).
  value single(const std::string& sql, value::object vars = {},
               std::optional<uuid> txn = std::nullopt) {
    auto results = query(sql, std::move(vars), txn);
    CAF_REQUIRE_EQUAL(results.size(), 1u);
    if (!results[0].ok())
      CAF_FAIL(sql << " failed: " << results[0].error->readable());
    return std::move(results[0].result);
  }

  /// `RETURN $v` with `v` bound: what the server makes of a value sent to it.
  value echo(value v) {
    return single("RETURN $v", {{"v", std::move(v)}});
  }

private:
  raw_rpc_channel channel_;
  int64_t next_id_ = 1;
};

} // namespace surrealcaf::test
