// surrealcaf_bench_server: a WebSocket RPC server (subprotocol `cbor`) that
// answers every request from a fixed table, echoing its `id` and `session`
// (canned_replies.hpp). It does no database work, so a client measured
// against it is the limit of the pair.
//
// Usage: surrealcaf_bench_server [--port N] [--no-stdin]
// Listens on 127.0.0.1 (port 0 or none: a free one), prints
// `listening ws://127.0.0.1:<port>/rpc` once ready, and exits on SIGTERM,
// SIGINT, or when its stdin reaches EOF (unless --no-stdin), as
// tests/server/server.mjs does. One I/O thread: the client under test needs
// the other core more than the server does.
#include "canned_replies.hpp"
#include "request_peek.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using surrealcaf::bench::canned_replies;

namespace {

class connection : public std::enable_shared_from_this<connection> {
public:
  connection(tcp::socket socket, const canned_replies& replies)
    : ws_(std::move(socket)), replies_(replies) {}

  void start() {
    ws_.next_layer().set_option(tcp::no_delay(true));
    ws_.set_option(websocket::stream_base::decorator([](websocket::response_type& res) {
      res.set(beast::http::field::sec_websocket_protocol, "cbor");
    }));
    ws_.auto_fragment(false);
    ws_.binary(true);
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec)
        self->read_next();
    });
  }

private:
  void read_next() {
    ws_.async_read(inbox_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec)
        return; // closed or broken: the connection ends with its last handler
      self->answer();
      self->read_next();
    });
  }

  void answer() {
    auto data = inbox_.cdata();
    auto req = surrealcaf::bench::peek_request(static_cast<const uint8_t*>(data.data()),
                                               data.size());
    std::vector<uint8_t> frame;
    if (req)
      replies_.reply(*req, frame);
    else // not a request map: the server's parse error, without an id
      frame = parse_error();
    inbox_.consume(inbox_.size());
    outbox_.push_back(std::move(frame));
    if (outbox_.size() == 1)
      write_next();
  }

  static std::vector<uint8_t> parse_error() {
    static const char bytes[] = "\xa1\x65" "error" "\xa2\x64" "code" "\x39\x7f\xbb"
                                "\x67" "message" "\x6b" "Parse error";
    return {bytes, bytes + sizeof(bytes) - 1};
  }

  void write_next() {
    ws_.async_write(net::buffer(outbox_.front()),
                    [self = shared_from_this()](beast::error_code ec, size_t) {
                      if (ec)
                        return;
                      self->outbox_.pop_front();
                      if (!self->outbox_.empty())
                        self->write_next();
                    });
  }

  websocket::stream<tcp::socket> ws_;
  const canned_replies& replies_;
  beast::flat_buffer inbox_;
  std::deque<std::vector<uint8_t>> outbox_;
};

void accept_next(tcp::acceptor& acceptor, const canned_replies& replies) {
  acceptor.async_accept([&](beast::error_code ec, tcp::socket socket) {
    if (!ec)
      std::make_shared<connection>(std::move(socket), replies)->start();
    accept_next(acceptor, replies);
  });
}

} // namespace

int main(int argc, char** argv) {
  unsigned short port = 0;
  bool watch_stdin = true;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
      port = static_cast<unsigned short>(std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--no-stdin") == 0) {
      watch_stdin = false;
    } else {
      std::fprintf(stderr, "usage: surrealcaf_bench_server [--port N] [--no-stdin]\n");
      return 2;
    }
  }
  canned_replies replies;
  net::io_context io{1};
  tcp::acceptor acceptor{io, {net::ip::make_address("127.0.0.1"), port}};
  acceptor.listen(1024);
  accept_next(acceptor, replies);
  net::signal_set signals{io, SIGINT, SIGTERM};
  signals.async_wait([&](beast::error_code, int) { io.stop(); });
  if (watch_stdin) {
    // A parent that dies closes our stdin: stop with it.
    std::thread{[&io] {
      char buf[256];
      while (std::fread(buf, 1, sizeof buf, stdin) > 0) {
      }
      net::post(io, [&io] { io.stop(); });
    }}.detach();
  }
  std::printf("listening ws://127.0.0.1:%u/rpc\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  io.run();
  return 0;
}
