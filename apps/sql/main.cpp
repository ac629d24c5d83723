// surrealcaf-sql: an interactive SurrealQL shell with sessions, or a script
// runner that stops at the first error. See docs/sql-shell.md.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "surrealcaf/blocking.hpp"

#include "line_reader.hpp"
#include "shell.hpp"
#include "shell_options.hpp"
#include "terminal.hpp"

using namespace surrealcaf;
using namespace surrealcaf::sql;

namespace {

constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr int history_lines = 1000;

std::string history_path() {
  const char* home = std::getenv("HOME");
  if (home == nullptr || *home == '\0')
    return {};
  return std::string{home} + "/.surrealcaf_sql_history";
}

// Reads lines, splits them into statements and runs them. Interactive: every
// error is shown and the shell goes on. Otherwise the first error ends it.
int run(shell& sh, line_reader& in, bool interactive) {
  statement_splitter splitter;
  for (;;) {
    sh.print_feed();
    std::optional<std::string> line;
    try {
      line = in.read(sh.prompt(splitter.pending()));
    } catch (const line_too_long& e) {
      std::cerr << format_message_error(e.what(), print_options{}) << std::flush;
      return exit_failed;
    }
    if (!line)
      break;
    if (in.interrupted()) {
      splitter.reset();
      continue;
    }
    if (interactive && !holds_secret(*line))
      in.remember(*line);
    // A command is a line of its own, between statements.
    if (!splitter.pending() && is_command(*line)) {
      auto r = sh.run_command(*line);
      if (r == outcome::quit)
        return 0;
      if (r == outcome::failed && !interactive)
        return exit_failed;
      continue;
    }
    std::vector<std::string> statements;
    try {
      statements = splitter.feed(*line);
    } catch (const std::length_error& e) {
      std::cerr << format_message_error(e.what(), print_options{}) << std::flush;
      if (!interactive)
        return exit_failed;
      continue;
    }
    for (auto& stmt : statements) {
      if (sh.run_statement(stmt) == outcome::failed && !interactive)
        return exit_failed;
    }
  }
  // End of input: a last statement without its ';' still runs.
  auto rest = splitter.take_rest();
  if (!rest.empty() && sh.run_statement(rest) == outcome::failed && !interactive)
    return exit_failed;
  sh.print_feed();
  if (interactive)
    std::cout << '\n';
  return 0;
}

int shell_main(int argc, char** argv) {
  auto parsed = parse_shell_options(std::vector<std::string>(argv + 1, argv + argc));
  if (auto* err = std::get_if<usage_error>(&parsed)) {
    std::cerr << "surrealcaf-sql: " << err->message << "\n(surrealcaf-sql --help for usage)\n";
    return exit_usage;
  }
  auto opts = std::get<shell_options>(parsed);
  if (opts.help) {
    std::cout << shell_usage();
    return 0;
  }
  int input = STDIN_FILENO;
  if (!opts.file.empty()) {
    input = ::open(opts.file.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (input >= 0 && (::fstat(input, &st) != 0 || S_ISDIR(st.st_mode))) {
      ::close(input);
      input = -1;
    }
    if (input < 0) {
      std::cerr << "surrealcaf-sql: cannot open " << opts.file << "\n";
      return exit_usage;
    }
  }
  bool interactive = input == STDIN_FILENO && is_terminal(STDIN_FILENO);
  print_options out;
  out.color = use_color(STDOUT_FILENO);
  out.json = opts.json;
  print_options err;
  err.color = use_color(STDERR_FILENO);
  // The password: from the environment, else asked for on the terminal.
  std::string pass;
  if (!opts.user.empty()) {
    if (const char* env = std::getenv("SURREALCAF_PASS")) {
      pass = env;
    } else if (auto typed = read_secret("Password: ")) {
      pass = std::move(*typed);
    } else {
      std::cerr << "surrealcaf-sql: --user needs a password: set SURREALCAF_PASS or run on a "
                   "terminal\n";
      return exit_usage;
    }
  }
  blocking_connection conn;
  try {
    conn = blocking_connection::connect(opts.endpoint);
  } catch (const surreal_error& e) {
    std::cerr << format_error(e, err) << std::flush;
    return exit_failed;
  }
  shell sh{conn, out, err, interactive};
  if (!opts.user.empty() && sh.signin(root_credentials{opts.user, pass}) != outcome::ok)
    return exit_failed;
  pass.assign(pass.size(), '\0');
  if (!opts.ns.empty() && sh.use(opts.ns, opts.db) != outcome::ok)
    return exit_failed;
  int rc = 0;
  if (interactive) {
    install_interactive_signals();
    try {
      std::cout << "surrealcaf-sql connected to " << conn.default_session().version()
                << ". \\help for commands, \\quit to leave.\n"
                << std::flush;
    } catch (const surreal_error&) {
      // The version is only for the banner.
    }
    auto reader = make_edit_reader(history_path(), history_lines, sh.feed().wake_fd(),
                                   [&sh] { sh.print_feed(); });
    rc = run(sh, *reader, true);
  } else {
    auto reader = make_plain_reader(input);
    rc = run(sh, *reader, false);
  }
  conn.close();
  return rc;
}

} // namespace

int main(int argc, char** argv) {
  // What nothing on the way handled (out of memory, a thread that cannot
  // start) ends the shell with a message and exit 1, not std::terminate.
  try {
    return shell_main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "surrealcaf-sql: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "surrealcaf-sql: unexpected failure\n";
  }
  return exit_failed;
}
