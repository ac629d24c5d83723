// The faces against a server that sends frames no client can read
// (tests/server/hostile/): nested a million levels deep, with a body that is
// not valid, answering to no call, or nothing at all. The process survives
// every one; a call answered by such a frame fails at once with
// `decode_error`, and a call nobody answers fails at its own deadline.
#define CAF_SUITE hostile_frames

#include "surrealcaf/blocking.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/test/unit_test.hpp"

#include "contains.hpp"
#include "hostile_url.hpp"
#include "surreal_error_of.hpp"

#include <chrono>
#include <string>

using namespace surrealcaf;
using namespace std::chrono_literals;
using surrealcaf::test::contains;
using surrealcaf::test::hostile_url;

namespace {

using clock_type = std::chrono::steady_clock;

/// Both wire formats.
const char* const formats[] = {"cbor", "json"};

blocking_connection connect_to(const std::string& scenario, const std::string& format,
                               std::chrono::milliseconds request_timeout = 30s) {
  client_options opts;
  opts.transport.subprotocol = format;
  opts.request_timeout = request_timeout;
  opts.transport.connect_timeout = 5s;
  return blocking_connection::connect(hostile_url(scenario), opts);
}

/// Runs `call`, which must fail with `code` whose text names `cause`, well
/// before the calls' 30 s timeout. Returns how long it took.
template <class F>
clock_type::duration expect_failure(F call, errc code, const char* cause) {
  auto start = clock_type::now();
  auto err = test::error_of(call);
  auto took = clock_type::now() - start;
  CAF_MESSAGE("failed after "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
              << " ms: " << err.what());
  CAF_CHECK_EQUAL(err.code(), code);
  CAF_CHECK(contains(err.what(), cause));
  CAF_CHECK(took < 5s);
  return took;
}

} // namespace

CAF_TEST(a reply nested a million levels deep fails its call with decode_error) {
  for (auto format : formats) {
    for (auto where : {"", "&id=last"}) {
      CAF_MESSAGE(format << where);
      auto conn = connect_to(std::string{"reply-with?body=deep&depth=1000000"} + where, format);
      auto db = conn.default_session();
      expect_failure([&] { db.ping(); }, errc::decode_error, "too_deep");
      // The connection lives on: the next call is read (and refused) too.
      expect_failure([&] { db.version(); }, errc::decode_error, "too_deep");
      conn.close();
    }
  }
}

CAF_TEST(a reply whose body is not valid fails its call with decode_error) {
  for (auto format : formats) {
    CAF_MESSAGE(format);
    auto conn = connect_to("reply-with?body=bad-body", format);
    auto db = conn.default_session();
    // The decoder's reason, with where it stopped.
    auto cause = std::string{format} == "cbor" ? "invalid_utf8 at byte" : "invalid JSON at byte";
    expect_failure([&] { db.ping(); }, errc::decode_error, cause);
    conn.close();
  }
}

CAF_TEST(frames nested a million levels deep that answer no call change nothing) {
  for (auto format : formats) {
    CAF_MESSAGE(format);
    auto conn = connect_to("unsolicited?frame=deep&depth=1000000", format);
    auto db = conn.default_session();
    for (int i = 0; i < 3; ++i)
      db.ping();
    conn.close();
  }
}

CAF_TEST(a call nobody answers fails at its deadline and the connection goes on) {
  for (auto format : formats) {
    CAF_MESSAGE(format);
    auto conn = connect_to("silent", format, 500ms);
    auto db = conn.default_session();
    auto took = expect_failure([&] { db.ping(); }, errc::timeout, "no reply within 500 ms");
    // The connection's deadline, not the faces' backstop a second later.
    CAF_CHECK(took >= 500ms);
    CAF_CHECK(took < 1500ms);
    expect_failure([&] { db.version(); }, errc::timeout, "no reply within 500 ms");
    conn.close();
  }
}
