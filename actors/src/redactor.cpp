#include "surrealcaf/redactor.hpp"

#include <cctype>
#include <utility>

namespace surrealcaf::testing {

namespace {

// The credential fields that name where to sign in, not who.
bool names_a_place(const std::string& key) {
  std::string k;
  for (auto c : key)
    k += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return k == "ns" || k == "db" || k == "ac" || k == "namespace" || k == "database"
         || k == "access";
}

bool returns_tokens(rpc::method m) {
  return m == rpc::method::signin || m == rpc::method::signup || m == rpc::method::authenticate
         || m == rpc::method::refresh;
}

bool jwt_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
}

bool starts_with(const std::string& text, const char* prefix) {
  return text.rfind(prefix, 0) == 0;
}

// SurrealDB's crypto:: hashes as they are stored in records.
bool password_hash(const std::string& text) {
  return starts_with(text, "$argon2") || starts_with(text, "$2a$") || starts_with(text, "$2b$")
         || starts_with(text, "$2y$") || starts_with(text, "$scrypt$")
         || starts_with(text, "$pbkdf2");
}

template <class F>
void each_child(value& x, F&& f) {
  if (auto xs = x.get_if<value::array>()) {
    for (auto& y : *xs)
      f(y);
  } else if (auto obj = x.get_if<value::object>()) {
    for (auto& [key, y] : *obj)
      f(y);
  } else if (auto s = x.get_if<set>()) {
    for (auto& y : s->items)
      f(y);
  } else if (auto id = x.get_if<record_id>()) {
    f(*id->key);
  }
}

} // namespace

bool is_placeholder(const std::string& text) {
  auto digits = [&](size_t from) {
    if (text.size() < from + 2 || text.back() != '>')
      return false;
    for (auto i = from; i + 1 < text.size(); ++i)
      if (std::isdigit(static_cast<unsigned char>(text[i])) == 0)
        return false;
    return true;
  };
  return (starts_with(text, "<token ") && digits(7))
         || (starts_with(text, "<secret ") && digits(8));
}

std::string redactor::placeholder(const value& secret, sort kind) {
  auto s = secret.get_if<std::string>();
  if (s != nullptr && is_placeholder(*s))
    return *s;
  auto key = s != nullptr ? "s:" + *s : "v:" + to_string(secret);
  auto i = placeholders_.find(key);
  if (i != placeholders_.end())
    return i->second;
  auto name = kind == sort::token ? "<token " + std::to_string(++tokens_) + ">"
                                  : "<secret " + std::to_string(++others_) + ">";
  placeholders_.emplace(std::move(key), name);
  return name;
}

void redactor::all_strings(value& x, sort kind) {
  if (x.is<std::string>()) {
    x = placeholder(x, kind);
    return;
  }
  each_child(x, [&](value& y) { all_strings(y, kind); });
}

std::string redactor::scrub(const std::string& text) {
  if (is_placeholder(text))
    return text;
  if (placeholders_.count("s:" + text) != 0 || password_hash(text))
    return placeholder(value{text}, sort::secret);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    // A JWT: three base64url parts, the first a JSON object ("eyJ").
    if (text.compare(i, 3, "eyJ") == 0
        && (i == 0 || std::isalnum(static_cast<unsigned char>(text[i - 1])) == 0)) {
      auto end = i;
      size_t dots = 0;
      while (end < text.size() && jwt_char(text[end]))
        dots += text[end++] == '.' ? 1 : 0;
      if (dots == 2 && end - i >= 16) {
        out += placeholder(value{text.substr(i, end - i)}, sort::token);
        i = end;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

void redactor::anywhere(value& x) {
  if (auto s = x.get_if<std::string>()) {
    auto clean = scrub(*s);
    if (clean != *s)
      x = std::move(clean);
    return;
  }
  each_child(x, [&](value& y) { anywhere(y); });
}

std::string redactor::text(const std::string& text) {
  return scrub(text);
}

value redactor::client_frame(value frame) {
  auto obj = frame.get_if<value::object>();
  if (obj != nullptr) {
    auto name = frame["method"].get_if<std::string>();
    auto method = name ? rpc::parse_method(*name) : std::nullopt;
    auto params = obj->find("params");
    if (method && params != obj->end()) {
      if (auto id = frame["id"].get_if<int64_t>(); id && returns_tokens(*method)) {
        // Bounded: a reply takes its entry out; a call never answered
        // leaves one behind, so old entries go once there are many.
        if (methods_.size() >= 4096)
          methods_.clear();
        methods_[*id] = *method;
      }
      auto& ps = params->second;
      switch (*method) {
        case rpc::method::signin:
        case rpc::method::signup:
          if (auto creds = ps.get_if<value::array>(); creds && !creds->empty()) {
            if (auto fields = (*creds)[0].get_if<value::object>()) {
              for (auto& [key, field] : *fields)
                if (!names_a_place(key))
                  field = placeholder(field, sort::secret);
            } else {
              all_strings((*creds)[0], sort::secret);
            }
          }
          break;
        case rpc::method::authenticate:
          if (auto xs = ps.get_if<value::array>(); xs && !xs->empty())
            (*xs)[0] = placeholder((*xs)[0], sort::token);
          break;
        case rpc::method::refresh:
        case rpc::method::revoke:
          all_strings(ps, sort::token);
          break;
        default:
          break;
      }
    }
  }
  anywhere(frame);
  return frame;
}

value redactor::server_frame(value frame) {
  if (auto obj = frame.get_if<value::object>()) {
    if (auto id = frame["id"].get_if<int64_t>()) {
      if (auto i = methods_.find(*id); i != methods_.end()) {
        if (auto result = obj->find("result"); result != obj->end())
          all_strings(result->second, sort::token);
        methods_.erase(i);
      }
    }
  }
  anywhere(frame);
  return frame;
}

} // namespace surrealcaf::testing
