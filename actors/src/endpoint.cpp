#include "surrealcaf/endpoint.hpp"

#include "surrealcaf/errc.hpp"

#include <algorithm>
#include <cctype>

namespace surrealcaf {

std::string endpoint::host_header() const {
  auto h = host.find(':') == std::string::npos ? host : "[" + host + "]";
  return h + ":" + port;
}

namespace {

caf::error invalid(const char* why) {
  return make_error(errc::invalid_url, why);
}

bool starts_with_ci(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char lower, char c) {
    return std::tolower(static_cast<unsigned char>(c)) == lower;
  });
}

// Printable ASCII without the space: anything else in the request target
// would be written verbatim into the HTTP upgrade's request line, where CR,
// LF and spaces split it into headers of the caller's choosing. Such
// characters must be percent-encoded.
bool valid_target_char(char c) {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f;
}

// A registered name (RFC 3986 unreserved characters) or an IPv4 address.
bool valid_host_char(char c) {
  // Not std::isalnum: under some locales it accepts bytes above 0x7f.
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
         || c == '.' || c == '_' || c == '~';
}

// Inside brackets: an IPv6 address, possibly with a zone ("fe80::1%25eth0").
bool valid_ipv6_char(char c) {
  return valid_host_char(c) || c == ':' || c == '%';
}

bool valid_port(const std::string& port) {
  if (port.empty() || port.size() > 5)
    return false;
  if (!std::all_of(port.begin(), port.end(),
                   [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return false;
  auto n = std::stoul(port);
  return n > 0 && n <= 65535;
}

} // namespace

caf::expected<endpoint> parse_endpoint(std::string_view url) {
  endpoint result;
  std::string_view rest;
  if (starts_with_ci(url, "wss://")) {
    result.tls = true;
    rest = url.substr(6);
  } else if (starts_with_ci(url, "ws://")) {
    rest = url.substr(5);
  } else {
    return invalid("the scheme must be ws:// or wss://");
  }
  if (rest.find('#') != std::string_view::npos)
    return invalid("a fragment (#...) has no meaning in a WebSocket URL");
  auto path_start = rest.find_first_of("/?");
  auto authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) {
    result.target = std::string{rest.substr(path_start).data(), rest.size() - path_start};
    if (result.target.front() == '?')
      result.target.insert(0, "/rpc");
  } else {
    result.target = "/rpc";
  }
  if (authority.find('@') != std::string_view::npos)
    return invalid("user info in the URL is not allowed; pass credentials to signin");
  std::string port_text;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return invalid("an IPv6 host needs a closing ']'");
    result.host = std::string{authority.data() + 1, close - 1};
    auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':')
        return invalid("unexpected text after the IPv6 host");
      port_text = std::string{after.data() + 1, after.size() - 1};
      if (port_text.empty())
        return invalid("the port after ':' is empty");
    }
  } else {
    auto colon = authority.find(':');
    result.host = std::string{authority.substr(0, colon).data(),
                              std::min(colon, authority.size())};
    if (colon != std::string_view::npos) {
      port_text = std::string{authority.data() + colon + 1, authority.size() - colon - 1};
      if (port_text.empty())
        return invalid("the port after ':' is empty");
    }
  }
  if (result.host.empty())
    return invalid("the URL has no host");
  // Checked here, after the user info was refused, so no message below can
  // be about a URL that carries a password.
  auto host_ok = authority.front() == '['
                   ? std::all_of(result.host.begin(), result.host.end(), valid_ipv6_char)
                   : std::all_of(result.host.begin(), result.host.end(), valid_host_char);
  if (!host_ok)
    return invalid("the host may hold only letters, digits, '-', '.', '_' and '~' "
                   "(and ':' and '%' in IPv6 brackets)");
  if (port_text.empty())
    port_text = result.tls ? "443" : "80";
  if (!valid_port(port_text))
    return invalid("the port must be a number from 1 to 65535");
  result.port = std::move(port_text);
  if (!std::all_of(result.target.begin(), result.target.end(), valid_target_char))
    return invalid("the path or query holds a space or a control or non-ASCII character; "
                   "percent-encode it");
  return result;
}

} // namespace surrealcaf
