#include "fault_proxy.hpp"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace surrealcaf::test {

namespace {

using nlohmann::json;

/// `extract(reply)` over the JSON body of a call; an answer of another shape
/// fails like the call itself.
template <class Extract>
auto read(const control_http& http, const std::string& call, const std::string& body,
          Extract extract) {
  try {
    return extract(json::parse(body));
  } catch (const json::exception& e) {
    http.fail(call, std::string{"unexpected answer ("} + e.what() + "): " + body);
  }
}

} // namespace

fault_proxy::fault_proxy(const std::string& control) : http_("fault proxy", control) {
}

std::optional<fault_proxy> fault_proxy::from_env() {
  const char* control = std::getenv("SURREALCAF_PROXY");
  if (control == nullptr)
    return std::nullopt;
  return fault_proxy{control};
}

std::string fault_proxy::request(const char* method, const std::string& path) const {
  return http_.request(method, path);
}

int fault_proxy::drop() {
  return read(http_, "POST /drop", request("POST", "/drop"),
              [](const json& reply) { return reply.at("dropped").get<int>(); });
}

int fault_proxy::close_all() {
  return read(http_, "POST /close", request("POST", "/close"),
              [](const json& reply) { return reply.at("closed").get<int>(); });
}

void fault_proxy::stall() {
  request("POST", "/stall");
}

void fault_proxy::unstall() {
  request("POST", "/unstall");
}

void fault_proxy::delay(std::chrono::milliseconds ms) {
  request("POST", "/delay?ms=" + std::to_string(ms.count()));
}

void fault_proxy::cut() {
  request("POST", "/cut");
}

void fault_proxy::refuse(int n) {
  request("POST", "/refuse?n=" + std::to_string(n));
}

void fault_proxy::kill_engine() {
  request("POST", "/engine/kill");
}

std::chrono::milliseconds fault_proxy::start_engine() {
  return read(http_, "POST /engine/start", request("POST", "/engine/start"), [](const json& reply) {
    return std::chrono::milliseconds{reply.at("ms").get<int64_t>()};
  });
}

std::vector<logged_frame> fault_proxy::log() {
  return http_.frame_log("/log");
}

void fault_proxy::clear_log() {
  request("POST", "/log/clear");
}

proxy_stats fault_proxy::stats() {
  return read(http_, "GET /stats", request("GET", "/stats"), [](const json& reply) {
    return proxy_stats{reply.at("open").get<int>(), reply.at("accepted").get<int>(),
                       reply.at("refused").get<int>()};
  });
}

} // namespace surrealcaf::test
