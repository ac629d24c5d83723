#pragma once

// A connection on a mock transport under CAF's deterministic scheduler: the
// test plays the server, reading the frames the connection wrote and
// injecting replies. Shared by the connection and session suites.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "caf/test/dsl.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/detail/connection_internal.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/mock_transport.hpp"

namespace surrealcaf::test {

struct config : caf::actor_system_config {
  config() {
    register_types(*this);
  }
};

using surrealcaf::is;

/// The method's name, for comparing and printing in checks.
inline std::string name(rpc::method m) {
  return rpc::to_string(m);
}

/// The server's error inside `err`, which must be the error `code`.
inline rpc::server_error server_error_in(const caf::error& err, errc code) {
  CAF_MESSAGE(describe(err));
  CAF_CHECK(is(err, code));
  auto server = server_error_of(err);
  CAF_REQUIRE(server != nullptr);
  return *server;
}

/// One query statement result as the server sends it.
inline value ok_statement(value result, const char* type = nullptr) {
  value::object x{{"status", "OK"}, {"time", "1µs"}, {"result", std::move(result)}};
  if (type != nullptr)
    x.emplace("type", type);
  return value{std::move(x)};
}

/// A failed statement as the server sends it.
inline value err_statement(const std::string& message, const std::string& kind) {
  return value{{"status", "ERR"}, {"time", "1µs"}, {"result", message}, {"kind", kind}};
}

struct connection_fixture : test_coordinator_fixture<config> {
  std::shared_ptr<testing::mock_wire> wire = std::make_shared<testing::mock_wire>();
  connection_actor conn;
  /// Where the test sends what the connection's transport would.
  caf::actor io;

  explicit connection_fixture(std::chrono::milliseconds ping_interval = std::chrono::milliseconds{0},
                              bool open = true, std::string subprotocol = "cbor",
                              std::chrono::milliseconds request_timeout
                              = client_options{}.request_timeout) {
    client_options opts;
    // A lost socket closes the connection, as without reconnect; the
    // reconnect suites turn it on (reconnect_fixture.hpp).
    opts.reconnect.enabled = false;
    opts.ping_interval = ping_interval;
    opts.request_timeout = request_timeout;
    opts.transport.subprotocol = std::move(subprotocol);
    start(std::move(opts), open);
  }

  /// A connection with exactly these options.
  connection_fixture(client_options opts, bool open) {
    start(std::move(opts), open);
  }

  void start(client_options opts, bool open) {
    auto mock = testing::spawn_mock_connection(sys, wire, opts);
    conn = std::move(mock.connection);
    io = std::move(mock.transport);
    run();
    if (open) {
      self->send(io, open_atom::value, std::string{"cbor"});
      run();
    }
  }

  ~connection_fixture() override {
    // A connection runs until closed; close it so the system can shut down.
    if (!wire->destroyed) {
      self->send(conn, close_atom::value);
      run();
    }
  }

  /// Delivers every message, but fires no timer: the fixture's run() would
  /// trigger the keep-alive timer forever. Tests fire timers explicitly.
  size_t run() {
    return sched.run();
  }

  /// The `i`-th frame the connection wrote, as a request.
  rpc::request request_at(size_t i) {
    CAF_REQUIRE(i < wire->sent.size());
    auto req = testing::read_request(wire->sent[i]);
    if (!req)
      CAF_FAIL("the connection wrote a frame that is not a request: " << describe(req.error()));
    return std::move(*req);
  }

  /// The last frame the connection wrote, as a request.
  rpc::request last_request() {
    CAF_REQUIRE(!wire->sent.empty());
    return request_at(wire->sent.size() - 1);
  }

  /// The connection as its sessions and timers see it, for the messages the
  /// public handle does not take (`call_atom`, `deadline_atom`).
  detail::connection_internal internal() const {
    return caf::actor_cast<detail::connection_internal>(conn);
  }

  /// Plays the server: one frame to the connection, then everything runs.
  void inject_frame(std::vector<uint8_t> frame) {
    self->send(io, frame_atom::value, std::move(frame));
    run();
  }

  void reply(const rpc::request& req, value result) {
    inject_frame(testing::result_frame(req.id, std::move(result), req.session));
  }

  void reply_error(const rpc::request& req, value error) {
    inject_frame(testing::error_frame(req.id, std::move(error), req.session));
  }

  /// The reply to a request `self` made, which must already be in its
  /// mailbox (a blocking receive would wait forever otherwise).
  template <class T, class Handle>
  T result_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    T result{};
    rh.receive([&](T& x) { result = std::move(x); },
               [&](caf::error& err) { CAF_FAIL("unexpected error: " << describe(err)); });
    return result;
  }

  /// The error a request `self` made failed with (which must be there).
  template <class T, class Handle>
  caf::error error_of(Handle& rh) {
    CAF_REQUIRE(!self->mailbox().empty());
    caf::error result;
    rh.receive([&](T&) { CAF_FAIL("expected an error, got a result"); },
               [&](caf::error& err) { result = std::move(err); });
    return result;
  }

  /// A new session, with the attach answered by the "server".
  session_actor new_session() {
    auto rh = self->request(conn, caf::infinite, session_atom::value);
    run();
    auto attach = last_request();
    CAF_REQUIRE_EQUAL(attach.method, rpc::method::attach);
    CAF_REQUIRE(attach.session.has_value());
    reply(attach, none);
    return result_of<session_actor>(rh);
  }

  session_actor default_session() {
    auto rh = self->request(conn, caf::infinite, default_atom::value);
    run();
    return result_of<session_actor>(rh);
  }
};

} // namespace surrealcaf::test
