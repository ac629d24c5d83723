#include "terminal.hpp"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <termios.h>
#include <unistd.h>

namespace surrealcaf::sql {

namespace {

volatile std::sig_atomic_t interrupted = 0;
volatile std::sig_atomic_t resized = 0;

extern "C" void on_sigint(int) {
  interrupted = 1;
}

extern "C" void on_sigwinch(int) {
  resized = 1;
}

} // namespace

bool is_terminal(int fd) {
  return ::isatty(fd) == 1;
}

bool use_color(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  return is_terminal(fd) && (no_color == nullptr || *no_color == '\0');
}

std::optional<std::string> read_secret(const char* prompt) {
  if (!is_terminal(STDIN_FILENO))
    return std::nullopt;
  termios old{};
  if (::tcgetattr(STDIN_FILENO, &old) != 0)
    return std::nullopt;
  termios quiet = old;
  // No signals from the keyboard either: Ctrl-C or Ctrl-Z would otherwise
  // stop the program with echo still off. Ctrl-C is read as a byte and
  // cancels the prompt; the terminal is restored on every way out.
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO | ISIG);
  quiet.c_lflag |= ICANON;
  // Echo goes off before the prompt shows, so nothing typed in answer to it
  // is echoed; TCSANOW keeps what was typed already.
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::fputs(prompt, stderr);
  std::fflush(stderr);
  std::string secret;
  bool got_line = false;
  bool cancelled = false;
  char c = 0;
  for (;;) {
    auto n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR)
      continue; // a resized window, say
    if (n <= 0)
      break;
    if (static_cast<cc_t>(c) == old.c_cc[VINTR]) {
      cancelled = true;
      break;
    }
    if (c == '\n' || c == '\r') {
      got_line = true;
      break;
    }
    if (secret.size() < 1024)
      secret += c;
  }
  ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::fputs("\n", stderr);
  if (cancelled || (!got_line && secret.empty()))
    return std::nullopt;
  return secret;
}

void install_interactive_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0; // no SA_RESTART: poll() in the line reader wakes up
  ::sigaction(SIGINT, &sa, nullptr);
  // A resize restarts interrupted reads and writes (a write to the terminal
  // failing with EINTR would leave std::cout in a failed state); poll()
  // still wakes up, so the prompt is redrawn.
  sa.sa_handler = on_sigwinch;
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGWINCH, &sa, nullptr);
}

bool take_interrupt() {
  bool was = interrupted != 0;
  interrupted = 0;
  return was;
}

bool take_resize() {
  bool was = resized != 0;
  resized = 0;
  return was;
}

} // namespace surrealcaf::sql
