#include "shell_command.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/json.hpp"

namespace surrealcaf::sql {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front()))
    s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back()))
    s.remove_suffix(1);
  return s;
}

// Splits off the first word of `s`; `s` keeps the rest, trimmed.
std::string next_word(std::string_view& s) {
  s = trim(s);
  size_t n = 0;
  while (n < s.size() && !is_blank(s[n]))
    ++n;
  std::string word{s.substr(0, n)};
  s = trim(s.substr(n));
  return word;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  for (auto w = next_word(s); !w.empty(); w = next_word(s))
    out.push_back(std::move(w));
  return out;
}

command_error usage(std::string text) {
  return command_error{"usage: " + std::move(text)};
}

// `key=text` (a string) or `key:=json` (any JSON value). The value is a
// secret: errors name the key only.
std::variant<value::object, command_error> record_fields(const std::vector<std::string>& words,
                                                         size_t first) {
  value::object fields;
  for (size_t i = first; i < words.size(); ++i) {
    const auto& w = words[i];
    auto eq = w.find('=');
    if (eq == std::string::npos || eq == 0)
      return command_error{"record fields are key=text or key:=json (field "
                           + std::to_string(i - first + 1) + " is neither)"};
    if (eq > 0 && w[eq - 1] == ':') {
      auto key = w.substr(0, eq - 1);
      if (key.empty())
        return command_error{"record field " + std::to_string(i - first + 1) + " has no name"};
      auto parsed = nlohmann::json::parse(w.substr(eq + 1), nullptr, false);
      if (parsed.is_discarded())
        return command_error{"record field '" + key + "': its value is not valid JSON"};
      fields[key] = from_json(parsed);
    } else {
      fields[w.substr(0, eq)] = value{w.substr(eq + 1)};
    }
  }
  if (fields.empty())
    return command_error{"a record access needs at least one field (key=text or key:=json)"};
  return fields;
}

std::variant<command, command_error> parse_session(std::vector<std::string> w) {
  const char* text = "\\session new NAME | list | close NAME | NAME";
  if (w.size() < 2)
    return usage(text);
  auto checked = [&](const std::string& name) -> std::optional<command_error> {
    if (!valid_session_name(name))
      return command_error{"a session name is 1 to 64 of A-Z a-z 0-9 _ -"};
    return std::nullopt;
  };
  if (w[1] == "list") {
    if (w.size() != 2)
      return usage(text);
    return command{cmd::session_list{}};
  }
  if (w[1] == "new" || w[1] == "close") {
    if (w.size() != 3)
      return usage(text);
    if (auto err = checked(w[2]))
      return *err;
    if (w[1] == "new")
      return command{cmd::session_new{w[2]}};
    return command{cmd::session_close{w[2]}};
  }
  if (w.size() != 2)
    return usage(text);
  if (auto err = checked(w[1]))
    return *err;
  return command{cmd::session_switch{w[1]}};
}

// `\signin root USER [PASS]`, `\signin ns NS USER [PASS]`,
// `\signin db NS DB USER [PASS]`, `\signin record NS DB ACCESS k=v ...`,
// `\signin bearer NS DB ACCESS KEY`.
std::variant<command, command_error> parse_signin(const std::vector<std::string>& w) {
  const char* text = "\\signin root USER [PASS] | ns NS USER [PASS] | db NS DB USER [PASS] | "
                     "record NS DB ACCESS key=text|key:=json ... | bearer NS DB ACCESS KEY";
  if (w.size() < 2)
    return usage(text);
  const auto& kind = w[1];
  auto pass_at = [&](size_t i) { return i < w.size() ? w[i] : std::string{}; };
  if (kind == "root") {
    if (w.size() < 3 || w.size() > 4)
      return usage(text);
    return command{cmd::signin{root_credentials{w[2], pass_at(3)}, w.size() == 3}};
  }
  if (kind == "ns") {
    if (w.size() < 4 || w.size() > 5)
      return usage(text);
    return command{cmd::signin{namespace_credentials{w[2], w[3], pass_at(4)}, w.size() == 4}};
  }
  if (kind == "db") {
    if (w.size() < 5 || w.size() > 6)
      return usage(text);
    return command{cmd::signin{database_credentials{w[2], w[3], w[4], pass_at(5)}, w.size() == 5}};
  }
  if (kind == "record") {
    if (w.size() < 6)
      return usage(text);
    auto fields = record_fields(w, 5);
    if (auto* err = std::get_if<command_error>(&fields))
      return *err;
    return command{cmd::signin{
      record_credentials{w[2], w[3], w[4], std::get<value::object>(std::move(fields))}, false}};
  }
  if (kind == "bearer") {
    if (w.size() != 6)
      return usage(text);
    return command{cmd::signin{bearer_credentials{w[2], w[3], w[4], w[5]}, false}};
  }
  return usage(text);
}

std::variant<command, command_error> parse_signup(const std::vector<std::string>& w) {
  const char* text = "\\signup record NS DB ACCESS key=text|key:=json ...";
  if (w.size() < 6 || w[1] != "record")
    return usage(text);
  auto fields = record_fields(w, 5);
  if (auto* err = std::get_if<command_error>(&fields))
    return *err;
  return command{
    cmd::signup{record_credentials{w[2], w[3], w[4], std::get<value::object>(std::move(fields))}}};
}

bool valid_variable_name(std::string_view name) {
  if (name.empty() || name.size() > 128)
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return false;
  return true;
}

std::variant<command, command_error> parse_let(std::string_view rest) {
  const char* text = "\\let NAME JSON (e.g. \\let min 18, \\let who \"ada\")";
  auto name = next_word(rest);
  if (!name.empty() && name.front() == '$')
    name.erase(0, 1);
  if (name.empty() || rest.empty())
    return usage(text);
  if (!valid_variable_name(name))
    return command_error{"a variable name is 1 to 128 of A-Z a-z 0-9 _"};
  auto parsed = nlohmann::json::parse(rest.begin(), rest.end(), nullptr, false);
  if (parsed.is_discarded())
    return command_error{"\\let " + name
                         + ": the value is not valid JSON (strings need \"quotes\")"};
  try {
    return command{cmd::let{name, from_json(parsed)}};
  } catch (const conversion_error&) {
    return command_error{"\\let " + name + ": the value is nested too deeply"};
  }
}

} // namespace

bool valid_session_name(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  for (char c : name)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
          || c == '-'))
      return false;
  return true;
}

bool is_command(std::string_view line) {
  line = trim(line);
  return !line.empty() && line.front() == '\\';
}

namespace {

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// `word` (upper case) as a whole word of `line`, in any case.
bool has_word(std::string_view line, std::string_view word) {
  for (size_t i = 0; i + word.size() <= line.size(); ++i) {
    if ((i > 0 && word_char(line[i - 1]))
        || (i + word.size() < line.size() && word_char(line[i + word.size()])))
      continue;
    bool same = true;
    for (size_t j = 0; same && j < word.size(); ++j)
      same = std::toupper(static_cast<unsigned char>(line[i + j])) == word[j];
    if (same)
      return true;
  }
  return false;
}

} // namespace

bool holds_secret(std::string_view line) {
  auto rest = line;
  auto w = next_word(rest);
  if (w == "\\signin" || w == "\\signup")
    return true;
  // SurrealQL that sets a password or a signing key, and anything that
  // quotes a JWT (a \let of a token, say).
  return line.find("eyJ") != std::string_view::npos || has_word(line, "PASSWORD")
         || has_word(line, "PASSHASH") || has_word(line, "KEY");
}

std::variant<command, command_error> parse_command(std::string_view line) {
  auto rest = trim(line);
  auto name = next_word(rest);
  if (name.empty() || name.front() != '\\')
    return command_error{"not a command (commands start with a backslash)"};
  if (name == "\\let")
    return parse_let(rest);
  auto w = words_of(rest);
  w.insert(w.begin(), name);
  if (name == "\\help" || name == "\\h" || name == "\\?") {
    if (w.size() != 1)
      return usage("\\help");
    return command{cmd::help{}};
  }
  if (name == "\\quit" || name == "\\q" || name == "\\exit") {
    if (w.size() != 1)
      return usage("\\quit");
    return command{cmd::quit{}};
  }
  if (name == "\\session" || name == "\\s")
    return parse_session(std::move(w));
  if (name == "\\use") {
    if (w.size() != 3)
      return usage("\\use NS DB");
    return command{cmd::use{w[1], w[2]}};
  }
  if (name == "\\signin")
    return parse_signin(w);
  if (name == "\\signup")
    return parse_signup(w);
  if (name == "\\signout") {
    if (w.size() != 1)
      return usage("\\signout");
    return command{cmd::signout{}};
  }
  if (name == "\\unset") {
    if (w.size() != 2 || !valid_variable_name(w[1][0] == '$' ? w[1].substr(1) : w[1]))
      return usage("\\unset NAME");
    return command{cmd::unset{w[1][0] == '$' ? w[1].substr(1) : w[1]}};
  }
  if (name == "\\live") {
    if (w.size() != 2)
      return usage("\\live TABLE | \\live stop");
    if (w[1] == "stop")
      return command{cmd::live_stop{}};
    return command{cmd::live{w[1]}};
  }
  // Only the command word is repeated: the rest of the line may be a secret.
  return command_error{"unknown command " + name.substr(0, 32) + " (\\help lists them)"};
}

const char* command_help() {
  return R"(SurrealQL statements end with ';' and may span lines. Commands:
  \session new NAME      open a new session (no ns, db, auth or variables)
  \session list          list sessions (* marks the current one)
  \session NAME          switch to session NAME
  \session close NAME    close session NAME (not the default session)
  \use NS DB             select namespace and database in this session
  \signin root USER [PASS]
  \signin ns NS USER [PASS]
  \signin db NS DB USER [PASS]
                         sign in; a left-out PASS is asked for without echo
  \signin record NS DB ACCESS key=text|key:=json ...
  \signup record NS DB ACCESS key=text|key:=json ...
                         sign in or up through a record access method
  \signin bearer NS DB ACCESS KEY
  \signout               drop this session's authentication
  \let NAME JSON         set the session variable $NAME
  \unset NAME            remove the session variable $NAME
  \live TABLE            print changes to TABLE as they happen
  \live stop             end this session's live queries
  \help                  this text
  \quit                  leave (also Ctrl-D)
)";
}

} // namespace surrealcaf::sql
