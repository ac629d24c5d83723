#include "surrealcaf/rpc/query_result.hpp"

#include <utility>

#include "surrealcaf/detail/enum_names.hpp"
#include "surrealcaf/errc.hpp"

namespace surrealcaf::rpc {

const char* to_string(query_type x) {
  static constexpr detail::enum_names<query_type::none, query_type::kill> names{
    "none", "live", "kill"};
  return names.name_or(x, "?");
}

namespace {

caf::error bad_shape(size_t index, const std::string& problem) {
  return make_error(errc::protocol_error,
                    "query result " + std::to_string(index) + ": " + problem);
}

std::string kind_name(const value& x) {
  return surrealcaf::to_string(x.type());
}

// Reads one `{status, time, type, result, kind?, details?}` entry; the
// entry's fields are moved out.
caf::expected<query_result> parse_entry(size_t index, value& entry) {
  auto fields = entry.get_if<value::object>();
  if (fields == nullptr)
    return bad_shape(index, "is " + kind_name(entry) + ", expected a map");
  const auto& view = entry;
  auto status = view["status"].get_if<std::string>();
  if (status == nullptr || (*status != "OK" && *status != "ERR"))
    return bad_shape(index, "status is not \"OK\" or \"ERR\"");
  auto result = fields->find("result");
  if (result == fields->end())
    return bad_shape(index, "has no result");
  query_result out;
  const auto& time = view["time"];
  if (auto text = time.get_if<std::string>())
    out.time = *text;
  else if (!time.is_none())
    return bad_shape(index, "time is " + kind_name(time) + ", expected a string");
  const auto& type = view["type"];
  if (type.is_none() || type.is_null())
    out.type = query_type::none;
  else if (type == value{"live"})
    out.type = query_type::live;
  else if (type == value{"kill"})
    out.type = query_type::kill;
  else
    return bad_shape(index, "type is not NONE, \"live\" or \"kill\"");
  if (*status == "OK") {
    out.result = std::move(result->second);
    return out;
  }
  if (!result->second.is<std::string>())
    return bad_shape(index, "ERR result is " + kind_name(result->second)
                              + ", expected the error message");
  // An ERR entry is an error object without a code whose message sits in
  // `result`; reshape it so parse_server_error reads it like any other.
  value::object error{{"message", std::move(result->second)}};
  for (auto key : {"kind", "details", "cause"})
    if (auto i = fields->find(key); i != fields->end())
      error.emplace(key, std::move(i->second));
  out.error = parse_server_error(error);
  return out;
}

} // namespace

caf::expected<std::vector<query_result>> parse_query_results(value results) {
  auto entries = results.get_if<value::array>();
  if (entries == nullptr)
    return make_error(errc::protocol_error,
                      "query results are " + kind_name(results) + ", expected an array");
  std::vector<query_result> out;
  out.reserve(entries->size());
  for (size_t i = 0; i < entries->size(); ++i) {
    auto entry = parse_entry(i, (*entries)[i]);
    if (!entry)
      return std::move(entry.error());
    out.emplace_back(std::move(*entry));
  }
  return out;
}

} // namespace surrealcaf::rpc
