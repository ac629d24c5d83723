// What the client sends on the new socket after a drop, as the fault proxy
// logs it: each attached session first attaches again under its own UUID,
// once, then replays its authentication, namespace and database, variables
// and live queries, and only then do its calls go out (those that waited
// for the resume included). A call that overtook the replay would run
// anonymous, or in no database.
#define CAF_SUITE faults_resume_log

#include "surrealcaf/async.hpp"

#include "caf/test/unit_test.hpp"

#include "fault_fixture.hpp"
#include "reconnect_faces.hpp"
#include "three_sessions.hpp"

#include <algorithm>
#include <future>
#include <map>
#include <optional>
#include <string>
#include <vector>

using namespace surrealcaf;
using namespace std::chrono_literals;
using state = connection_state;
using surrealcaf::test::logged_frame;

namespace {

using session_key = std::optional<std::string>;

std::string joined(const std::vector<std::string>& xs) {
  std::string result;
  for (auto& x : xs)
    result += (result.empty() ? "" : " ") + x;
  return result;
}

/// Each session's methods in the order they reached the proxy; the default
/// session (no `session` field) under nullopt.
std::map<session_key, std::vector<std::string>> by_session(const std::vector<logged_frame>& log) {
  std::map<session_key, std::vector<std::string>> result;
  for (auto& frame : log)
    result[frame.session].push_back(frame.method);
  return result;
}

/// The methods before the first `query`: the session's replay.
std::vector<std::string> before_first_query(const std::vector<std::string>& methods) {
  std::vector<std::string> result;
  for (auto& m : methods) {
    if (m == "query")
      break;
    result.push_back(m);
  }
  return result;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(faults_resume_log_tests, test::fault_fixture)

CAF_TEST(on the new socket each session attaches once and replays itself before its calls) {
  auto opts = test::fast_reconnect();
  // No keep-alive ping in the log.
  opts.ping_interval = 0ms;
  auto conn = test::connect_proxied(opts);
  proxy.clear_log();
  test::three_sessions three{conn};
  auto& sessions = three.sessions;
  sessions[1].query_value("DEFINE TABLE watched SCHEMALESS");
  auto stream = sessions[1].live(value{table{"watched"}});
  // The setup's log names the socket and the attached sessions' UUIDs.
  auto setup = proxy.log();
  CAF_REQUIRE(!setup.empty());
  auto old_conn = setup.back().conn;
  std::vector<std::string> attached;
  for (auto& frame : setup)
    if (frame.method == "attach" && frame.session)
      attached.push_back(*frame.session);
  CAF_REQUIRE_EQUAL(attached.size(), 2u);
  auto events = conn.events();
  proxy.clear_log();
  proxy.drop();
  test::events_until(events, state::disconnected);
  // These wait for the resume; each must follow its own session's replay.
  std::vector<surrealcaf::future<value>> waiting;
  for (auto& s : sessions)
    waiting.push_back(s.async().query_value(test::three_sessions::whoami));
  test::events_until(events, state::resumed);
  for (size_t i = 0; i < waiting.size(); ++i)
    CAF_CHECK_EQUAL(waiting[i].get(), three.expected(i));
  for (size_t i = 0; i < sessions.size(); ++i)
    CAF_CHECK_EQUAL(sessions[i].query_value(test::three_sessions::whoami), three.expected(i));

  auto log = proxy.log();
  CAF_REQUIRE(!log.empty());
  auto new_conn = log.front().conn;
  CAF_CHECK_GREATER(new_conn, old_conn);
  for (auto& frame : log)
    CAF_CHECK_EQUAL(frame.conn, new_conn);
  auto sent = by_session(log);
  for (auto& [session, methods] : sent)
    CAF_MESSAGE((session ? *session : std::string{"default"}) << ": " << joined(methods));
  // No session is named that this client did not attach.
  for (auto& entry : sent)
    CAF_CHECK(!entry.first || *entry.first == attached[0] || *entry.first == attached[1]);
  using methods = std::vector<std::string>;
  CAF_CHECK_EQUAL(joined(before_first_query(sent[std::nullopt])),
                  joined(methods{"authenticate", "use", "let"}));
  CAF_CHECK_EQUAL(joined(before_first_query(sent[attached[0]])),
                  joined(methods{"attach", "authenticate", "use", "let", "live"}));
  CAF_CHECK_EQUAL(joined(before_first_query(sent[attached[1]])),
                  joined(methods{"attach", "authenticate", "use", "let"}));
  for (auto& id : attached) {
    auto& xs = sent[id];
    CAF_CHECK_EQUAL(std::count(xs.begin(), xs.end(), "attach"), 1);
    // Both queries went out for this session, after the replay.
    CAF_CHECK_EQUAL(std::count(xs.begin(), xs.end(), "query"), 2);
  }
  CAF_CHECK_EQUAL(std::count(sent[std::nullopt].begin(), sent[std::nullopt].end(), "query"), 2);
}

CAF_TEST_FIXTURE_SCOPE_END()
