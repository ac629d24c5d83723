#include "surrealcaf/detail/jwt_claims.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include <boost/beast/core/detail/base64.hpp>
#include <nlohmann/json.hpp>

namespace surrealcaf::detail {

namespace {

// The bytes base64url `text` (padding optional) spells; nothing for
// anything else.
std::optional<std::string> base64url_decode(std::string text) {
  auto end = text.find_last_not_of('=');
  auto padding = text.size() - (end == std::string::npos ? 0 : end + 1);
  if (padding > 2 || (padding > 0 && text.size() % 4 != 0))
    return std::nullopt;
  text.resize(text.size() - padding);
  auto length = text.size();
  // One character left over carries less than a byte: never valid.
  if (length % 4 == 1)
    return std::nullopt;
  std::replace(text.begin(), text.end(), '-', '+');
  std::replace(text.begin(), text.end(), '_', '/');
  text.append((4 - length % 4) % 4, '=');
  namespace base64 = boost::beast::detail::base64;
  std::string bytes(base64::decoded_size(text.size()), '\0');
  // decode() stops at the padding, or at the first invalid character.
  auto [written, read] = base64::decode(bytes.data(), text.data(), text.size());
  if (read != length)
    return std::nullopt;
  bytes.resize(written);
  return bytes;
}

// A NumericDate as whole seconds; nothing for a non-number or one out of
// int64's range.
std::optional<int64_t> seconds_of(const nlohmann::json& x) {
  if (x.is_number_unsigned()) {
    auto n = x.get<uint64_t>();
    if (n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      return std::nullopt;
    return static_cast<int64_t>(n);
  }
  if (x.is_number_integer())
    return x.get<int64_t>();
  if (x.is_number_float()) {
    auto d = std::floor(x.get<double>());
    // ±2^63 are exact doubles; NaN fails both tests.
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
      return std::nullopt;
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

} // namespace

value::object jwt_claims(const value& token) {
  value::object result;
  auto text = token.get_if<std::string>();
  if (text == nullptr)
    return result;
  auto first = text->find('.');
  auto second = first == std::string::npos ? first : text->find('.', first + 1);
  if (second == std::string::npos)
    return result;
  auto json = base64url_decode(text->substr(first + 1, second - first - 1));
  if (!json)
    return result;
  auto claims = nlohmann::json::parse(*json, nullptr, false);
  if (!claims.is_object())
    return result;
  for (const char* name : {"NS", "DB", "AC", "ID"})
    if (auto i = claims.find(name); i != claims.end() && i->is_string())
      result.emplace(name, i->get<std::string>());
  for (const char* name : {"exp", "iat", "nbf"})
    if (auto i = claims.find(name); i != claims.end())
      if (auto seconds = seconds_of(*i))
        result.emplace(name, *seconds);
  return result;
}

std::optional<std::chrono::system_clock::time_point> jwt_expiry(const value& token) {
  using clock = std::chrono::system_clock;
  auto claims = jwt_claims(token);
  auto i = claims.find("exp");
  if (i == claims.end())
    return std::nullopt;
  auto exp = i->second.get<int64_t>();
  constexpr auto limit =
    std::chrono::duration_cast<std::chrono::seconds>(clock::duration::max()).count();
  if (exp > limit)
    return clock::time_point::max();
  if (exp < -limit)
    return clock::time_point::min();
  return clock::time_point{std::chrono::seconds{exp}};
}

std::optional<std::chrono::milliseconds> refresh_delay(std::chrono::system_clock::time_point now,
                                                       std::chrono::system_clock::time_point expiry,
                                                       std::chrono::milliseconds margin) {
  using std::chrono::milliseconds;
  if (margin.count() <= 0)
    return std::nullopt;
  if (expiry <= now)
    return milliseconds{0};
  // In milliseconds each, so that even the clock's extremes do not overflow
  // the difference.
  auto left = std::chrono::duration_cast<milliseconds>(expiry.time_since_epoch())
              - std::chrono::duration_cast<milliseconds>(now.time_since_epoch());
  auto delay = left - std::min(margin, left / 2);
  return std::max(delay, milliseconds{0});
}

} // namespace surrealcaf::detail
