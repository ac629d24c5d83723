#define CAF_SUITE errc

#include "surrealcaf/errc.hpp"

#include "caf/test/dsl.hpp"

#include <string>

#include "server_error_objects.hpp"

using namespace caf;
using surrealcaf::errc;
using surrealcaf::test::detail_node;
using surrealcaf::test::error_object;

namespace {

using fail_atom = atom_constant<atom("fail")>;

// A configuration as a user would write it: surrealcaf's types registered.
struct config : actor_system_config {
  config() {
    surrealcaf::register_types(*this);
  }
};

struct fixture : test_coordinator_fixture<config> {};

// Answers every request with the error a closing connection hands out.
behavior failing_server(event_based_actor*) {
  return {
    [](fail_atom) -> result<int> {
      return surrealcaf::make_error(errc::connection_closed, "socket reset");
    },
  };
}

} // namespace

CAF_TEST(enumerator names are stable) {
  CAF_CHECK_EQUAL(to_string(errc::connection_closed), "connection_closed");
  CAF_CHECK_EQUAL(to_string(errc::session_closed), "session_closed");
  CAF_CHECK_EQUAL(to_string(errc::server_error), "server_error");
  CAF_CHECK_EQUAL(to_string(errc::invalid_argument), "invalid_argument");
  CAF_CHECK_EQUAL(to_string(errc::transaction_closed), "transaction_closed");
  CAF_CHECK_EQUAL(to_string(errc::transaction_conflict), "transaction_conflict");
  CAF_CHECK_EQUAL(to_string(static_cast<errc>(200)), "errc(200)");
}

CAF_TEST(errors carry the surrealcaf category and code) {
  error err = surrealcaf::make_error(errc::timeout);
  CAF_CHECK_EQUAL(err.category(), surrealcaf::errc_category);
  CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(errc::timeout));
  CAF_CHECK(err.context().empty());
  // The implicit conversion CAF offers through ADL lookup of make_error.
  error implicit = errc::timeout;
  CAF_CHECK_EQUAL(implicit, err);
}

CAF_TEST(describe renders our errors without an actor system) {
  CAF_CHECK_EQUAL(surrealcaf::describe(surrealcaf::make_error(errc::invalid_url, "no host")),
                  "surrealcaf: invalid_url (no host)");
  CAF_CHECK_EQUAL(surrealcaf::describe(surrealcaf::make_error(errc::timeout)),
                  "surrealcaf: timeout");
  CAF_CHECK_EQUAL(surrealcaf::describe(caf::make_error(caf::sec::request_timeout)),
                  caf::to_string(caf::make_error(caf::sec::request_timeout)));
}

CAF_TEST(server errors keep code kind and message apart from ours) {
  auto parsed = surrealcaf::rpc::parse_server_error(error_object(
    -32002, "There was a problem with authentication", "NotAllowed", detail_node("Auth")));
  auto err = surrealcaf::make_error(parsed);
  CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(errc::server_error));
  auto server = surrealcaf::server_error_of(err);
  CAF_REQUIRE(server != nullptr);
  CAF_CHECK_EQUAL(server->code, -32002);
  CAF_CHECK(server->kind == surrealcaf::rpc::error_kind::not_allowed);
  CAF_CHECK_EQUAL(server->message, "There was a problem with authentication");
  CAF_CHECK(surrealcaf::describe(err).find("There was a problem with authentication")
            != std::string::npos);
  CAF_CHECK(surrealcaf::server_error_of(surrealcaf::make_error(errc::server_error, "x")) == nullptr);
  CAF_CHECK(surrealcaf::server_error_of(surrealcaf::make_error(errc::timeout)) == nullptr);
}

CAF_TEST(a transaction conflict keeps the server error) {
  auto parsed = surrealcaf::rpc::parse_server_error(
    error_object(-32009, "Transaction conflict", "Query"));
  auto err = surrealcaf::make_error(errc::transaction_conflict, parsed);
  CAF_CHECK_EQUAL(err.code(), static_cast<uint8_t>(errc::transaction_conflict));
  auto server = surrealcaf::server_error_of(err);
  CAF_REQUIRE(server != nullptr);
  CAF_CHECK(*server == parsed);
  CAF_CHECK_EQUAL(surrealcaf::describe(err),
                  "surrealcaf: transaction_conflict (Transaction conflict [Query, code -32009])");
  CAF_CHECK(surrealcaf::server_error_of(surrealcaf::make_error(errc::transaction_closed)) == nullptr);
}

CAF_TEST_FIXTURE_SCOPE(errc_actor_tests, fixture)

CAF_TEST(an actor error reaches the requester with code and context) {
  auto server = sys.spawn(failing_server);
  auto rh = self->request(server, infinite, fail_atom::value);
  expect((fail_atom), from(self).to(server).with(_));
  // The reply sits in self's mailbox now; the handle below consumes it.
  bool got_error = false;
  rh.receive([](int) { CAF_FAIL("expected an error, got a value"); },
             [&](error& err) {
               got_error = true;
               CAF_CHECK_EQUAL(err, surrealcaf::make_error(errc::connection_closed,
                                                           "socket reset"));
               CAF_CHECK_EQUAL(sys.render(err),
                               "surrealcaf: connection_closed (socket reset)");
             });
  CAF_CHECK(got_error);
}

CAF_TEST_FIXTURE_SCOPE_END()
