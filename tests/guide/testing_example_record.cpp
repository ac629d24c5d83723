// Records tests/recordings/counter_service.rec.jsonl for docs/testing.md:
// counter_service against a real server. Run it through CTest
// (guide.counter_service_record) with SURREALCAF_RECORDING_OUT naming the
// file to write; without it, it records to a temporary file and checks it.
#define CAF_SUITE counter_service_record

#include "caf/test/unit_test.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include "surrealcaf/connect.hpp"
#include "surrealcaf/recorder.hpp"

#include "counter_service.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <unistd.h>

using namespace surrealcaf;

namespace {

template <class T, class Handle, class... Ts>
T call(caf::scoped_actor& self, const Handle& dest, Ts&&... xs) {
  T result{};
  self->request(dest, std::chrono::seconds(30), std::forward<Ts>(xs)...)
    .receive([&](T& x) { result = std::move(x); },
             [&](caf::error& err) { CAF_FAIL(describe(err)); });
  return result;
}

} // namespace

CAF_TEST(record counter_service against the server) {
  caf::actor_system_config cfg;
  register_types(cfg);
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto url = std::getenv("SURREALCAF_URL");
  CAF_REQUIRE(url != nullptr);
  auto out = std::getenv("SURREALCAF_RECORDING_OUT");
  auto path = out != nullptr ? std::string{out}
                             : "/tmp/counter_service_" + std::to_string(::getpid()) + ".jsonl";
  // A namespace of its own, named in the file so the replay can use it.
  auto ns = "counter_" + std::to_string(::getpid()) + "_"
            + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  client_options opts;
  opts.ping_interval = std::chrono::milliseconds{0}; // no pings in the recording
  opts.reconnect.enabled = false;                    // one socket
  auto conn = testing::connect_recording(sys, url, path, opts, {{"ns", ns}});
  CAF_REQUIRE(conn);
  auto db = call<session_actor>(self, *conn, session_atom::value);
  call<value>(self, db, signin_atom::value, credentials{root_credentials{"root", "root"}});
  call<value>(self, db, use_atom::value, value{ns}, value{"main"});
  auto counter = sys.spawn(counter_service, db);
  CAF_CHECK_EQUAL(call<int64_t>(self, counter, bump_atom::value, std::string{"visits"}), 1);
  CAF_CHECK_EQUAL(call<int64_t>(self, counter, bump_atom::value, std::string{"visits"}), 2);
  self->send(*conn, close_atom::value);
  self->wait_for(*conn);
  auto rec = testing::load_recording(path);
  CAF_REQUIRE(rec);
  CAF_CHECK(rec->events.back().kind == testing::recorded_kind::close);
  if (out == nullptr)
    std::remove(path.c_str());
}
