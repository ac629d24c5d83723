#pragma once

// JWT-shaped tokens for tests: what a server issues, built from claims.

#include <string>

#include <boost/beast/core/detail/base64.hpp>

namespace surrealcaf::test {

/// base64url of `bytes` (Beast's base64 with `-_` for `+/`), without
/// padding unless `pad`.
inline std::string base64url(const std::string& bytes, bool pad = false) {
  namespace base64 = boost::beast::detail::base64;
  std::string result(base64::encoded_size(bytes.size()), '\0');
  result.resize(base64::encode(result.data(), bytes.data(), bytes.size()));
  for (auto& c : result) {
    if (c == '+')
      c = '-';
    else if (c == '/')
      c = '_';
  }
  if (!pad)
    result.erase(result.find_last_not_of('=') + 1);
  return result;
}

/// A JWT-shaped token whose payload is `claims` (JSON text); the client
/// never checks the signature.
inline std::string jwt_with(const std::string& claims) {
  return base64url(R"({"alg":"HS512","typ":"JWT"})") + "." + base64url(claims) + ".c2ln";
}

} // namespace surrealcaf::test
