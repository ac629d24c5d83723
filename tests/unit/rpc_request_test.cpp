#define CAF_SUITE rpc_request

#include "surrealcaf/rpc/request.hpp"

#include "caf/test/unit_test.hpp"

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "uuid_of.hpp"

using namespace surrealcaf;
using namespace surrealcaf::rpc;
using test::uuid_of;

CAF_TEST(a request without session or txn is the plain three key map) {
  request req;
  req.id = 7;
  req.method = method::query;
  req.params = {"SELECT * FROM person WHERE age > $min", value{{"min", 18}}};
  auto expected = value{
    {"id", 7},
    {"method", "query"},
    {"params", value::array{"SELECT * FROM person WHERE age > $min", value{{"min", 18}}}},
  };
  auto got = to_value(req);
  CAF_CHECK(got == expected);
  auto obj = got.get_if<value::object>();
  CAF_REQUIRE(obj != nullptr);
  CAF_CHECK_EQUAL(obj->size(), 3u);
  CAF_CHECK_EQUAL(obj->count("session"), 0u);
  CAF_CHECK_EQUAL(obj->count("txn"), 0u);
}

CAF_TEST(session and txn travel as uuid values not text) {
  auto session = uuid_of("0199c6c4-5f0e-7c1a-9a6a-3b1d2f6e4a11");
  auto txn = uuid_of("0199c6c4-6000-7000-8000-000000000001");
  request req;
  req.id = 8;
  req.method = method::create;
  req.params = {table{"person"}, value{{"name", "Tobie"}}};
  req.session = session;
  req.txn = txn;
  auto got = to_value(req);
  CAF_REQUIRE(got["session"].is<uuid>());
  CAF_CHECK(got["session"].get<uuid>() == session);
  CAF_REQUIRE(got["txn"].is<uuid>());
  CAF_CHECK(got["txn"].get<uuid>() == txn);
  CAF_CHECK(got["method"] == value{"create"});
  CAF_CHECK(got["params"][0] == value{table{"person"}});
}

CAF_TEST(empty params are still sent as an empty array) {
  request req;
  req.id = 1;
  req.method = method::ping;
  auto got = to_value(req);
  CAF_REQUIRE(got["params"].is<value::array>());
  CAF_CHECK(got["params"].get<value::array>().empty());
  CAF_CHECK(got["id"] == value{1});
}

CAF_TEST(attach names the new session only in the session field) {
  auto session = uuid_of("6f1c0e8a-2b7d-4c1e-9f3a-5d4b3c2a1908");
  request req;
  req.id = 2;
  req.method = method::attach;
  req.session = session;
  auto got = to_value(std::move(req));
  CAF_CHECK(got == (value{{"id", 2},
                          {"method", "attach"},
                          {"params", value::array{}},
                          {"session", session}}));
}

CAF_TEST(commit takes the transaction uuid in params) {
  auto txn = uuid_of("0199c6c4-6000-7000-8000-000000000001");
  request req;
  req.id = 9;
  req.method = method::commit;
  req.params = {txn};
  auto got = to_value(req);
  CAF_CHECK(got["params"][0] == value{txn});
  CAF_CHECK(got["txn"].is_none());
}

CAF_TEST(large params move into the value) {
  value::array rows;
  for (int i = 0; i < 1000; ++i)
    rows.push_back(value{{"n", i}});
  request req;
  req.id = 3;
  req.method = method::insert;
  req.params = {table{"numbers"}, std::move(rows)};
  auto got = to_value(std::move(req));
  CAF_REQUIRE(got["params"][1].is<value::array>());
  CAF_CHECK_EQUAL(got["params"][1].get<value::array>().size(), 1000u);
  CAF_CHECK(got["params"][1][999] == (value{{"n", 999}}));
}

CAF_TEST(every 3x method has its lowercase wire name) {
  // The full list from docs/protocol.md §3, as explicit pairs rather than in
  // enum order: a reordered enumerator must not go out under another's name.
  const std::vector<std::pair<method, std::string>> names{
    // Connection: liveness and server version.
    {method::ping, "ping"}, {method::version, "version"},
    // Session scope: namespace and database, parameters, all of it.
    {method::use, "use"}, {method::let, "let"}, {method::unset, "unset"}, {method::reset, "reset"},
    // Signing up and in.
    {method::signup, "signup"}, {method::signin, "signin"}, {method::authenticate, "authenticate"},
    // The session's token: renewing and dropping it.
    {method::refresh, "refresh"}, {method::invalidate, "invalidate"}, {method::revoke, "revoke"},
    // The signed-in user.
    {method::info, "info"},
    // Statements and functions.
    {method::query, "query"}, {method::run, "run"},
    // Reading and adding records.
    {method::select, "select"}, {method::create, "create"}, {method::insert, "insert"},
    // Changing whole records.
    {method::update, "update"}, {method::upsert, "upsert"}, {method::merge, "merge"},
    // Patching and deleting records.
    {method::patch, "patch"}, {method::delete_, "delete"},
    // Graph edges.
    {method::relate, "relate"}, {method::insert_relation, "insert_relation"},
    // Live queries.
    {method::live, "live"}, {method::kill, "kill"},
    // Transactions.
    {method::begin, "begin"}, {method::commit, "commit"}, {method::cancel, "cancel"},
    // More sessions on one connection.
    {method::attach, "attach"}, {method::sessions, "sessions"}, {method::detach, "detach"},
  };
  // Every enumerator once: as many pairs as enumerators, none twice.
  CAF_CHECK_EQUAL(names.size(), 33u);
  CAF_CHECK_EQUAL(static_cast<size_t>(method::cancel) + 1, names.size());
  std::set<method> distinct;
  for (auto& [m, name] : names)
    if (!distinct.insert(m).second)
      CAF_FAIL("the list names method " << name << " twice");
  for (auto& [m, name] : names) {
    CAF_CHECK_EQUAL(std::string{to_string(m)}, name);
    auto parsed = parse_method(name);
    CAF_REQUIRE(parsed.has_value());
    CAF_CHECK(*parsed == m);
  }
}

CAF_TEST(parse method knows the set alias and rejects anything else) {
  CAF_CHECK(parse_method("set") == method::let);
  CAF_CHECK(!parse_method("Ping"));
  CAF_CHECK(!parse_method("SELECT"));
  CAF_CHECK(!parse_method("graphql"));
  CAF_CHECK(!parse_method("health"));
  CAF_CHECK(!parse_method(""));
  CAF_CHECK(!parse_method("delete_"));
  CAF_CHECK(!parse_method("pin")); // a prefix of "ping"
  CAF_CHECK(!parse_method("p"));
}
