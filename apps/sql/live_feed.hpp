#pragma once

#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <vector>

namespace surrealcaf::sql {

/// Text that reader threads hand to the shell's main thread, which alone
/// writes to the terminal. Bounded: past `max_lines` unread lines the oldest
/// are dropped and counted. A pipe wakes the line reader when text arrives.
class live_feed {
public:
  explicit live_feed(size_t max_lines = 1000);
  ~live_feed();
  live_feed(const live_feed&) = delete;
  live_feed& operator=(const live_feed&) = delete;

  /// Queues one line (thread-safe) and wakes the reader.
  void push(std::string line);

  /// Takes everything queued, with a note first if lines were dropped.
  std::vector<std::string> take();

  /// Becomes readable when lines are queued; `take` drains it.
  int wake_fd() const {
    return pipe_[0];
  }

private:
  size_t max_lines_;
  std::mutex mtx_;
  std::deque<std::string> lines_;
  size_t dropped_ = 0;
  int pipe_[2] = {-1, -1};
};

} // namespace surrealcaf::sql
