#include "control_http.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <utility>

namespace surrealcaf::test {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;

// An engine restart takes about a second; this only bounds a server that
// hangs. Beast's synchronous calls ignore timeouts, hence the asynchronous
// ones run to completion below.
constexpr auto call_timeout = std::chrono::seconds{30};

std::optional<std::string> optional_text(const nlohmann::json& x) {
  if (x.is_string())
    return x.get<std::string>();
  return std::nullopt;
}

} // namespace

control_http::control_http(std::string what, const std::string& base) : what_(std::move(what)) {
  const std::string scheme = "http://";
  if (base.compare(0, scheme.size(), scheme) != 0)
    fail(base, "the control base must be an http:// URL");
  auto rest = base.substr(scheme.size());
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
    fail(base, "no host or port in the control base");
}

void control_http::fail(const std::string& call, const std::string& why) const {
  throw std::runtime_error(what_ + ": " + call + ": " + why);
}

std::string control_http::request(const char* method, const std::string& path) const {
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

std::vector<logged_frame> control_http::frame_log(const std::string& path) const {
  const auto body = request("GET", path);
  try {
    std::vector<logged_frame> frames;
    for (const auto& entry : nlohmann::json::parse(body)) {
      logged_frame frame;
      frame.conn = entry.at("conn").get<int>();
      frame.method = optional_text(entry.at("method")).value_or("");
      frame.session = optional_text(entry.at("session"));
      if (entry.at("id").is_number_integer())
        frame.id = entry.at("id").get<int64_t>();
      frames.push_back(std::move(frame));
    }
    return frames;
  } catch (const nlohmann::json::exception& e) {
    fail("GET " + base_ + path, std::string{"unexpected answer ("} + e.what() + "): " + body);
  }
}

} // namespace surrealcaf::test
