// The log hook (client_options::logging) over the mock transport: one record
// per call when it ends, with the connection, session, method, request id,
// duration and error; timeouts, lost calls and calls that never went out;
// the connection's events; no password or token in any record, with values
// on or off; and nothing at all when the level filters it out. Plus the
// counters the connection answers to counters_atom.
#define CAF_SUITE log_hook

#include "reconnect_fixture.hpp"

#include <memory>
#include <string>
#include <vector>

#include "surrealcaf/log_record.hpp"

using namespace surrealcaf;
using namespace surrealcaf::test;
using namespace std::chrono_literals;

namespace {

using record_log = std::shared_ptr<std::vector<log_record>>;

/// Where the handler puts its records; made before the connection.
struct record_sink {
  record_log records = std::make_shared<std::vector<log_record>>();
  /// How often the handler was called, whatever the level.
  std::shared_ptr<size_t> handled = std::make_shared<size_t>(0);
};

client_options logging_options(const record_sink& sink, log_level level, bool values) {
  auto opts = reconnecting_options();
  opts.logging.handler = [records = sink.records, handled = sink.handled](const log_record& x) {
    ++*handled;
    records->push_back(x);
  };
  opts.logging.level = level;
  opts.logging.values = values;
  opts.logging.connection_id = "test-conn";
  return opts;
}

struct fixture_base : record_sink, reconnect_fixture {
  fixture_base(log_level level, bool values)
    : reconnect_fixture(logging_options(*this, level, values)) {
  }

  /// The call records so far.
  std::vector<log_record> calls() const {
    std::vector<log_record> result;
    for (auto& x : *records)
      if (x.event == "call")
        result.push_back(x);
    return result;
  }

  /// The records of event `name`.
  std::vector<log_record> events_named(const std::string& name) const {
    std::vector<log_record> result;
    for (auto& x : *records)
      if (x.event == name)
        result.push_back(x);
    return result;
  }

  /// A query on `who`, written but not answered; returns its request.
  rpc::request start_query(const session_actor& who, const std::string& sql = "SELECT 1") {
    self->request(who, caf::infinite, query_atom::value, sql, value::object{});
    run();
    return last_request();
  }

  connection_counters counters() {
    auto rh = self->request(conn, caf::infinite, counters_atom::value);
    run();
    return result_of<connection_counters>(rh);
  }
};

struct fixture : fixture_base {
  fixture() : fixture_base(log_level::debug, false) {
  }
};

struct values_fixture : fixture_base {
  values_fixture() : fixture_base(log_level::trace, true) {
  }
};

struct quiet_fixture : fixture_base {
  quiet_fixture() : fixture_base(log_level::error, true) {
  }
};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

CAF_TEST_FIXTURE_SCOPE(log_hook_tests, fixture)

CAF_TEST(a call that succeeds gives one debug record with its fields) {
  auto s = new_session();
  auto sid = last_request().session;
  auto attach = calls();
  CAF_REQUIRE_EQUAL(attach.size(), 1u);
  CAF_CHECK_EQUAL(name(*attach[0].method), "attach");
  CAF_CHECK(attach[0].session == sid);
  records->clear();
  auto req = start_query(s);
  CAF_CHECK(calls().empty());
  wait(5ms);
  reply(req, value::array{ok_statement(1)});
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  auto& x = xs[0];
  CAF_CHECK(x.level == log_level::debug);
  CAF_CHECK_EQUAL(x.connection, "test-conn");
  CAF_CHECK(x.session == sid);
  CAF_CHECK_EQUAL(name(*x.method), "query");
  CAF_CHECK_EQUAL(x.id, req.id);
  CAF_CHECK(x.duration == 5ms);
  CAF_CHECK(!x.error);
  CAF_CHECK(x.server_kind.empty());
  CAF_CHECK(x.message.empty());
  // Values are off: no query text, no result.
  CAF_CHECK(x.params.empty());
  CAF_CHECK(x.result.empty());
  auto line = to_string(x);
  CAF_MESSAGE(line);
  CAF_CHECK(contains(line, "level=debug event=call conn=test-conn session="));
  CAF_CHECK(contains(line, "method=query id=" + std::to_string(req.id) + " duration=5.000ms"));
}

CAF_TEST(the default session has no session in its records) {
  auto d = default_session();
  auto req = start_query(d);
  reply(req, value::array{ok_statement(1)});
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK(!xs[0].session);
  CAF_CHECK(contains(to_string(xs[0]), "session=default"));
}

CAF_TEST(a server error is an info record with its kind but not the words of the server) {
  auto d = default_session();
  auto req = start_query(d);
  reply_error(req, error_object(-32000, "the words of the server about 'my value'", "NotAllowed",
                                detail_node("Auth", detail_node("InvalidAuth"))));
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK(xs[0].level == log_level::info);
  CAF_CHECK(xs[0].error == errc::server_error);
  CAF_CHECK_EQUAL(xs[0].server_kind, "NotAllowed.Auth.InvalidAuth (-32000)");
  CAF_CHECK(xs[0].message.empty());
  CAF_CHECK(!contains(to_string(xs[0]), "my value"));
  auto n = counters();
  CAF_CHECK_EQUAL(n.answered, 1u);
  CAF_CHECK_EQUAL(n.answered_with_error, 1u);
}

CAF_TEST(a timeout is a warning record at the deadline and the late reply a dropped frame) {
  auto d = default_session();
  auto req = start_query(d);
  wait(10s);
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK(xs[0].level == log_level::warning);
  CAF_CHECK(xs[0].error == errc::timeout);
  CAF_CHECK_EQUAL(xs[0].id, req.id);
  CAF_CHECK(xs[0].duration == 10s);
  CAF_CHECK(contains(xs[0].message, "no reply within 10000 ms"));
  reply(req, value::array{ok_statement(1)});
  CAF_CHECK_EQUAL(calls().size(), 1u);
  auto dropped = events_named("frame_dropped");
  CAF_REQUIRE_EQUAL(dropped.size(), 1u);
  CAF_CHECK(dropped[0].level == log_level::warning);
  CAF_CHECK(contains(dropped[0].message, "stray reply"));
  auto n = counters();
  CAF_CHECK_EQUAL(n.timed_out, 1u);
  CAF_CHECK_EQUAL(n.dropped.stray_replies, 1u);
  CAF_CHECK_EQUAL(n.answered, 0u);
}

CAF_TEST(calls lost with the socket or never sent have one record each) {
  auto d = default_session();
  auto lost = start_query(d);
  drop();
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK(xs[0].error == errc::connection_lost);
  CAF_CHECK_EQUAL(xs[0].id, lost.id);
  CAF_CHECK(xs[0].level == log_level::warning);
  // The socket's loss and the first attempt are events.
  auto down = events_named("disconnected");
  CAF_REQUIRE_EQUAL(down.size(), 1u);
  CAF_CHECK(down[0].level == log_level::warning);
  CAF_CHECK(contains(down[0].message, "the server reset the connection"));
  CAF_REQUIRE_EQUAL(events_named("reconnecting").size(), 1u);
  CAF_CHECK(contains(events_named("reconnecting")[0].message, "attempt 1 in 100 ms"));
  // A call made now waits; past its deadline it ends as never sent: id 0.
  auto sent = wire->sent.size();
  self->request(d, caf::infinite, query_atom::value, std::string{"SELECT 2"}, value::object{});
  run();
  CAF_CHECK_EQUAL(wire->sent.size(), sent);
  auto n = counters();
  CAF_CHECK_EQUAL(n.waiting, 1u);
  CAF_CHECK_EQUAL(n.lost, 1u);
  wait(10s);
  xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 2u);
  CAF_CHECK(xs[1].error == errc::timeout);
  CAF_CHECK_EQUAL(xs[1].id, 0);
  CAF_CHECK(xs[1].duration == 10s);
  CAF_CHECK(contains(xs[1].message, "waited for the reconnect"));
}

CAF_TEST(the state changes of the connection are events) {
  auto d = default_session();
  reconnect();
  // The default session resumes with nothing to replay.
  CAF_CHECK_EQUAL(events_named("connected").size(), 2u);
  auto resumed = events_named("resumed");
  CAF_REQUIRE_EQUAL(resumed.size(), 1u);
  CAF_CHECK(resumed[0].level == log_level::info);
  CAF_CHECK(contains(resumed[0].message, "1 session(s) resumed"));
  self->send(conn, close_atom::value);
  run();
  auto closed = events_named("closed");
  CAF_REQUIRE_EQUAL(closed.size(), 1u);
  // close() was called: no warning.
  CAF_CHECK(closed[0].level == log_level::info);
  CAF_CHECK(closed[0].error == errc::connection_closed);
}

CAF_TEST(counters count calls sent answered and in flight) {
  auto d = default_session();
  auto before = counters();
  auto a = start_query(d);
  auto b = start_query(d);
  auto n = counters();
  CAF_CHECK_EQUAL(n.sent, before.sent + 2);
  CAF_CHECK_EQUAL(n.in_flight, 2u);
  reply(a, value::array{ok_statement(1)});
  reply(b, value::array{ok_statement(2)});
  n = counters();
  CAF_CHECK_EQUAL(n.in_flight, 0u);
  CAF_CHECK_EQUAL(n.answered, before.answered + 2);
  CAF_CHECK_EQUAL(n.answered_with_error, 0u);
  inject_frame({0xff});
  n = counters();
  CAF_CHECK_EQUAL(n.dropped.undecodable, 1u);
  CAF_CHECK_EQUAL(n.dropped.total(), 1u);
  CAF_CHECK(contains(events_named("frame_dropped").at(0).message, "undecodable"));
}

CAF_TEST(a handler that throws does not disturb the connection) {
  struct boom {};
  // A second connection, on the same system, whose handler throws.
  client_options opts = reconnecting_options();
  auto count = std::make_shared<size_t>(0);
  opts.logging.handler = [count](const log_record&) {
    ++*count;
    throw boom{};
  };
  opts.logging.level = log_level::debug;
  auto wire2 = std::make_shared<testing::mock_wire>();
  auto mock = testing::spawn_mock_connection(sys, wire2, opts);
  run();
  self->send(mock.transport, open_atom::value, std::string{"cbor"});
  run();
  auto rh = self->request(mock.connection, caf::infinite, default_atom::value);
  run();
  auto d2 = result_of<session_actor>(rh);
  auto q = self->request(d2, caf::infinite, query_atom::value, std::string{"SELECT 1"},
                         value::object{});
  run();
  auto req = testing::read_request(wire2->sent.back());
  CAF_REQUIRE(req);
  self->send(mock.transport, frame_atom::value,
             testing::result_frame(req->id, value::array{ok_statement(1)}, req->session));
  run();
  auto results = result_of<query_results>(q);
  CAF_CHECK_EQUAL(results.size(), 1u);
  CAF_CHECK(*count >= 2u);
  self->send(mock.connection, close_atom::value);
  run();
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(log_hook_secrets_tests, values_fixture)

CAF_TEST(no password or token reaches a record with values on) {
  const std::string password = "hunter2-password";
  const std::string record_password = "record-user-password";
  auto access1 = jwt_with(R"({"ID":"first"})");
  auto access2 = jwt_with(R"({"ID":"second"})");
  auto access3 = jwt_with(R"({"ID":"third"})");
  const std::string refresh1 = "refresh-token-one";
  const std::string refresh2 = "refresh-token-two";
  std::vector<std::string> secrets{password, record_password, access1, access2,
                                   access3,  refresh1,        refresh2};
  auto d = default_session();
  // signin: root credentials, a token pair back.
  signin(d, std::nullopt, credentials{root_credentials{"root", password}},
         value{{"access", access1}, {"refresh", refresh1}});
  // refresh: the pair out, a new pair back.
  call(d, std::nullopt, rpc::method::refresh, value{{"access", access2}, {"refresh", refresh2}},
       refresh_atom::value);
  // signup of a record user: its password out, a token back.
  call(d, std::nullopt, rpc::method::signup, value{access3}, signup_atom::value,
       record_credentials{"app", "main", "user", {{"email", "a@b.c"}, {"pass", record_password}}});
  // authenticate refused, the token quoted by the server.
  self->request(d, caf::infinite, auth_atom::value, access2);
  run();
  auto auth = last_request();
  CAF_CHECK_EQUAL(name(auth.method), "authenticate");
  reply_error(auth, error_object(-32002, "the token " + access2 + " has expired", "NotAllowed",
                                 detail_node("Auth", detail_node("TokenExpired"))));
  // signin refused.
  self->request(d, caf::infinite, signin_atom::value,
                credentials{root_credentials{"root", password}});
  run();
  reply_error(last_request(), invalid_auth_error());
  // A query whose error quotes a token: the message is kept, the token not.
  auto q = start_query(d, "SELECT * FROM person");
  reply_error(q, error_object(-32000, "cannot parse " + access1 + " here", "Validation"));
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 6u);
  for (auto& x : *records) {
    auto line = to_string(x);
    CAF_MESSAGE(line);
    for (auto& secret : secrets) {
      CAF_CHECK(!contains(line, secret));
      for (auto* field : {&x.message, &x.params, &x.result, &x.server_kind, &x.event})
        CAF_CHECK(!contains(*field, secret));
    }
  }
  // The calls that carry secrets are redacted, their errors without the
  // server's words.
  for (size_t i = 0; i < 5; ++i) {
    CAF_CHECK_EQUAL(xs[i].params, "<redacted>");
    if (!xs[i].error)
      CAF_CHECK_EQUAL(xs[i].result, "<redacted>");
    else
      CAF_CHECK(xs[i].message.empty());
  }
  CAF_CHECK_EQUAL(name(*xs[0].method), "signin");
  CAF_CHECK_EQUAL(name(*xs[1].method), "refresh");
  CAF_CHECK_EQUAL(name(*xs[2].method), "signup");
  CAF_CHECK_EQUAL(name(*xs[3].method), "authenticate");
  CAF_CHECK(xs[3].error == errc::server_error);
  CAF_CHECK_EQUAL(xs[3].server_kind, "NotAllowed.Auth.TokenExpired (-32002)");
  CAF_CHECK_EQUAL(name(*xs[4].method), "signin");
  // The query's values are shown, as asked, and the server's words without
  // the token.
  CAF_CHECK(contains(xs[5].params, "SELECT * FROM person"));
  CAF_CHECK_EQUAL(xs[5].message, "cannot parse <token> here");
}

CAF_TEST(values are shortened) {
  auto d = default_session();
  auto q = start_query(d, std::string(5000, 'x'));
  reply(q, value::array{ok_statement(std::string(5000, 'y'))});
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK_EQUAL(xs[0].params.size(), log_record::max_value_text);
  CAF_CHECK_EQUAL(xs[0].result.size(), log_record::max_value_text);
  CAF_CHECK(contains(xs[0].result, "yyy..."));
}

CAF_TEST(tokens in values are replaced) {
  auto token = jwt_with(R"({"ID":"in-a-value"})");
  auto d = default_session();
  auto q = start_query(d, "RETURN 'token=" + token + "'");
  reply(q, value::array{ok_statement(token)});
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  CAF_CHECK(!contains(xs[0].params, token));
  CAF_CHECK(contains(xs[0].params, "token=<token>"));
  CAF_CHECK(!contains(xs[0].result, token));
  CAF_CHECK(contains(xs[0].result, "<token>"));
}

CAF_TEST(shortened values never cut a character in half) {
  std::string text;
  for (int i = 0; i < 1000; ++i)
    text += "\xc3\xa9"; // U+00E9, two bytes
  auto d = default_session();
  auto q = start_query(d, "x" + text);
  reply(q, value::array{ok_statement(text)});
  auto xs = calls();
  CAF_REQUIRE_EQUAL(xs.size(), 1u);
  for (auto* x : {&xs[0].params, &xs[0].result}) {
    CAF_CHECK(x->size() <= log_record::max_value_text);
    CAF_REQUIRE(x->size() > 3u);
    CAF_CHECK_EQUAL(x->substr(x->size() - 3), "...");
    // The byte before "..." ends a character: it is not the lead byte.
    CAF_CHECK(static_cast<unsigned char>((*x)[x->size() - 4]) != 0xc3);
  }
}

CAF_TEST_FIXTURE_SCOPE_END()

CAF_TEST_FIXTURE_SCOPE(log_hook_quiet_tests, quiet_fixture)

CAF_TEST(a level above every record calls the handler never) {
  auto d = default_session();
  auto ok = start_query(d);
  reply(ok, value::array{ok_statement(1)});
  auto bad = start_query(d);
  reply_error(bad, invalid_auth_error());
  start_query(d);
  wait(10s);
  drop();
  wait_for_attempt();
  open_socket();
  inject_frame({0xff});
  self->send(conn, close_atom::value);
  run();
  CAF_CHECK_EQUAL(*handled, 0u);
  CAF_CHECK(records->empty());
}

CAF_TEST_FIXTURE_SCOPE_END()
