// integration.sql_pty: surrealcaf-sql under a pseudo-terminal, typed into
// like a user would, with assertions on the screen text (ANSI stripped).
// Against the engine of with-engine.mjs or any server in SURREALCAF_URL
// (root user root/root); the namespaces are this run's own.
#include <pty.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using clock_type = std::chrono::steady_clock;
constexpr auto wait_limit = std::chrono::seconds{90}; // the machine is slow and shared

// Terminal output without escape sequences, carriage returns and the
// backspaces libedit uses to move the cursor.
std::string strip_ansi(const std::string& raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    char c = raw[i];
    if (c == '\033') {
      if (i + 1 < raw.size() && raw[i + 1] == '[') {
        i += 2;
        while (i < raw.size() && !(raw[i] >= 0x40 && raw[i] <= 0x7e))
          ++i;
      } else {
        ++i; // a two-byte sequence
      }
      continue;
    }
    if (c == '\r' || c == '\b' || c == '\a')
      continue;
    out += c;
  }
  return out;
}

class pty_shell {
public:
  pty_shell(const std::vector<std::string>& args, const std::string& home) {
    winsize ws{};
    ws.ws_row = 50;
    ws.ws_col = 240; // wide: no line wraps in what we match
    pid_ = ::forkpty(&fd_, nullptr, nullptr, &ws);
    if (pid_ < 0) {
      std::perror("forkpty");
      std::exit(1);
    }
    if (pid_ == 0) {
      ::setenv("TERM", "xterm", 1);
      ::setenv("HOME", home.c_str(), 1);
      ::unsetenv("SURREALCAF_PASS"); // the password is typed at the prompt
      ::unsetenv("NO_COLOR");        // colours on: the test strips them
      std::vector<char*> argv;
      for (auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      std::perror("execv");
      ::_exit(127);
    }
  }

  ~pty_shell() {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(fd_);
  }

  /// Types `line` and Enter.
  void type(const std::string& line) {
    keys(line + "\r");
  }

  /// Types `keys` as they are.
  void keys(const std::string& keys) {
    size_t done = 0;
    while (done < keys.size()) {
      auto n = ::write(fd_, keys.data() + done, keys.size() - done);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        fail("cannot type into the terminal");
      done += static_cast<size_t>(n);
    }
  }

  /// Waits until `text` appears on the screen after the mark, then moves the
  /// mark past it; returns what came between the old mark and the match.
  std::string expect(const std::string& text) {
    auto deadline = clock_type::now() + wait_limit;
    for (;;) {
      auto screen = strip_ansi(raw_);
      auto at = screen.find(text, mark_);
      if (at != std::string::npos) {
        auto between = screen.substr(mark_, at - mark_);
        mark_ = at + text.size();
        return between;
      }
      if (clock_type::now() > deadline || !pump(deadline))
        fail("timed out waiting for \"" + text + "\"");
    }
  }

  /// Waits for the process to end; returns its exit code.
  int wait_exit() {
    auto deadline = clock_type::now() + wait_limit;
    while (clock_type::now() < deadline) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
      }
      pump(clock_type::now() + std::chrono::milliseconds{100});
    }
    fail("the shell did not exit");
  }

  [[noreturn]] void fail(const std::string& why) {
    std::cerr << "sql_pty: " << why << "\n--- screen (ANSI stripped) ---\n"
              << strip_ansi(raw_) << "\n--- end of screen ---\n";
    std::exit(1);
  }

  std::string screen() const {
    return strip_ansi(raw_);
  }

private:
  // Reads what the shell wrote; false once the terminal closed.
  bool pump(clock_type::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now());
    pollfd p{fd_, POLLIN, 0};
    int r = ::poll(
      &p, 1, static_cast<int>(std::max<long long>(10, std::min<long long>(left.count(), 500))));
    if (r < 0 && errno != EINTR)
      return false;
    if (r > 0) {
      char buf[4096];
      auto n = ::read(fd_, buf, sizeof buf);
      if (n <= 0)
        return false; // EIO: the shell closed its side
      raw_.append(buf, static_cast<size_t>(n));
      if (raw_.size() > 16 * 1024 * 1024)
        fail("more than 16 MiB of output");
    }
    return true;
  }

  pid_t pid_ = -1;
  int fd_ = -1;
  bool exited_ = false;
  std::string raw_;
  size_t mark_ = 0;
};

void check(pty_shell& sh, bool ok, const std::string& what) {
  if (!ok)
    sh.fail("check failed: " + what);
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

int main(int argc, char** argv) {
  const char* url = std::getenv("SURREALCAF_URL");
  if (argc < 2 || url == nullptr) {
    std::cerr << "usage: SURREALCAF_URL=ws://... sql_pty_test <surrealcaf-sql>\n";
    return 2;
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  auto run = std::to_string(::getpid()) + "_" + std::to_string(ms);
  const std::string ns_a = "sqlpty_a_" + run;
  const std::string ns_b = "sqlpty_b_" + run;
  // HOME for the history file: a directory of this run.
  std::string home = "/tmp/sqlpty_home_" + run;
  ::mkdir(home.c_str(), 0700);

  pty_shell sh{{argv[1], "--endpoint", url, "--user", "root"}, home};
  // The password prompt does not echo what is typed.
  sh.expect("Password: ");
  sh.type("root");
  auto after_password = sh.expect("\\help for commands");
  check(sh, !has(after_password, "root"), "the typed password is not echoed");
  sh.expect("-/-> ");

  // Session default: namespace A, a record access and a table whose rows a
  // record user sees only when they are its own.
  sh.type("\\use " + ns_a + " a");
  sh.expect(ns_a + "/a> ");
  sh.type("DEFINE ACCESS member ON DATABASE TYPE RECORD");
  sh.type("  SIGNUP (CREATE member SET name = $name, pass = crypto::argon2::generate($pass))");
  sh.type(
    "  SIGNIN (SELECT * FROM member WHERE name = $name AND crypto::argon2::compare(pass, $pass));");
  check(sh, !has(sh.expect(ns_a + "/a> "), "error"), "the access method is defined");
  sh.type("DEFINE TABLE note SCHEMALESS PERMISSIONS FOR select WHERE owner = $auth.name FOR "
          "create, update, delete NONE;");
  check(sh, !has(sh.expect(ns_a + "/a> "), "error"), "the table is defined");
  sh.type("CREATE note:1 SET owner = 'ada', text = 'ada-note'; CREATE note:2 SET owner = 'bob', "
          "text = 'bob-note';");
  sh.expect("bob-note");
  sh.expect(ns_a + "/a> ");
  sh.type("SELECT text FROM note ORDER BY text;");
  sh.expect("-- 2 results in ");
  sh.expect("[{ text: 'ada-note' }, { text: 'bob-note' }]");
  sh.expect(ns_a + "/a> ");

  // A second session starts with nothing: no namespace, no sign-in.
  sh.type("\\session new second");
  sh.expect("-- session second opened");
  sh.expect("(second) -/-> ");
  sh.type("\\signin root root");
  sh.expect("Password: ");
  sh.type("root");
  auto after_signin = sh.expect("-- signed in");
  check(sh, !has(after_signin, "root"), "the password typed for \\signin is not echoed");
  sh.expect("(second) -/-> ");
  sh.type("\\use " + ns_b + " b");
  sh.expect("(second) " + ns_b + "/b> ");
  // Namespace B does not see A's notes.
  sh.type("SELECT * FROM note;");
  auto in_b = sh.expect("(second) " + ns_b + "/b> ");
  // The engine reports the missing table; a server that does not still
  // returns no rows.
  check(sh, has(in_b, "error: server_error [NotFound") || has(in_b, "-- 0 results"),
        "B has no notes: " + in_b);
  check(sh, !has(in_b, "ada-note") && !has(in_b, "bob-note"), "B sees none of A's notes");

  // A record user, signed up in the second session, sees its own row only,
  // and may not create any.
  sh.type("\\signup record " + ns_a + " a member name=ada pass=pw-ada-123");
  sh.expect("-- signed up");
  sh.expect("(second) " + ns_a + "/a> ");
  sh.type("SELECT text FROM note;");
  auto as_ada = sh.expect("(second) " + ns_a + "/a> ");
  check(sh, has(as_ada, "-- 1 result in ") && has(as_ada, "ada-note"),
        "ada sees her note: " + as_ada);
  check(sh, !has(as_ada, "bob-note"), "ada does not see bob's note");
  sh.type("INFO FOR DB;");
  auto info = sh.expect("(second) " + ns_a + "/a> ");
  check(sh, has(info, "error: server_error [NotAllowed"),
        "a record user may not INFO FOR DB: " + info);
  // A wrong password is refused, and the error does not repeat it.
  sh.type("\\signin record " + ns_a + " a member name=ada pass=wrong-pw-777");
  auto refused = sh.expect("(second) " + ns_a + "/a> ");
  auto error_at = refused.find("error: ");
  check(sh, error_at != std::string::npos, "a wrong password is an error: " + refused);
  check(sh, !has(refused.substr(error_at), "wrong-pw-777"), "the error does not show the password");

  // Root in the default session still sees both rows.
  sh.type("\\session default");
  sh.expect("\n" + ns_a + "/a> ");
  sh.type("SELECT count() AS n FROM note GROUP ALL;");
  sh.expect("[{ n: 2 }]");
  sh.expect(ns_a + "/a> ");

  // Live notifications arrive while the prompt waits, tagged with the session.
  sh.type("\\live note");
  sh.expect("-- watching note in session default");
  sh.expect(ns_a + "/a> ");
  sh.type("CREATE note:3 SET owner = 'bob', text = 'live-note';");
  sh.expect("[default] live CREATE note:3");
  sh.expect(ns_a + "/a> ");
  // A change made elsewhere (another client) shows up while a line is half
  // typed; the line is redrawn below it and can be finished.
  sh.keys("SELECT text FROM note WH");
  sh.expect("WH");
  std::string writer = std::string{"SURREALCAF_PASS=root '"} + argv[1] + "' --endpoint '" + url
                       + "' --user root --ns " + ns_a + " --db a >/dev/null";
  FILE* other = ::popen(writer.c_str(), "w");
  check(sh, other != nullptr, "the second client starts");
  std::fputs("CREATE note:4 SET owner = 'bob', text = 'from-elsewhere';\n", other);
  check(sh, ::pclose(other) == 0, "the second client's CREATE succeeds");
  sh.expect("[default] live CREATE note:4");
  sh.expect("SELECT text FROM note WH");
  sh.type("ERE id = note:4;");
  auto finished = sh.expect(ns_a + "/a> ");
  check(sh, has(finished, "-- 1 result in ") && has(finished, "[{ text: 'from-elsewhere' }]"),
        "the half-typed line was kept: " + finished);
  sh.type("\\live stop");
  sh.expect("-- 1 live queries ended");
  sh.expect(ns_a + "/a> ");

  // Both sessions are listed, the current one marked.
  sh.type("\\session list");
  auto listed = sh.expect(ns_a + "/a> ");
  check(sh, has(listed, "* default  " + ns_a + "/a"), "default is current: " + listed);
  check(sh, has(listed, "  second   " + ns_a + "/a"), "second is listed: " + listed);
  sh.type("\\session close second");
  sh.expect("-- session second closed");
  sh.expect(ns_a + "/a> ");
  sh.type("\\session list");
  auto after_close = sh.expect(ns_a + "/a> ");
  check(sh, has(after_close, "* default"), "default is still listed");
  check(sh, !has(after_close, "  second"), "second is gone: " + after_close);
  // The default session cannot be closed.
  sh.type("\\session close default");
  auto refused_close = sh.expect(ns_a + "/a> ");
  check(sh, has(refused_close, "cannot be closed"), "the default session stays");

  // Ctrl-C drops the statement being collected: what follows runs alone.
  sh.type("SELECT 'dropped-line'");
  sh.expect(std::string(ns_a.size() + 2, ' ') + "> "); // the continuation prompt
  sh.keys("\x03");
  sh.expect("^C");
  sh.expect("\n" + ns_a + "/a> ");
  sh.type("RETURN 'after-ctrl-c';");
  auto after_interrupt = sh.expect(ns_a + "/a> ");
  check(sh, has(after_interrupt, "-- 1 result in ") && !has(after_interrupt, "error"),
        "the dropped line did not run: " + after_interrupt);

  sh.type("\\quit");
  int rc = sh.wait_exit();
  check(sh, rc == 0, "\\quit exits 0 (got " + std::to_string(rc) + ")");

  // The history holds what was typed, but no line with a secret.
  std::ifstream hist{home + "/.surrealcaf_sql_history"};
  std::stringstream text;
  text << hist.rdbuf();
  check(sh, has(text.str(), "session") && has(text.str(), "note"), "the history was written");
  check(sh, !has(text.str(), "pw-ada-123") && !has(text.str(), "wrong-pw-777"),
        "no password in the history");
  struct stat st {};
  check(sh,
        ::stat((home + "/.surrealcaf_sql_history").c_str(), &st) == 0 && (st.st_mode & 077) == 0,
        "the history file is private");
  std::remove((home + "/.surrealcaf_sql_history").c_str());
  ::rmdir(home.c_str());
  std::cout << "sql_pty: ok\n";
  return 0;
}
