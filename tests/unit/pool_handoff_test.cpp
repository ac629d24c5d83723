// A connection of a pool that gives up reconnecting hands its sessions to the
// pool, and another connection takes each over: the session replays itself
// there (attach, authenticate, use, let, live) before any of its calls goes
// out; calls in flight on the old socket failed with connection_lost, calls
// made meanwhile are held and sent after the replay. The default session
// stays and closes; connections tell the pool of sessions that leave them.
#define CAF_SUITE pool_handoff

#include "pool_handoff_fixture.hpp"

#include <string>
#include <vector>

#include "contains.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using strings = std::vector<std::string>;

const value app_main{{"namespace", "app"}, {"database", "main"}};

struct fixture : pool_handoff_fixture {
  using pool_handoff_fixture::pool_handoff_fixture;

  /// Signed in (token "tok"), namespace app, database main, variable x and
  /// a live query (server id 1) for `sub`.
  void set_up(const session_actor& s, const uuid& sid, const live_subscriber& sub) {
    call(a, s, sid, rpc::method::signin, "tok", signin_atom::value,
         credentials{root_credentials{"root", "root"}});
    call(a, s, sid, rpc::method::use, app_main, use_atom::value, value{"app"}, value{"main"});
    call(a, s, sid, rpc::method::let, none, let_atom::value, std::string{"x"}, value{1});
    call<uuid>(a, s, sid, rpc::method::live, numbered_uuid(1), live_atom::value,
               value{table{"person"}}, false, sub);
  }

  /// Answers the replay of `set_up` on `n` (the live query gets server id 2).
  void serve_replay(node& n, const uuid& sid) {
    serve(n, sid, rpc::method::attach);
    auto auth = serve(n, sid, rpc::method::authenticate);
    CAF_CHECK(auth.params == value::array{"tok"});
    auto use = serve(n, sid, rpc::method::use, app_main);
    CAF_CHECK((use.params == value::array{"app", "main"}));
    auto let = serve(n, sid, rpc::method::let);
    CAF_CHECK((let.params == value::array{"x", 1}));
    serve(n, sid, rpc::method::live, numbered_uuid(2));
  }

  /// The SQL of the queries written on `n` for `sid`, in order.
  strings queries_on(node& n, const uuid& sid) {
    strings result;
    for (auto& req : sent_for(n, sid))
      if (req.method == rpc::method::query)
        result.push_back(req.params[0].get<std::string>());
    return result;
  }
};

/// The held-call bound: a session of A holds at most 2 calls while moving.
client_options two_waiting() {
  auto opts = one_attempt();
  opts.reconnect.max_waiting_calls = 2;
  return opts;
}

struct two_waiting_fixture : fixture {
  two_waiting_fixture() : fixture(two_waiting()) {
  }
};

const strings replay{"attach", "authenticate", "use", "let", "live"};

strings plus(strings xs, const strings& more) {
  xs.insert(xs.end(), more.begin(), more.end());
  return xs;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(pool_handoff_tests, fixture)

CAF_TEST(a session moves with its state and its calls go out after its replay) {
  auto [s, sid] = new_session(a);
  auto [sub, notes] = subscriber();
  set_up(s, sid, sub);
  auto in_flight = query_on(s, "RETURN 'in flight'");
  drop(a);
  CAF_CHECK(is(error_of<query_results>(in_flight), errc::connection_lost));
  // Made during the outage: it waits at A, which answers it when it gives
  // up, and the session sends it again to B.
  auto waited = query_on(s, "RETURN 'waited'");
  give_up(a);
  CAF_CHECK((pool_seen->handed == std::vector<uuid>{sid}));
  // Made while no connection has it: held by the session.
  auto held = query_on(s, "RETURN 'held'");
  CAF_CHECK(sent_for(b, sid).empty());
  place_on(b);
  CAF_CHECK((pool_seen->placed == std::vector<bool>{true}));
  // The first frame with its UUID on B is the attach, and nothing else
  // goes out before the server answered it.
  CAF_CHECK((methods_for(b, sid) == strings{"attach"}));
  serve_replay(b, sid);
  CAF_CHECK((methods_for(b, sid) == plus(replay, {"query", "query"})));
  CAF_CHECK((queries_on(b, sid) == strings{"RETURN 'waited'", "RETURN 'held'"}));
  serve(b, sid, rpc::method::query, value::array{ok_statement("waited")});
  serve(b, sid, rpc::method::query, value::array{ok_statement("held")});
  CAF_CHECK(result_of<query_results>(waited)[0].result == value{"waited"});
  CAF_CHECK(result_of<query_results>(held)[0].result == value{"held"});
  // The live query goes on under the id its subscriber holds.
  CAF_REQUIRE(!notes->empty());
  CAF_CHECK(notes->back().action == rpc::live_action::resumed);
  CAF_CHECK(notes->back().live_id == numbered_uuid(1));
  // B reports the resume, counting the session it took over.
  CAF_REQUIRE(!b.events->empty());
  CAF_CHECK_EQUAL(to_string(b.events->back().state), std::string{"resumed"});
  CAF_CHECK_EQUAL(b.events->back().sessions, 1u);
  // Later calls go to B at once.
  auto later = query_on(s, "RETURN 'later'");
  serve(b, sid, rpc::method::query, value::array{ok_statement("later")});
  CAF_CHECK(result_of<query_results>(later)[0].result == value{"later"});
}

CAF_TEST(the default session stays with its connection and closes) {
  auto d = [this] {
    auto rh = self->request(a.conn, caf::infinite, default_atom::value);
    run();
    return result_of<session_actor>(rh);
  }();
  auto [s, sid] = new_session(a);
  give_up(a);
  CAF_CHECK((pool_seen->handed == std::vector<uuid>{sid}));
  auto rh = query_on(d, "RETURN 1");
  CAF_CHECK(is(error_of<query_results>(rh), errc::connection_closed));
  // A session handed to the pool was not told to close.
  auto held = query_on(s, "RETURN 2");
  CAF_CHECK(self->mailbox().empty());
  place_on(b);
  serve(b, sid, rpc::method::attach);
  serve(b, sid, rpc::method::query, value::array{ok_statement(2)});
  CAF_CHECK(result_of<query_results>(held)[0].result == value{2});
}

CAF_TEST(a connection reconnecting takes the session over and resumes it on its new socket) {
  auto [s, sid] = new_session(a);
  auto [sub, notes] = subscriber();
  set_up(s, sid, sub);
  give_up(a);
  auto held = query_on(s, "RETURN 'held'");
  drop(b);
  place_on(b);
  CAF_CHECK((pool_seen->placed == std::vector<bool>{true}));
  CAF_CHECK(sent_for(b, sid).empty());
  wait(100ms);
  open(b);
  CAF_CHECK((methods_for(b, sid) == strings{"attach"}));
  serve_replay(b, sid);
  CAF_CHECK((methods_for(b, sid) == plus(replay, {"query"})));
  serve(b, sid, rpc::method::query, value::array{ok_statement("held")});
  CAF_CHECK(result_of<query_results>(held)[0].result == value{"held"});
  CAF_CHECK_EQUAL(to_string(b.events->back().state), std::string{"resumed"});
}

CAF_TEST(adopt is refused before the first handshake and for a session known already) {
  auto [s, sid] = new_session(a);
  auto session = caf::actor_cast<detail::session_internal>(s);
  node c;
  start(c, reconnecting_options(), true);
  auto refused = self->request(c.internal(), caf::infinite, adopt_atom::value, sid, session);
  run();
  CAF_CHECK(!result_of<bool>(refused));
  auto known = self->request(a.internal(), caf::infinite, adopt_atom::value, sid, session);
  run();
  CAF_CHECK(!result_of<bool>(known));
  self->send(c.conn, close_atom::value);
  run();
}

CAF_TEST(a fork while moving fails and so do held calls when no connection takes the session) {
  auto [s, sid] = new_session(a);
  give_up(a);
  auto held = query_on(s, "RETURN 1");
  auto fork = self->request(s, caf::infinite, fork_atom::value);
  run();
  auto err = error_of<forked_session>(fork);
  CAF_CHECK(is(err, errc::connection_lost));
  CAF_CHECK(contains(describe(err), "moving"));
  // What the pool sends when no connection can take the session.
  self->send(caf::actor_cast<detail::session_internal>(s), shutdown_atom::value,
             make_error(errc::connection_closed, "no connection of the pool could take it"));
  run();
  err = error_of<query_results>(held);
  CAF_CHECK(is(err, errc::connection_closed));
  CAF_CHECK(contains(describe(err), "no connection of the pool"));
}

CAF_TEST(connections tell the pool of sessions that leave them) {
  auto [s, sid] = new_session(a);
  auto closing = self->request(s, caf::infinite, close_atom::value);
  run();
  serve(a, sid, rpc::method::detach);
  result_of<value>(closing);
  CAF_CHECK((pool_seen->departed == std::vector<caf::actor_addr>{s.address()}));
  // A session whose attach failed.
  auto rh = self->request(a.conn, caf::infinite, session_atom::value);
  run();
  auto attach = request_at(a, a.wire->sent.size() - 1);
  self->send(a.io, frame_atom::value,
             testing::error_frame(attach.id, value{{"code", -32000}, {"message", "no"}},
                                  attach.session));
  run();
  error_of<session_actor>(rh);
  CAF_CHECK_EQUAL(pool_seen->departed.size(), 2u);
  // One moved to B leaves B.
  auto [t, tid] = new_session(a);
  give_up(a);
  place_on(b);
  serve(b, tid, rpc::method::attach);
  closing = self->request(t, caf::infinite, close_atom::value);
  run();
  serve(b, tid, rpc::method::detach);
  result_of<value>(closing);
  CAF_REQUIRE_EQUAL(pool_seen->departed.size(), 3u);
  CAF_CHECK(pool_seen->departed.back() == t.address());
}

CAF_TEST(without a pool a connection that gives up closes every session) {
  node c;
  start(c, one_attempt(), false);
  open(c);
  auto [s, sid] = new_session(c);
  give_up(c);
  CAF_CHECK(pool_seen->handed.empty());
  auto rh = query_on(s, "RETURN 1");
  CAF_CHECK(is(error_of<query_results>(rh), errc::connection_closed));
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(pool_handoff_limit_tests, two_waiting_fixture)

CAF_TEST(a moving session holds at most max_waiting_calls calls) {
  auto [s, sid] = new_session(a);
  give_up(a);
  auto first = query_on(s, "RETURN 1");
  auto second = query_on(s, "RETURN 2");
  auto third = query_on(s, "RETURN 3");
  auto err = error_of<query_results>(third);
  CAF_CHECK(is(err, errc::connection_lost));
  CAF_CHECK(contains(describe(err), "nothing was sent"));
  place_on(b);
  serve(b, sid, rpc::method::attach);
  CAF_CHECK((queries_on(b, sid) == strings{"RETURN 1", "RETURN 2"}));
  serve(b, sid, rpc::method::query, value::array{ok_statement(1)});
  serve(b, sid, rpc::method::query, value::array{ok_statement(2)});
  CAF_CHECK(result_of<query_results>(first)[0].result == value{1});
  CAF_CHECK(result_of<query_results>(second)[0].result == value{2});
}

CAF_TEST_FIXTURE_SCOPE_END()
