#include "shell_options.hpp"

namespace surrealcaf::sql {

std::variant<shell_options, usage_error> parse_shell_options(const std::vector<std::string>& args) {
  shell_options opts;
  for (size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    // Each flag takes its value as the next word or after '='.
    auto value_of = [&](const char* flag, std::string& out) -> std::optional<usage_error> {
      std::string f = flag;
      if (a == f) {
        if (i + 1 >= args.size())
          return usage_error{f + " needs a value"};
        out = args[++i];
      } else {
        out = a.substr(f.size() + 1);
      }
      if (out.empty())
        return usage_error{f + " needs a value"};
      return std::nullopt;
    };
    auto is_flag = [&](const char* flag) {
      std::string f = flag;
      return a == f || a.rfind(f + "=", 0) == 0;
    };
    std::optional<usage_error> err;
    if (a == "--help" || a == "-h")
      opts.help = true;
    else if (a == "--json")
      opts.json = true;
    else if (is_flag("--endpoint"))
      err = value_of("--endpoint", opts.endpoint);
    else if (is_flag("--ns"))
      err = value_of("--ns", opts.ns);
    else if (is_flag("--db"))
      err = value_of("--db", opts.db);
    else if (is_flag("--user"))
      err = value_of("--user", opts.user);
    else if (is_flag("--file"))
      err = value_of("--file", opts.file);
    else if (is_flag("--pass") || is_flag("--password"))
      return usage_error{"passwords are not taken on the command line: set SURREALCAF_PASS or "
                         "type it at the prompt"};
    else if (!a.empty() && a[0] == '-' && a != "-")
      return usage_error{"unknown option " + a.substr(0, a.find('='))};
    else if (opts.file.empty())
      opts.file = a;
    else
      return usage_error{"more than one script given"};
    if (err)
      return *err;
  }
  if (!opts.db.empty() && opts.ns.empty())
    return usage_error{"--db needs --ns"};
  if (opts.file == "-")
    opts.file.clear(); // '-' is stdin
  return opts;
}

const char* shell_usage() {
  return R"(usage: surrealcaf-sql [options] [SCRIPT]

An interactive SurrealQL shell with sessions. With SCRIPT (or --file), or
with stdin not a terminal, runs the statements in order and stops at the
first error (exit 1).

options:
  --endpoint URL   server to connect to (default ws://127.0.0.1:8000/rpc;
                   ws:// or wss://, the path defaults to /rpc)
  --ns NS          namespace to use
  --db DB          database to use (needs --ns)
  --user USER      sign in as this root user; the password is read from
                   SURREALCAF_PASS, else asked for without echo on a terminal
  --file SCRIPT    run SCRIPT ('-' for stdin)
  --json           print each statement's result as one line of JSON
  --help           this text

Type \help in the shell for its commands. Exit codes: 0 success, 1 a failed
statement, command or connection, 2 a usage error.
)";
}

} // namespace surrealcaf::sql
