#include "canned_replies.hpp"

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::bench {

namespace {

std::string encoded(const value& x) {
  auto bytes = cbor::encode(x);
  return {bytes.begin(), bytes.end()};
}

// One `query` statement result, as the server writes it (protocol.md §2.4).
std::string statement_result(value result) {
  return encoded(value::array{value::object{
    {"result", std::move(result)},
    {"status", "OK"},
    {"time", "12.5µs"},
    {"type", none},
  }});
}

value record() {
  return value::object{{"id", record_id{"bench", "one"}}, {"v", 1}};
}

// A JWT-shaped token without `exp`, so no client schedules a refresh.
// Header {"alg":"HS512","typ":"JWT"}, claims {"ID":"root","iss":"SurrealDB"}.
constexpr const char* token = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9"
                              ".eyJJRCI6InJvb3QiLCJpc3MiOiJTdXJyZWFsREIifQ"
                              ".c2lnbmF0dXJl";

void append(std::vector<uint8_t>& out, std::string_view bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

} // namespace

canned_replies::canned_replies()
  : none_(encoded(none)),
    query_return_(statement_result(1)),
    query_select_(statement_result(record())),
    query_create_(statement_result(record())) {
  by_method_.emplace("use", encoded(value::object{{"namespace", "bench"}, {"database", "bench"}}));
  by_method_.emplace("signin", encoded(token));
  by_method_.emplace("signup", encoded(token));
  by_method_.emplace("version", encoded("surrealdb-3.0.2"));
  by_method_.emplace("let", encoded(null));
  by_method_.emplace("unset", encoded(null));
  by_method_.emplace("sessions", encoded(value::array{}));
  by_method_.emplace("select", encoded(record()));
  by_method_.emplace("create", encoded(record()));
  // ping, attach, detach, authenticate, invalidate and every other method: NONE.
}

const std::string& canned_replies::result_of(const request_view& req) const {
  if (req.method == "query") {
    auto sql = req.first_param;
    if (sql.rfind("SELECT", 0) == 0)
      return query_select_;
    if (sql.rfind("CREATE", 0) == 0)
      return query_create_;
    return query_return_;
  }
  if (auto i = by_method_.find(req.method); i != by_method_.end())
    return i->second;
  return none_;
}

void canned_replies::reply(const request_view& req, std::vector<uint8_t>& out) const {
  uint8_t pairs = 1 + !req.id.empty() + !req.session.empty();
  out.push_back(static_cast<uint8_t>(0xa0 | pairs));
  if (!req.id.empty()) {
    append(out, "\x62id");
    append(out, req.id);
  }
  append(out, "\x66result");
  append(out, result_of(req));
  if (!req.session.empty()) {
    append(out, "\x67session");
    append(out, req.session);
  }
}

} // namespace surrealcaf::bench
