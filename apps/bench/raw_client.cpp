// The floor of the matrix: a Boost.Beast WebSocket client with no framework
// around it. It sends the faces' frames (request_frames.hpp) pipelined on one
// socket, matches replies by id, and decodes each reply in full with
// surrealcaf's CBOR decoder (a real client must read what it gets).
#include "load_client.hpp"
#include "request_frames.hpp"

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/rpc/request.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/uuid/random_generator.hpp>

#include <stdexcept>
#include <string>
#include <unordered_map>

namespace surrealcaf::bench {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;

struct ws_url {
  std::string host;
  std::string port;
  std::string target;
};

ws_url parse_ws_url(const std::string& url) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0)
    throw std::invalid_argument("raw client: only ws:// URLs: " + url);
  auto rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  ws_url out;
  out.target = slash == std::string::npos ? "/rpc" : rest.substr(slash);
  auto colon = authority.rfind(':');
  out.host = authority.substr(0, colon);
  out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
  return out;
}

class raw_client : public load_client {
public:
  explicit raw_client(const options& opts) : opts_(opts), ws_(io_) {
    auto where = parse_ws_url(opts.url);
    tcp::resolver resolver{io_};
    net::connect(ws_.next_layer(), resolver.resolve(where.host, where.port));
    // No Nagle: with calls pipelined, a small frame written while the last
    // is unacknowledged would otherwise wait for the ACK (measured: half
    // the throughput at 64 in flight on one session, p99 above 10 ms).
    ws_.next_layer().set_option(tcp::no_delay(true));
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
      req.set(beast::http::field::sec_websocket_protocol, "cbor");
    }));
    ws_.auto_fragment(false);
    ws_.binary(true);
    ws_.handshake(where.host + ":" + where.port, where.target);
    // The default session, then (64x64) one attached session per slot, each
    // authenticated with the default session's token: a signin per session
    // would cost the engine a password hash each.
    value token;
    if (!opts.user.empty())
      token = call(rpc::method::signin, {value::object{{"user", opts.user}, {"pass", opts.pass}}});
    call(rpc::method::use, {opts.ns, opts.db});
    auto shape = shape_of(opts.load);
    if (opts.sessions() == 1) {
      frames_.emplace_back(shape.method, shape.params, std::nullopt);
      return;
    }
    boost::uuids::random_generator uuids;
    for (size_t i = 0; i < opts.sessions(); ++i) {
      uuid session = uuids();
      call(rpc::method::attach, {}, session);
      if (token.is<std::string>())
        call(rpc::method::authenticate, {token}, session);
      call(rpc::method::use, {opts.ns, opts.db}, session);
      frames_.emplace_back(shape.method, shape.params, session);
    }
  }

  ~raw_client() override {
    beast::error_code ignored;
    ws_.close(websocket::close_code::normal, ignored);
  }

  phase_result run(const phase_limits& limits) override {
    phase_result out;
    phase_gate gate{limits};
    auto window = opts_.window();
    auto start = clock_type::now();
    for (;;) {
      while (in_flight_.size() < window && gate.take()) {
        auto id = next_id_++;
        auto& frame = frames_[id % frames_.size()].with_id(id);
        in_flight_.emplace(id, clock_type::now());
        ws_.write(net::buffer(frame));
      }
      if (in_flight_.empty())
        break;
      value reply;
      auto id = read_reply(reply);
      auto now = clock_type::now();
      auto i = id ? in_flight_.find(static_cast<uint32_t>(*id)) : in_flight_.end();
      if (i == in_flight_.end())
        continue; // not one of ours (a notification, say)
      if (!reply["error"].is_none())
        out.failed(i->second, now, "server error: " + to_string(reply["error"]["message"]));
      else
        out.ok(i->second, now);
      in_flight_.erase(i);
    }
    out.seconds = std::chrono::duration<double>(clock_type::now() - start).count();
    return out;
  }

private:
  // One frame, decoded; its integer id if it has one.
  std::optional<int64_t> read_reply(value& reply) {
    inbox_.consume(inbox_.size());
    ws_.read(inbox_);
    auto data = inbox_.cdata();
    if (auto failure = cbor::try_decode(static_cast<const uint8_t*>(data.data()), data.size(),
                                        reply))
      throw std::runtime_error("undecodable reply: " + to_string(*failure));
    if (auto id = reply["id"].get_if<int64_t>())
      return *id;
    return std::nullopt;
  }

  // One set-up call, waited for; throws on an error reply.
  value call(rpc::method method, value::array params, std::optional<uuid> session = {}) {
    auto id = next_id_++;
    rpc::request req{static_cast<int64_t>(id), method, std::move(params), session, std::nullopt};
    ws_.write(net::buffer(cbor::encode(rpc::to_value(std::move(req)))));
    for (;;) {
      value reply;
      if (read_reply(reply) != static_cast<int64_t>(id))
        continue;
      if (!reply["error"].is_none())
        throw std::runtime_error(std::string{"raw client: "} + rpc::to_string(method)
                                 + " failed: " + to_string(reply["error"]));
      return reply["result"];
    }
  }

  options opts_;
  net::io_context io_;
  websocket::stream<tcp::socket> ws_;
  beast::flat_buffer inbox_;
  std::vector<frame_template> frames_;
  std::unordered_map<uint32_t, clock_type::time_point> in_flight_;
  uint32_t next_id_ = 1;
};

} // namespace

std::unique_ptr<load_client> make_raw_client(const options& opts) {
  return std::make_unique<raw_client>(opts);
}

} // namespace surrealcaf::bench
