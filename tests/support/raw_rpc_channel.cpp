#include "raw_rpc_channel.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <stdexcept>

namespace surrealcaf::test {

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;

struct raw_rpc_channel::impl {
  net::io_context ioc;
  websocket::stream<net::ip::tcp::socket> ws{ioc};
  std::string negotiated;
};

raw_rpc_channel::raw_rpc_channel(const endpoint& where, const std::string& subprotocol)
  : impl_(std::make_unique<impl>()) {
  if (where.tls)
    throw std::invalid_argument("raw_rpc_channel supports ws:// only");
  net::ip::tcp::resolver resolver{impl_->ioc};
  net::connect(impl_->ws.next_layer(), resolver.resolve(where.host, where.port));
  impl_->ws.set_option(websocket::stream_base::decorator([subprotocol](websocket::request_type& req) {
    req.set(beast::http::field::sec_websocket_protocol, subprotocol);
  }));
  websocket::response_type res;
  impl_->ws.handshake(res, where.host_header(), where.target);
  impl_->negotiated = std::string{res[beast::http::field::sec_websocket_protocol]};
  impl_->ws.binary(true);
}

raw_rpc_channel::~raw_rpc_channel() {
  beast::error_code ignored;
  impl_->ws.close(websocket::close_code::normal, ignored);
}

const std::string& raw_rpc_channel::negotiated() const {
  return impl_->negotiated;
}

std::vector<uint8_t> raw_rpc_channel::call(const std::vector<uint8_t>& frame) {
  impl_->ws.write(net::buffer(frame));
  beast::flat_buffer buf;
  impl_->ws.read(buf);
  auto first = static_cast<const uint8_t*>(buf.data().data());
  return {first, first + buf.size()};
}

} // namespace surrealcaf::test
