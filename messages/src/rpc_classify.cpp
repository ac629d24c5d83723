#include "surrealcaf/rpc/classify.hpp"

#include <utility>

namespace surrealcaf::rpc {

namespace {

// Result of reading an optional UUID field: `ok` is false when the field is
// present but holds something else.
struct uuid_field {
  bool ok = true;
  std::optional<uuid> id;
};

// CBOR frames carry UUIDs as tag 37 (a uuid value); JSON frames as text, so
// text that parses as a UUID is accepted too.
std::optional<uuid> as_uuid(const value& x) {
  if (auto id = x.get_if<uuid>())
    return *id;
  if (auto text = x.get_if<std::string>())
    return parse_uuid(*text);
  return std::nullopt;
}

// NONE and NULL both mean "no session".
uuid_field read_session(const value& x) {
  if (x.is_none() || x.is_null())
    return {};
  auto id = as_uuid(x);
  return {id.has_value(), id};
}

std::string kind_name(const value& x) {
  return surrealcaf::to_string(x.type());
}

// Enough of an unknown action name to recognise it in a log, no more.
std::string excerpt(const std::string& text) {
  constexpr size_t max_len = 32;
  return text.size() <= max_len ? text : text.substr(0, max_len) + "...";
}

classified_frame invalid(std::string reason, std::optional<int64_t> id = std::nullopt) {
  return invalid_frame{std::move(reason), id};
}

// `body` is the frame's `result`, a map with an `action` key.
classified_frame to_notification(value& body, std::optional<uuid> session) {
  const auto& view = body;
  notification result;
  auto id = as_uuid(view["id"]);
  if (!id)
    return invalid("notification id is " + kind_name(view["id"]) + ", expected a uuid");
  result.live_id = *id;
  auto text = view["action"].get_if<std::string>();
  if (text == nullptr)
    return invalid("notification action is " + kind_name(view["action"])
                   + ", expected a string");
  auto action = parse_live_action(*text);
  if (!action)
    return invalid("unknown notification action '" + excerpt(*text) + "'");
  result.action = *action;
  // Missing record/result read as NONE, which is what KILLED carries anyway.
  auto& fields = body.get<value::object>();
  if (auto i = fields.find("record"); i != fields.end())
    result.record = std::move(i->second);
  if (auto i = fields.find("result"); i != fields.end())
    result.result = std::move(i->second);
  result.session = session;
  return result;
}

} // namespace

classified_frame classify(value frame, const std::function<bool(int64_t)>& is_pending) {
  auto obj = frame.get_if<value::object>();
  if (obj == nullptr)
    return invalid("frame is " + kind_name(frame) + ", expected a map");
  auto result = obj->find("result");
  auto error = obj->find("error");
  bool has_result = result != obj->end();
  bool has_error = error != obj->end();
  const auto& id = frame["id"];
  // The reply to a call in flight: that call must end, even if the frame is bad.
  std::optional<int64_t> pending;
  if (auto num = id.get_if<int64_t>(); num != nullptr && is_pending(*num))
    pending = *num;
  auto session = read_session(frame["session"]);
  if (!session.ok)
    return invalid("session is " + kind_name(frame["session"]) + ", expected a uuid", pending);
  if (has_result && has_error)
    return invalid("frame has both result and error", pending);
  if (!has_result && !has_error)
    return invalid("frame has neither result nor error", pending);
  if (pending) {
    response rsp;
    rsp.id = *pending;
    rsp.session = session.id;
    if (has_error)
      rsp.error = parse_server_error(error->second);
    else
      rsp.result = std::move(result->second);
    return rsp;
  }
  if (has_error)
    return uncorrelated_error{id, parse_server_error(error->second), session.id};
  if (id.is_none()) {
    auto& body = result->second;
    if (auto fields = body.get_if<value::object>(); fields && fields->count("action") > 0)
      return to_notification(body, session.id);
  }
  return stray_reply{id, std::move(result->second), session.id};
}

} // namespace surrealcaf::rpc
