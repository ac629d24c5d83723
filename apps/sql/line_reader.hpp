#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace surrealcaf::sql {

/// Thrown when an input line is longer than a reader accepts.
struct line_too_long : std::length_error {
  using std::length_error::length_error;
};

/// Where the shell's lines come from.
class line_reader {
public:
  virtual ~line_reader() = default;

  /// The next line without its newline; nullopt at end of input. An empty
  /// optional string with `interrupted()` true means Ctrl-C dropped the line.
  virtual std::optional<std::string> read(const std::string& prompt) = 0;

  /// True if the last `read` ended with Ctrl-C (its line is to be dropped).
  virtual bool interrupted() const {
    return false;
  }

  /// Keeps `line` in the history (a no-op without line editing).
  virtual void remember(const std::string&) {
  }
};

/// Plain reading from a file descriptor (a script or a pipe); lines are
/// capped at `max_line` bytes (line_too_long past that).
std::unique_ptr<line_reader> make_plain_reader(int fd, size_t max_line = 4 * 1024 * 1024);

/// libedit on the terminal at stdin/stdout, with history in `history_file`
/// (at most `history_size` lines; empty path: no file). While waiting for a
/// key it calls `background` whenever `wake_fd` becomes readable; the
/// callback may write whole lines, and the prompt is redrawn below them.
std::unique_ptr<line_reader> make_edit_reader(std::string history_file, int history_size,
                                              int wake_fd, std::function<void()> background);

} // namespace surrealcaf::sql
