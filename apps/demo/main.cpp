// surrealcaf demo: connects to a SurrealDB server and shows what it says.
//
// Usage: surrealcaf_demo [ws://host:port/rpc]
// Without an argument it uses $SURREALCAF_URL, which scripts/demo sets to the
// embedded engine it starts. The multi-session walk-through arrives with the
// session actors (#4); today the demo proves the wire: version and ping.
#include "surrealcaf/detail/raw_rpc_channel.hpp"
#include "surrealcaf/endpoint.hpp"
#include "surrealcaf/errc.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>

using nlohmann::json;

int main(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : std::getenv("SURREALCAF_URL");
  if (url == nullptr) {
    std::cerr << "usage: surrealcaf_demo ws://host:port/rpc (or set SURREALCAF_URL)\n";
    return 2;
  }
  auto where = surrealcaf::parse_endpoint(url);
  if (!where) {
    std::cerr << surrealcaf::describe(where.error()) << "\n";
    return 2;
  }
  try {
    surrealcaf::detail::raw_rpc_channel channel{*where};
    std::cout << "connected to " << where->host_header() << where->target
              << " (subprotocol " << channel.negotiated() << ")\n";
    // Tags (NONE is tag 6) are read as their payload: the demo only prints.
    auto version = json::from_cbor(
      channel.call(json::to_cbor({{"id", 1}, {"method", "version"}, {"params", json::array()}})),
      true, true, json::cbor_tag_handler_t::ignore);
    if (!version.contains("result")) {
      std::cerr << "version failed: " << version.dump() << "\n";
      return 1;
    }
    std::cout << "server version: " << version["result"].get<std::string>() << "\n";
    auto start = std::chrono::steady_clock::now();
    channel.call(json::to_cbor({{"id", 2}, {"method", "ping"}}));
    auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                std::chrono::steady_clock::now() - start).count();
    std::cout << "ping round trip: " << us << " us\n";
  } catch (const std::exception& e) {
    std::cerr << "demo failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
