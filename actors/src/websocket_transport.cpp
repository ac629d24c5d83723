// The Boost.Beast WebSocket transport: the only translation unit that
// compiles Beast's WebSocket and Asio's SSL code (they dominate its compile
// time, so keep it the only one). That is also why it is longer than the
// usual file: the TLS-or-plain stream and the transport both need those
// headers, and a second source would compile them twice.
//
// Threading: every WebSocket transport of the process runs on one shared
// I/O thread (`io_loop`), which exists while some transport does. A
// transport's socket state (`websocket_io`) is touched only on that thread;
// the owner's thread reaches in through `net::post` (send, close, and the
// destructor's cut). The loop runs on exactly one thread, so posted work and
// completions of one transport never run concurrently and need no strand.
// Reports go out with `caf::anon_send`.

#include "surrealcaf/transport.hpp"

#include <chrono>
#include <cstddef>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <pthread.h>
#include <string>
#include <thread>
#include <utility>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "caf/actor.hpp"
#include "caf/actor_cast.hpp"
#include "caf/send.hpp"

#include "surrealcaf/detail/transport_atoms.hpp"
#include "surrealcaf/detail/enum_names.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;
using error_code = beast::error_code;

/// How long close() waits for queued frames and the close handshake.
constexpr auto close_timeout = std::chrono::seconds{2};

// -- one stream type for ws:// and wss:// -------------------------------------

/// A TCP socket with optional TLS on top, chosen at run time. It lets one
/// `websocket::stream` type serve both schemes, so Beast's WebSocket
/// operations are compiled once rather than once per stream type. It is the
/// minimal AsyncStream Beast needs, plus the teardown and close hooks Beast
/// finds by argument-dependent lookup.
class maybe_tls_stream {
public:
  using executor_type = tcp::socket::executor_type;
  using tls_stream = ssl::stream<tcp::socket&>;

  explicit maybe_tls_stream(net::io_context& ioc) : tcp_(ioc) {}

  executor_type get_executor() noexcept { return tcp_.get_executor(); }

  tcp::socket& socket() noexcept { return tcp_; }

  /// Puts TLS over the socket; call before connecting.
  tls_stream& use_tls(ssl::context& ctx) { return tls_.emplace(tcp_, ctx); }

  /// The TLS layer; only valid after use_tls().
  tls_stream& tls() { return *tls_; }

  template <class MutableBuffers, class Handler>
  void async_read_some(const MutableBuffers& buffers, Handler&& handler) {
    with_layer([&](auto& layer) {
      layer.async_read_some(buffers, std::forward<Handler>(handler));
    });
  }

  template <class ConstBuffers, class Handler>
  void async_write_some(const ConstBuffers& buffers, Handler&& handler) {
    with_layer([&](auto& layer) {
      layer.async_write_some(buffers, std::forward<Handler>(handler));
    });
  }

  // Beast closes the socket this way when its own timeouts fire.
  friend void beast_close_socket(maybe_tls_stream& s) {
    error_code ignored;
    s.tcp_.close(ignored);
  }

  /// Makes the next teardown graceful: call when we start the close.
  void linger_on_teardown() noexcept { linger_ = true; }

  // Beast tears the stream down after every close handshake, and also after
  // failing the connection on a protocol violation or an oversized message.
  // Its own teardown waits for the peer to end TCP (and TLS), which a server
  // that just broke the protocol may never do: the failing read would then
  // complete late, with the teardown's error instead of the violation. So
  // only a close we started gets the graceful teardown (bounded by the
  // transport's close deadline); any other cuts the socket at once.
  friend void teardown(beast::role_type role, maybe_tls_stream& s, error_code& ec) {
    if (!s.linger_)
      return s.cut(ec);
    if (s.tls_)
      beast::teardown(role, *s.tls_, ec);
    else
      websocket::teardown(role, s.tcp_, ec);
  }

  template <class Handler>
  friend void async_teardown(beast::role_type role, maybe_tls_stream& s, Handler&& handler) {
    if (!s.linger_) {
      error_code ec;
      s.cut(ec);
      // Completes through the executor, as an asynchronous operation must.
      return net::post(s.get_executor(),
                       beast::bind_front_handler(std::forward<Handler>(handler), ec));
    }
    if (s.tls_)
      beast::async_teardown(role, *s.tls_, std::forward<Handler>(handler));
    else
      websocket::async_teardown(role, s.tcp_, std::forward<Handler>(handler));
  }

private:
  // Ends TCP at once; nothing more is read or written.
  void cut(error_code& ec) {
    error_code ignored;
    tcp_.shutdown(tcp::socket::shutdown_both, ignored);
    tcp_.close(ec);
  }

  // Runs `op` on the TLS layer if there is one, else on the socket.
  template <class Op>
  void with_layer(Op&& op) {
    if (tls_)
      op(*tls_);
    else
      op(tcp_);
  }

  tcp::socket tcp_;
  std::optional<tls_stream> tls_;
  bool linger_ = false;
};

// -- the shared I/O thread -----------------------------------------------------

/// One io_context and the one thread that runs it, shared by every WebSocket
/// transport: made by the first transport, stopped and joined when the last
/// one holding it goes. Only transports hold it, and they are destroyed by
/// their owners, never on this thread, so it is never joined from itself.
/// Besides this thread Asio runs DNS lookups on one thread of its own per
/// io_context, started by the first lookup.
class io_loop {
public:
  static std::shared_ptr<io_loop> shared() {
    // Never destroyed: a transport may go during static destruction.
    static auto* slot = new shared_slot;
    std::lock_guard<std::mutex> guard{slot->mtx};
    auto loop = slot->loop.lock();
    if (!loop) {
      loop.reset(new io_loop);
      slot->loop = loop;
    }
    return loop;
  }

  net::io_context& context() noexcept { return ioc_; }

  // Handlers still pending (a transport's last completions) are destroyed
  // with the io_context without running; they own the socket states, which
  // go with them. Waits for a DNS lookup in progress (Asio cannot interrupt
  // getaddrinfo).
  ~io_loop() {
    ioc_.stop();
    thread_.join();
  }

  io_loop(const io_loop&) = delete;
  io_loop& operator=(const io_loop&) = delete;

private:
  struct shared_slot {
    std::mutex mtx;
    std::weak_ptr<io_loop> loop;
  };

  io_loop() : thread_([this] { run(); }) {}

  void run() {
    // Named for ps and debuggers; Asio's DNS thread, started from here,
    // inherits the name.
    pthread_setname_np(pthread_self(), "surrealcaf.io");
    // Handlers catch their own exceptions (websocket_io::guarded); one that
    // escapes anyway must not end the thread every transport runs on.
    for (;;) {
      try {
        ioc_.run();
        return;
      } catch (...) {
      }
    }
  }

  /// The hint tells Asio that one thread runs it; posting from other threads
  /// stays safe.
  net::io_context ioc_{1};
  /// Keeps run() going while no transport has work; the destructor stops it.
  net::executor_work_guard<net::io_context::executor_type> work_{ioc_.get_executor()};
  /// Last: started once the context exists.
  std::thread thread_;
};

// -- the socket state ---------------------------------------------------------

/// One transport's socket and its state machine, on the I/O thread. Every
/// completion handler and posted job holds a strong reference, so it lives
/// until its last operation has completed, which may be after the transport
/// that made it is gone.
class websocket_io : public std::enable_shared_from_this<websocket_io> {
public:
  websocket_io(net::io_context& ioc, endpoint where, transport_options opts,
               const caf::actor& owner)
    : where_(std::move(where)),
      opts_(std::move(opts)),
      host_port_(where_.host_header()),
      owner_(caf::actor_cast<caf::weak_actor_ptr>(owner)),
      ioc_(ioc) {}

  // -- called by the owner, on its thread ---------------------------------------

  void start() {
    net::post(ioc_, guarded([this] { begin(); }));
  }

  void send(std::vector<uint8_t> frame) {
    net::post(ioc_, guarded([this, frame = std::move(frame)]() mutable {
                enqueue(std::move(frame));
              }));
  }

  void close() {
    net::post(ioc_, guarded([this] { begin_close(); }));
  }

  // The transport is being destroyed: from now on nothing reaches the owner
  // (deliver() checks under the same lock), and the socket is cut on the
  // I/O thread. The pending operations then complete with errors, which
  // their handlers ignore, and the last one frees this object.
  void abandon() {
    {
      std::lock_guard<std::mutex> guard{deliver_mtx_};
      abandoned_ = true;
    }
    net::post(ioc_, guarded([this] { finish({}); }));
  }

private:
  // The state machine. Connecting moves forward through the first four
  // phases; any failure, a timeout or close() jumps to `done`. Handlers check
  // the phase they expect first, so a late completion after a jump is ignored.
  enum class phase {
    resolving,
    connecting,
    tls_handshake,
    ws_handshake,
    open,
    closing, // close() was called: flush the queue, then the close handshake
    done,    // `closed` was sent; nothing else happens
  };

  // -- connecting ---------------------------------------------------------------

  void begin() {
    arm_deadline(opts_.connect_timeout);
    if (where_.tls) {
      if (auto failure = setup_tls(); !failure.empty())
        return fail_connect("tls setup", failure);
    }
    resolver_.async_resolve(
      where_.host, where_.port,
      guarded([this](error_code ec, const tcp::resolver::results_type& found) {
        if (phase_ != phase::resolving)
          return;
        if (ec)
          return fail_connect(ec.message());
        connect(found);
      }));
  }

  // Returns what went wrong, or nothing. The context is complete before
  // the stream is made: OpenSSL copies the verify mode when it makes one.
  std::string setup_tls() {
    auto& ctx = ssl_ctx_.emplace(ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    error_code ec;
    ctx.set_verify_mode(opts_.verify_tls ? ssl::verify_peer : ssl::verify_none, ec);
    if (ec)
      return ec.message();
    if (opts_.verify_tls) {
      if (opts_.ca_file.empty())
        ctx.set_default_verify_paths(ec);
      else
        ctx.load_verify_file(opts_.ca_file, ec);
      if (ec)
        return "cannot load trusted CAs: " + ec.message();
    }
    auto& tls = ws_.next_layer().use_tls(ctx);
    if (opts_.verify_tls) {
      tls.set_verify_callback(ssl::host_name_verification(where_.host), ec);
      if (ec)
        return ec.message();
    }
    // SNI lets a shared front pick the right certificate; RFC 6066 allows
    // only host names there, not IP literals.
    error_code not_an_ip;
    net::ip::make_address(where_.host, not_an_ip);
    if (not_an_ip && SSL_set_tlsext_host_name(tls.native_handle(), where_.host.c_str()) != 1)
      return "cannot set the server name (SNI)";
    return {};
  }

  void connect(const tcp::resolver::results_type& found) {
    phase_ = phase::connecting;
    net::async_connect(ws_.next_layer().socket(), found,
                       guarded([this](error_code ec, const tcp::endpoint&) {
                         if (phase_ != phase::connecting)
                           return;
                         if (ec)
                           return fail_connect(ec.message());
                         // Requests are small frames, often several in
                         // flight: Nagle would hold one back until the
                         // previous one is acknowledged.
                         error_code ignored;
                         ws_.next_layer().socket().set_option(tcp::no_delay{true}, ignored);
                         if (where_.tls)
                           tls_handshake();
                         else
                           ws_handshake();
                       }));
  }

  void tls_handshake() {
    phase_ = phase::tls_handshake;
    ws_.next_layer().tls().async_handshake(ssl::stream_base::client,
                                           guarded([this](error_code ec) {
                                             if (phase_ != phase::tls_handshake)
                                               return;
                                             if (ec)
                                               return fail_connect(ec.message());
                                             ws_handshake();
                                           }));
  }

  void ws_handshake() {
    phase_ = phase::ws_handshake;
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::client);
    // Our deadline already bounds both handshakes (connect_timeout, and
    // close_timeout for the closing one); the suggested client settings
    // never detect a dead peer, so add keep-alive pings with a limit.
    timeouts.handshake_timeout = websocket::stream_base::none();
    if (opts_.idle_timeout.count() > 0) {
      timeouts.idle_timeout = opts_.idle_timeout;
      timeouts.keep_alive_pings = true;
    }
    ws_.set_option(timeouts);
    ws_.set_option(websocket::stream_base::decorator(
      [protocol = opts_.subprotocol](websocket::request_type& req) {
        req.set(http::field::sec_websocket_protocol, protocol);
        req.set(http::field::user_agent, "surrealcaf");
      }));
    ws_.read_message_max(static_cast<std::size_t>(opts_.max_message_size));
    // One frame per message rather than 4 KB fragments: fewer headers to
    // write and nothing for the server to reassemble.
    ws_.auto_fragment(false);
    ws_.binary(opts_.subprotocol != "json");
    ws_.async_handshake(response_, host_port_, where_.target, guarded([this](error_code ec) {
      if (phase_ != phase::ws_handshake)
        return;
      if (ec == websocket::error::upgrade_declined)
        return fail_connect("declined with HTTP " + std::to_string(response_.result_int()));
      if (ec)
        return fail_connect(ec.message());
      // Beast does not check the answer: a server that ignores our
      // subprotocol would otherwise get frames it cannot read.
      if (response_[http::field::sec_websocket_protocol] != opts_.subprotocol)
        return finish(make_error(errc::connect_failed,
                                 "server did not accept subprotocol " + opts_.subprotocol));
      opened();
    }));
  }

  void opened() {
    phase_ = phase::open;
    deadline_.cancel();
    response_ = {};
    deliver(open_atom::value, opts_.subprotocol);
    read_next();
    write_next();
  }

  // -- open: reading and writing ------------------------------------------------

  void read_next() {
    // A fresh view on the (empty) inbox each time: the frame moves out to
    // the owner without a copy.
    inbox_view_.emplace(inbox_);
    ws_.async_read(*inbox_view_, guarded([this](error_code ec, std::size_t) {
                     if (phase_ == phase::done)
                       return;
                     if (ec)
                       return lost(read_failure(ec));
                     deliver(frame_atom::value, std::move(inbox_));
                     inbox_.clear();
                     read_next();
                   }));
  }

  // Names the real cause: Beast's messages alone do not say who broke what.
  std::string read_failure(const error_code& ec) const {
    if (ec == websocket::error::closed) {
      const auto& why = ws_.reason();
      auto text = "closed by the server (code " + std::to_string(why.code);
      if (!why.reason.empty()) {
        // The server's words, but on one line: it must not forge log lines.
        std::string reason{why.reason.data(), why.reason.size()};
        for (auto& c : reason)
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            c = ' ';
        text += ": " + reason;
      }
      return text + ")";
    }
    if (ec == websocket::error::message_too_big)
      return "read: the server sent a message larger than max_message_size ("
             + std::to_string(opts_.max_message_size) + " bytes)";
    if (ec == websocket::condition::protocol_violation)
      return "read: the server broke the WebSocket protocol: " + ec.message();
    if (ec == net::error::eof)
      return "read: the server ended the connection without a close frame";
    if (ec == beast::error::timeout)
      return "read: no sign of life from the server within idle_timeout ("
             + std::to_string(opts_.idle_timeout.count()) + " ms)";
    if (ec == net::error::connection_reset)
      return "read: the server reset the connection (" + ec.message() + ")";
    return "read: " + ec.message();
  }

  void enqueue(std::vector<uint8_t> frame) {
    // After close() nothing new goes out.
    if (phase_ == phase::closing || phase_ == phase::done)
      return;
    outbox_.push_back(std::move(frame));
    if (phase_ == phase::open)
      write_next();
  }

  // One write at a time (Beast allows no more); the queue keeps the order.
  // Invariant while open: writing_ == !outbox_.empty().
  void write_next() {
    if (writing_ || outbox_.empty())
      return;
    writing_ = true;
    ws_.async_write(net::buffer(outbox_.front()), guarded([this](error_code ec, std::size_t) {
      writing_ = false;
      if (phase_ == phase::done)
        return;
      // Aborted: the socket was cut because the read side failed, and that
      // read reports the cause.
      if (ec == net::error::operation_aborted)
        return;
      if (ec)
        return lost("write: " + ec.message());
      outbox_.pop_front();
      if (!outbox_.empty())
        write_next();
      else if (phase_ == phase::closing)
        send_close_frame();
    }));
  }

  // The socket ended without close(): the reason goes to the owner. During
  // a requested close any ending is the expected one.
  void lost(std::string reason) {
    if (phase_ == phase::closing)
      finish({});
    else
      finish(make_error(errc::connection_closed, std::move(reason)));
  }

  // -- closing ------------------------------------------------------------------

  void begin_close() {
    switch (phase_) {
      case phase::closing:
      case phase::done:
        return;
      case phase::open:
        break;
      default:
        // Still connecting: there is no one to say goodbye to yet.
        return finish({});
    }
    phase_ = phase::closing;
    ws_.next_layer().linger_on_teardown();
    arm_deadline(close_timeout);
    if (!writing_)
      send_close_frame();
  }

  void send_close_frame() {
    ws_.async_close(websocket::close_code::normal, guarded([this](error_code) { finish({}); }));
  }

  // -- deadline, ending, reporting ----------------------------------------------

  void arm_deadline(std::chrono::steady_clock::duration timeout) {
    deadline_.expires_after(timeout);
    deadline_.async_wait(guarded([this](error_code ec) {
      // Cancelled, or re-armed for the close while this wait was queued.
      if (ec || deadline_.expiry() > std::chrono::steady_clock::now())
        return;
      switch (phase_) {
        case phase::open:
        case phase::done:
          return;
        case phase::closing:
          // The server did not finish the close handshake in time.
          return finish({});
        default:
          fail_connect("timed out after " + std::to_string(opts_.connect_timeout.count())
                       + " ms");
      }
    }));
  }

  // The step a connect failure happened in, for its message. Only called
  // while connecting, i.e. in one of the first four phases.
  const char* stage() const {
    static constexpr detail::enum_names<phase::resolving, phase::ws_handshake> names{
      "resolve", "connect", "tls handshake", "websocket handshake"};
    return names.name_or(phase_, "?");
  }

  // "connect 127.0.0.1:1: Connection refused"
  void fail_connect(const char* stage_name, const std::string& what) {
    finish(make_error(errc::connect_failed, std::string{stage_name} + " " + host_port_ + ": "
                                              + what));
  }

  void fail_connect(const std::string& what) { fail_connect(stage(), what); }

  // The one place that sends `closed`. Closing the socket makes every
  // operation still pending complete with an error, which its handler then
  // ignores because the phase is `done`.
  void finish(caf::error reason) {
    if (phase_ == phase::done)
      return;
    phase_ = phase::done;
    deadline_.cancel();
    resolver_.cancel();
    error_code ignored;
    ws_.next_layer().socket().close(ignored);
    outbox_.clear();
    deliver(closed_atom::value, std::move(reason));
  }

  // The strong reference taken for one send is never the owner's last one
  // while it is alive: delivering schedules the owner, and the scheduler
  // holds a reference of its own until the message is handled. Once the
  // owner is gone, lock() fails and the message is dropped. The lock makes
  // abandon() a barrier: after it nothing is sent. The strong reference is
  // released outside it.
  template <class... Ts>
  void deliver(Ts&&... xs) {
    caf::strong_actor_ptr owner;
    std::lock_guard<std::mutex> guard{deliver_mtx_};
    if (abandoned_)
      return;
    owner = owner_.lock();
    if (owner)
      caf::anon_send(caf::actor_cast<caf::actor>(owner), std::forward<Ts>(xs)...);
  }

  // A completion handler or posted job: it keeps the socket state alive
  // until it has run, and an exception escaping it (only std::bad_alloc is
  // expected) ends this connection instead of reaching the shared loop.
  template <class F>
  struct guarded_handler {
    std::shared_ptr<websocket_io> self;
    F f;

    template <class... Xs>
    void operator()(Xs&&... xs) {
      try {
        f(std::forward<Xs>(xs)...);
      } catch (const std::exception& e) {
        self->internal_error(e);
      }
    }
  };

  template <class F>
  guarded_handler<F> guarded(F f) {
    return {shared_from_this(), std::move(f)};
  }

  void internal_error(const std::exception& e) {
    auto code = phase_ < phase::open ? errc::connect_failed : errc::connection_closed;
    finish(make_error(code, std::string{"internal error: "} + e.what()));
  }

  // -- member variables ---------------------------------------------------------

  endpoint where_;
  transport_options opts_;
  /// "host:port" for the Host header and for error contexts.
  std::string host_port_;
  caf::weak_actor_ptr owner_;

  /// Guards `abandoned_` and the sends to the owner.
  std::mutex deliver_mtx_;
  bool abandoned_ = false;

  /// The shared loop's context, which outlives every object below.
  net::io_context& ioc_;
  tcp::resolver resolver_{ioc_};
  std::optional<ssl::context> ssl_ctx_;
  websocket::stream<maybe_tls_stream> ws_{ioc_};
  /// Bounds connecting (connect_timeout) and closing (close_timeout).
  net::steady_timer deadline_{ioc_};
  websocket::response_type response_;
  std::vector<uint8_t> inbox_;
  std::optional<net::dynamic_vector_buffer<uint8_t, std::allocator<uint8_t>>> inbox_view_;
  std::deque<std::vector<uint8_t>> outbox_;
  bool writing_ = false;
  phase phase_ = phase::resolving;
};

// -- the transport --------------------------------------------------------------

/// What the owner holds: the shared loop and the socket state on it.
class websocket_transport final : public transport {
public:
  websocket_transport(endpoint where, transport_options opts, const caf::actor& owner)
    : loop_(io_loop::shared()),
      io_(std::make_shared<websocket_io>(loop_->context(), std::move(where), std::move(opts),
                                         owner)) {
    io_->start();
  }

  // Cuts the socket without a `closed`; nothing reaches the owner once this
  // returns. The socket state goes on the I/O thread when its last handler
  // has run; if this was the last transport, the loop is stopped and joined
  // here, which destroys it at once.
  ~websocket_transport() override {
    io_->abandon();
  }

  void send(std::vector<uint8_t> frame) override { io_->send(std::move(frame)); }

  void close() override { io_->close(); }

private:
  /// Declared first: released after the socket state.
  std::shared_ptr<io_loop> loop_;
  std::shared_ptr<websocket_io> io_;
};

} // namespace

std::unique_ptr<transport> make_websocket_transport(endpoint where, transport_options opts,
                                                    caf::actor owner) {
  return std::make_unique<websocket_transport>(std::move(where), std::move(opts), owner);
}

} // namespace surrealcaf
