#include "fault_proxy.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <stdexcept>

namespace surrealcaf::test {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using nlohmann::json;

// An engine restart takes about a second; this only bounds a proxy that hangs.
// Beast's synchronous calls ignore timeouts, hence the asynchronous ones run
// to completion below.
constexpr auto call_timeout = std::chrono::seconds{30};

[[noreturn]] void fail(const std::string& call, const std::string& why) {
  throw std::runtime_error("fault proxy: " + call + ": " + why);
}

/// `extract(reply)` over the JSON body of a call; an answer of another shape
/// fails like the call itself.
template <class Extract>
auto read(const std::string& call, const std::string& body, Extract extract) {
  try {
    return extract(json::parse(body));
  } catch (const json::exception& e) {
    fail(call, std::string{"unexpected answer ("} + e.what() + "): " + body);
  }
}

std::optional<std::string> optional_text(const json& x) {
  if (x.is_string())
    return x.get<std::string>();
  return std::nullopt;
}

} // namespace

fault_proxy::fault_proxy(const std::string& control) {
  const std::string scheme = "http://";
  if (control.compare(0, scheme.size(), scheme) != 0)
    fail(control, "the control base must be an http:// URL");
  auto rest = control.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  auto colon = authority.rfind(':');
  host_ = authority.substr(0, colon);
  port_ = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  if (slash != std::string::npos)
    base_ = rest.substr(slash);
  while (!base_.empty() && base_.back() == '/')
    base_.pop_back();
  if (host_.empty() || port_.empty())
    fail(control, "no host or port in the control base");
}

std::optional<fault_proxy> fault_proxy::from_env() {
  const char* control = std::getenv("SURREALCAF_PROXY");
  if (control == nullptr)
    return std::nullopt;
  return fault_proxy{control};
}

std::string fault_proxy::request(const char* method, const std::string& path) const {
  const auto target = base_ + path;
  const auto call = std::string{method} + " " + target;
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::error_code ec;
  auto run = [&](const char* step) {
    ioc.run();
    ioc.restart();
    if (ec)
      fail(call, std::string{step} + ": " + ec.message());
  };

  net::ip::tcp::resolver resolver{ioc};
  auto endpoints = resolver.resolve(host_, port_, ec);
  if (ec)
    fail(call, "resolve: " + ec.message());
  stream.expires_after(call_timeout);
  stream.async_connect(endpoints, [&](beast::error_code e, const auto&) { ec = e; });
  run("connect");

  http::request<http::empty_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, host_ + ":" + port_);
  req.keep_alive(false);
  req.prepare_payload();
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  run("send");

  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::async_read(stream, buffer, res, [&](beast::error_code e, std::size_t) { ec = e; });
  run("answer");
  if (res.result() != http::status::ok)
    fail(call, "HTTP " + std::to_string(res.result_int()) + " " + res.body());
  return res.body();
}

int fault_proxy::drop() {
  return read("POST /drop", request("POST", "/drop"),
              [](const json& reply) { return reply.at("dropped").get<int>(); });
}

int fault_proxy::close_all() {
  return read("POST /close", request("POST", "/close"),
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
  return read("POST /engine/start", request("POST", "/engine/start"), [](const json& reply) {
    return std::chrono::milliseconds{reply.at("ms").get<int64_t>()};
  });
}

std::vector<logged_frame> fault_proxy::log() {
  return read("GET /log", request("GET", "/log"), [](const json& reply) {
    std::vector<logged_frame> frames;
    for (const auto& entry : reply) {
      logged_frame frame;
      frame.conn = entry.at("conn").get<int>();
      frame.method = optional_text(entry.at("method")).value_or("");
      frame.session = optional_text(entry.at("session"));
      if (entry.at("id").is_number_integer())
        frame.id = entry.at("id").get<int64_t>();
      frames.push_back(std::move(frame));
    }
    return frames;
  });
}

void fault_proxy::clear_log() {
  request("POST", "/log/clear");
}

proxy_stats fault_proxy::stats() {
  return read("GET /stats", request("GET", "/stats"), [](const json& reply) {
    return proxy_stats{reply.at("open").get<int>(), reply.at("accepted").get<int>(),
                       reply.at("refused").get<int>()};
  });
}

} // namespace surrealcaf::test
