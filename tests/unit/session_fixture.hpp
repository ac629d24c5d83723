#pragma once

// A session on a mock connection, for the suites of the session's calls,
// transactions, live queries and fork: the test plays the server.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "connection_fixture.hpp"

#include "surrealcaf/live_subscriber.hpp"
#include "surrealcaf/rpc/notification.hpp"

namespace surrealcaf::test {

/// What a subscriber received, in order.
using notification_log = std::shared_ptr<std::vector<rpc::notification>>;

/// A live-query subscriber that records every notification it gets.
inline live_subscriber::behavior_type collector(live_subscriber::pointer, notification_log log) {
  return {
    [log](rpc::notification& x) { log->push_back(std::move(x)); },
  };
}

/// What the 3.0 engine answers to a conflicting commit (verbatim).
inline value commit_conflict_error() {
  return value{
    {"code", -32000},
    {"message", "Transaction conflict: Write conflict, retry the transaction. This transaction "
                "can be retried"},
    {"kind", "Internal"},
    {"cause", none},
  };
}

struct session_fixture : connection_fixture {
  session_actor s;
  std::optional<uuid> id;

  explicit session_fixture(std::chrono::milliseconds request_timeout
                           = client_options{}.request_timeout)
    : connection_fixture(std::chrono::milliseconds{0}, true, "cbor", request_timeout) {
    s = new_session();
    id = last_request().session;
  }

  size_t frames() const {
    return wire->sent.size();
  }

  /// Checks that the last frame is `method(params)` for session `sid` (and
  /// transaction `txn`), then answers it with `result`.
  void answer(rpc::method method, const value::array& params, value result,
              std::optional<uuid> txn = std::nullopt) {
    answer_for(id, method, params, std::move(result), txn);
  }

  void answer_for(const std::optional<uuid>& sid, rpc::method method, const value::array& params,
                  value result, std::optional<uuid> txn = std::nullopt) {
    auto req = last_request();
    CAF_CHECK_EQUAL(name(req.method), name(method));
    CAF_CHECK(req.params == params);
    CAF_CHECK(req.session == sid);
    CAF_CHECK(req.txn == txn);
    reply(req, std::move(result));
  }

  /// A subscriber and what it receives.
  std::pair<live_subscriber, notification_log> subscriber() {
    auto log = std::make_shared<std::vector<rpc::notification>>();
    return {sys.spawn(collector, log), log};
  }

  /// A notification frame for live query `live` of session `sid`.
  void push(const uuid& live, rpc::live_action action, value record,
            const std::optional<uuid>& sid) {
    value result = action == rpc::live_action::killed ? value{} : value{{"id", record}};
    if (action == rpc::live_action::killed)
      record = none;
    inject_frame(testing::notification_frame(
      rpc::notification{live, action, std::move(record), std::move(result), sid}));
  }
};

} // namespace surrealcaf::test
