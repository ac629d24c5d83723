#include "result_printer.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "surrealcaf/json.hpp"

namespace surrealcaf::sql {

namespace {

// ANSI SGR sequences; empty strings when colour is off.
struct palette {
  const char* reset;
  const char* dim;
  const char* bold_red;
  const char* green;
  const char* yellow;
  const char* blue;
  const char* magenta;
  const char* cyan;
};

palette colors_of(const print_options& opts) {
  if (!opts.color)
    return {"", "", "", "", "", "", "", ""};
  return {"\033[0m",  "\033[2m",  "\033[1;31m", "\033[32m",
          "\033[33m", "\033[34m", "\033[35m",   "\033[36m"};
}

const char* color_of(const value& x, const palette& p) {
  switch (x.type()) {
    case value::kind::none:
    case value::kind::null:
      return p.dim;
    case value::kind::string:
      return p.green;
    case value::kind::boolean:
    case value::kind::integer:
    case value::kind::floating:
    case value::kind::decimal:
      return p.yellow;
    case value::kind::record_id:
    case value::kind::table:
      return p.blue;
    case value::kind::uuid:
    case value::kind::datetime:
    case value::kind::duration:
      return p.magenta;
    default:
      return "";
  }
}

bool plain_key(const std::string& k) {
  if (k.empty() || (k[0] >= '0' && k[0] <= '9'))
    return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

std::string key_text(const std::string& k) {
  return plain_key(k) ? k : nlohmann::json(k).dump();
}

// Past this depth a value is printed on one line by the library's printer:
// deep nesting cannot make the output (or this recursion) unbounded.
constexpr size_t max_expanded_depth = 64;

class pretty_writer {
public:
  pretty_writer(const print_options& opts) : opts_(opts), p_(colors_of(opts)) {
  }

  void write(const value& x, size_t indent, size_t depth) {
    auto* arr = x.get_if<value::array>();
    auto* obj = x.get_if<value::object>();
    if ((arr == nullptr && obj == nullptr) || depth >= max_expanded_depth) {
      leaf(x);
      return;
    }
    bool empty = arr != nullptr ? arr->empty() : obj->empty();
    if (empty || indent + to_string(x).size() <= opts_.width) {
      inline_(x);
      return;
    }
    auto pad = std::string(indent + 2, ' ');
    if (arr != nullptr) {
      out += "[\n";
      for (size_t i = 0; i < arr->size(); ++i) {
        out += pad;
        write((*arr)[i], indent + 2, depth + 1);
        out += i + 1 < arr->size() ? ",\n" : "\n";
      }
      out += std::string(indent, ' ') + "]";
    } else {
      out += "{\n";
      size_t i = 0;
      for (auto& [k, v] : *obj) {
        out += pad + p_.cyan + key_text(k) + p_.reset + ": ";
        write(v, indent + 2, depth + 1);
        out += ++i < obj->size() ? ",\n" : "\n";
      }
      out += std::string(indent, ' ') + "}";
    }
  }

  // One line, coloured like the expanded form.
  void inline_(const value& x) {
    if (auto* arr = x.get_if<value::array>()) {
      out += "[";
      for (size_t i = 0; i < arr->size(); ++i) {
        if (i > 0)
          out += ", ";
        inline_((*arr)[i]);
      }
      out += "]";
    } else if (auto* obj = x.get_if<value::object>()) {
      if (obj->empty()) {
        out += "{  }";
        return;
      }
      out += "{ ";
      size_t i = 0;
      for (auto& [k, v] : *obj) {
        if (i++ > 0)
          out += ", ";
        out += p_.cyan + key_text(k) + p_.reset + ": ";
        inline_(v);
      }
      out += " }";
    } else {
      leaf(x);
    }
  }

  void leaf(const value& x) {
    const char* c = color_of(x, p_);
    out += c;
    out += to_string(x);
    if (*c != '\0')
      out += p_.reset;
  }

  std::string out;

private:
  const print_options& opts_;
  palette p_;
};

std::string kind_path(const rpc::server_error& err) {
  std::string path = err.kind_text.empty() ? rpc::to_string(err.kind) : err.kind_text;
  for (auto& d : err.detail_path)
    path += "/" + d;
  return path;
}

} // namespace

std::string format_value(const value& x, const print_options& opts) {
  if (opts.json)
    return to_json(x).dump();
  pretty_writer w{opts};
  w.write(x, 0, 0);
  return std::move(w.out);
}

std::string format_elapsed(std::chrono::microseconds elapsed) {
  char buf[32];
  auto us = elapsed.count();
  if (us < 1000)
    std::snprintf(buf, sizeof buf, "%lld µs", static_cast<long long>(us));
  else if (us < 1000000)
    std::snprintf(buf, sizeof buf, "%.1f ms", static_cast<double>(us) / 1e3);
  else
    std::snprintf(buf, sizeof buf, "%.2f s", static_cast<double>(us) / 1e6);
  return buf;
}

std::string format_result(const rpc::query_result& r, std::chrono::microseconds elapsed,
                          const print_options& opts) {
  if (r.error)
    return format_server_error(*r.error, opts);
  if (opts.json)
    return format_value(r.result, opts) + "\n";
  size_t n = 1;
  if (auto* arr = r.result.get_if<value::array>())
    n = arr->size();
  else if (r.result.is<none_t>())
    n = 0;
  auto p = colors_of(opts);
  std::string out = std::string{p.dim} + "-- " + std::to_string(n)
                    + (n == 1 ? " result" : " results") + " in " + format_elapsed(elapsed) + p.reset
                    + "\n";
  out += format_value(r.result, opts) + "\n";
  return out;
}

std::string format_server_error(const rpc::server_error& err, const print_options& opts,
                                const char* code) {
  auto p = colors_of(opts);
  std::string out = std::string{p.bold_red} + "error: " + code + " [" + kind_path(err) + "]"
                    + p.reset + ": " + err.message;
  for (auto c = err.cause; c != nullptr; c = c->cause)
    out += "; caused by: " + c->message + " [" + kind_path(*c) + "]";
  return out + "\n";
}

std::string format_error(const surreal_error& err, const print_options& opts) {
  auto code = to_string(err.code());
  if (err.server() != nullptr)
    return format_server_error(*err.server(), opts, code.c_str());
  // what() is "surrealcaf: <code> (<context>)": keep the context.
  std::string what = err.what();
  std::string context;
  auto open = what.find(" (");
  if (open != std::string::npos && what.back() == ')')
    context = what.substr(open + 2, what.size() - open - 3);
  auto p = colors_of(opts);
  return std::string{p.bold_red} + "error: " + code + p.reset
         + (context.empty() ? "" : ": " + context) + "\n";
}

std::string format_message_error(const std::string& text, const print_options& opts) {
  auto p = colors_of(opts);
  return std::string{p.bold_red} + "error" + p.reset + ": " + text + "\n";
}

std::string format_notification(const std::string& session, const rpc::notification& n,
                                const print_options& opts) {
  if (opts.json) {
    nlohmann::json j{{"session", session},
                     {"action", rpc::to_string(n.action)},
                     {"record", to_json(n.record)},
                     {"result", to_json(n.result)}};
    return j.dump() + "\n";
  }
  auto p = colors_of(opts);
  pretty_writer w{opts};
  w.inline_(n.result);
  std::string out = std::string{p.magenta} + "[" + session + "] live " + rpc::to_string(n.action)
                    + p.reset;
  if (!n.record.is<none_t>())
    out += " " + to_string(n.record);
  if (!n.result.is<none_t>())
    out += " " + w.out;
  return out + "\n";
}

} // namespace surrealcaf::sql
