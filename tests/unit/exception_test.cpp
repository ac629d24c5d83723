#define CAF_SUITE exception

#include "surrealcaf/exception.hpp"

#include "surrealcaf/detail/to_exception.hpp"
#include "surrealcaf/errc.hpp"
#include "surrealcaf/rpc/server_error.hpp"

#include "caf/exit_reason.hpp"
#include "caf/sec.hpp"
#include "caf/test/unit_test.hpp"

#include <string>

#include "server_error_objects.hpp"

using namespace surrealcaf;
using detail::to_exception;

namespace {

// What a 3.x server sends for a missing table.
rpc::server_error not_found() {
  return rpc::parse_server_error(test::error_object(rpc::error_code::internal_error,
                                                    "The table 'person' does not exist",
                                                    "NotFound", test::detail_node("Table")));
}

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.rfind(prefix, 0) == 0;
}

} // namespace

CAF_TEST(a client error has a code a readable text and no server part) {
  surreal_error err{errc::timeout, "ping: no reply within 30000 ms"};
  CAF_CHECK_EQUAL(err.code(), errc::timeout);
  CAF_CHECK(err.server() == nullptr);
  CAF_CHECK_EQUAL(std::string{err.what()}, "surrealcaf: timeout (ping: no reply within 30000 ms)");
  surreal_error bare{errc::session_closed, ""};
  CAF_CHECK_EQUAL(std::string{bare.what()}, "surrealcaf: session_closed");
}

CAF_TEST(a server error keeps the server error and copies share it) {
  surreal_error err{not_found()};
  CAF_CHECK_EQUAL(err.code(), errc::server_error);
  CAF_REQUIRE(err.server() != nullptr);
  CAF_CHECK(*err.server() == not_found());
  CAF_CHECK_EQUAL(std::string{err.what()}, "surrealcaf: server_error (" + not_found().readable() + ")");
  auto copy = err;
  CAF_CHECK_EQUAL(copy.server(), err.server());
}

CAF_TEST(to_exception keeps server errors and surrealcaf codes) {
  auto srv = to_exception(make_error(not_found()));
  CAF_CHECK_EQUAL(srv.code(), errc::server_error);
  CAF_REQUIRE(srv.server() != nullptr);
  CAF_CHECK(*srv.server() == not_found());
  auto closed = to_exception(make_error(errc::session_closed, "closed by the user"));
  CAF_CHECK_EQUAL(closed.code(), errc::session_closed);
  CAF_CHECK(closed.server() == nullptr);
  CAF_CHECK_EQUAL(std::string{closed.what()}, "surrealcaf: session_closed (closed by the user)");
  // A server_error code without a server error still gets a server part.
  auto plain = to_exception(make_error(errc::server_error, "text only"));
  CAF_REQUIRE(plain.server() != nullptr);
  CAF_CHECK_EQUAL(plain.server()->message, "text only");
}

CAF_TEST(to_exception maps CAF errors) {
  auto timeout = to_exception(caf::sec::request_timeout, errc::connection_closed, "query");
  CAF_CHECK_EQUAL(timeout.code(), errc::timeout);
  CAF_CHECK(starts_with(timeout.what(), "surrealcaf: timeout (query: "));
  auto down = to_exception(caf::sec::request_receiver_down);
  CAF_CHECK_EQUAL(down.code(), errc::connection_closed);
  auto session_down = to_exception(caf::sec::request_receiver_down, errc::session_closed);
  CAF_CHECK_EQUAL(session_down.code(), errc::session_closed);
  auto other = to_exception(caf::sec::runtime_error, errc::connection_closed, "ping");
  CAF_CHECK_EQUAL(other.code(), errc::protocol_error);
  CAF_CHECK(starts_with(other.what(), "surrealcaf: protocol_error (ping: actor failure: "));
  CAF_CHECK(std::string{other.what()}.find("runtime_error") != std::string::npos);
  auto killed = to_exception(caf::exit_reason::kill);
  CAF_CHECK_EQUAL(killed.code(), errc::protocol_error);
}
