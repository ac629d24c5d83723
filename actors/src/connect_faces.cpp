// How the blocking and async faces connect (detail/connect_faces.hpp): the
// shared or a private runtime and the WebSocket connection actor of
// connect.hpp (the faces' only dependency on the connection actor's
// implementation), or a connection actor of the user's system.

#include "surrealcaf/detail/connect_faces.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/bridge_call.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf::detail {

connector websocket_connector() {
  return [](caf::actor_system& sys, const std::string& url, const client_options& opts) {
    return connect(sys, url, opts);
  };
}

// -- connecting and wrapping --------------------------------------------------

void check_options(const client_options& opts) {
  if (opts.request_timeout.count() <= 0)
    throw surreal_error{errc::invalid_argument, "request_timeout must be positive"};
  if (opts.transport.connect_timeout.count() <= 0)
    throw surreal_error{errc::invalid_argument, "connect_timeout must be positive"};
  if (opts.transport.max_message_size == 0)
    throw surreal_error{errc::invalid_argument, "max_message_size must be positive"};
  if (opts.live_queue_limit == 0)
    throw surreal_error{errc::invalid_argument, "live_queue_limit must be positive"};
  if (opts.ping_interval.count() < 0)
    throw surreal_error{errc::invalid_argument, "ping_interval must not be negative"};
}

namespace {

// The transport gives up after connect_timeout and reports why; this margin
// lets that report arrive before our own deadline fires.
constexpr auto handshake_margin = std::chrono::seconds{1};

surreal_error handshake_error(const caf::error& err, std::chrono::milliseconds limit) {
  if (err == caf::sec::request_timeout)
    return {errc::connect_failed,
            "no WebSocket handshake within " + std::to_string(limit.count()) + " ms"};
  if (err == caf::sec::request_receiver_down)
    return {errc::connect_failed, "the connection actor stopped during the handshake"};
  return to_exception(err, errc::connect_failed, "connect");
}

} // namespace

future<async_connection> start_connect(const std::shared_ptr<runtime>& rt,
                                            const std::string& url, const client_options& opts,
                                            const connector& make) {
  auto hdl = make(rt->system(), url, opts);
  if (!hdl)
    return failed_future<async_connection>(
      to_exception(hdl.error(), errc::connect_failed, "connect"));
  auto conn = std::make_shared<connection_core>(rt, *hdl, opts, true);
  auto convert = [conn](session_actor& s) {
    return face_access::make<async_connection>(
      std::make_shared<session_core>(conn, std::move(s), session_kind::default_session));
  };
  using state = call_state<async_connection, decltype(convert)>;
  auto st = std::make_shared<state>(std::move(convert), conn->life(), "connect");
  auto result = st->future();
  auto handshake = opts.transport.connect_timeout + handshake_margin;
  rt->run([st, dest = *hdl, handshake, limit = opts.transport.connect_timeout,
           timeout = opts.request_timeout](caf::event_based_actor* self) {
    self->request(dest, handshake, connected_atom::value)
      .then(
        [st, dest, timeout, self](std::string&) {
          self->request(dest, timeout, default_atom::value)
            .then([st](session_actor& s) { st->deliver(s); },
                  [st](caf::error& err) { st->fail(err); });
        },
        [st, limit](caf::error& err) { st->fail(handshake_error(err, limit)); });
  });
  return result;
}

future<async_connection> connect_async(const std::string& url, const client_options& opts,
                                            const connector& make) {
  try {
    check_options(opts);
  } catch (const surreal_error& err) {
    return failed_future<async_connection>(err);
  }
  return start_connect(runtime::for_connect(opts), url, opts, make);
}

blocking_connection connect_blocking(const std::string& url, const client_options& opts,
                                     const connector& make) {
  check_options(opts);
  // Held here so that a failed attempt's private runtime is torn down on
  // this thread, before the exception leaves, rather than on the reaper.
  auto rt = runtime::for_connect(opts);
  auto f = start_connect(rt, url, opts, make);
  auto limit = opts.transport.connect_timeout + handshake_margin + opts.request_timeout;
  if (f.wait_for(limit + std::chrono::seconds{1}) != std::future_status::ready)
    throw surreal_error{errc::connect_failed,
                        "no connection within " + std::to_string(limit.count()) + " ms"};
  return f.get().blocking();
}

blocking_connection wrap_connection(caf::actor_system& sys, connection_actor conn,
                                    const client_options& opts) {
  check_options(opts);
  auto core = std::make_shared<connection_core>(runtime::make_borrowed(sys), conn, opts, false);
  auto f = request<session_actor, session_actor>(
    core->rt(), conn, request_limit(opts.request_timeout, core->keeps_deadlines()), core->life(),
    "default_session", keep, default_atom::value);
  auto dflt = await(std::move(f), opts.request_timeout, "default_session");
  auto session = std::make_shared<session_core>(std::move(core), std::move(dflt),
                                                session_kind::default_session);
  return face_access::make<blocking_connection>(std::move(session));
}

} // namespace surrealcaf::detail
