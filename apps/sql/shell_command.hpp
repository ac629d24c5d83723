#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "surrealcaf/credentials.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::sql {

// The shell's backslash commands, parsed from one line. Parsing is pure; the
// shell carries them out. Secrets (passwords, record fields, keys) live only
// in the parsed credentials, never in an error message.

namespace cmd {

struct help {};
struct quit {};
struct session_new {
  std::string name;
};
struct session_list {};
struct session_switch {
  std::string name;
};
struct session_close {
  std::string name;
};
struct use {
  std::string ns;
  std::string db;
};
/// `\signin ...`. `password_missing` is true when the last word (a user's
/// password) was left out, so the shell asks for it without echo.
struct signin {
  credentials creds;
  bool password_missing = false;
};
/// `\signup record NS DB ACCESS key=value ...`.
struct signup {
  record_credentials creds;
};
struct signout {};
struct let {
  std::string name;
  value x;
};
struct unset {
  std::string name;
};
struct live {
  std::string table;
};
/// `\live stop`: ends the current session's live queries.
struct live_stop {};

} // namespace cmd

using command =
  std::variant<cmd::help, cmd::quit, cmd::session_new, cmd::session_list, cmd::session_switch,
               cmd::session_close, cmd::use, cmd::signin, cmd::signup, cmd::signout, cmd::let,
               cmd::unset, cmd::live, cmd::live_stop>;

/// A line the shell could not take as a command: `message` says why (and
/// never repeats a secret).
struct command_error {
  std::string message;
};

/// True if `line` (ignoring leading blanks) is a backslash command.
bool is_command(std::string_view line);

/// True if `line` may hold a secret and must stay out of the history file.
bool holds_secret(std::string_view line);

/// Parses one backslash command line (`\session new x`, `\use a b`, ...).
std::variant<command, command_error> parse_command(std::string_view line);

/// The `\help` text.
const char* command_help();

/// Session names: 1 to 64 of [A-Za-z0-9_-].
bool valid_session_name(std::string_view name);

} // namespace surrealcaf::sql
