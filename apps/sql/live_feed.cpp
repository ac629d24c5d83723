#include "live_feed.hpp"

#include <fcntl.h>
#include <unistd.h>

namespace surrealcaf::sql {

live_feed::live_feed(size_t max_lines) : max_lines_(max_lines) {
  if (::pipe(pipe_) == 0) {
    // Non-blocking both ways: a full pipe already wakes the reader, and
    // draining stops when it is empty.
    for (int fd : pipe_)
      ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
}

live_feed::~live_feed() {
  for (int fd : pipe_)
    if (fd >= 0)
      ::close(fd);
}

void live_feed::push(std::string line) {
  {
    std::lock_guard<std::mutex> guard{mtx_};
    if (lines_.size() >= max_lines_) {
      lines_.pop_front();
      ++dropped_;
    }
    lines_.push_back(std::move(line));
  }
  char byte = 1;
  [[maybe_unused]] auto n = ::write(pipe_[1], &byte, 1);
}

std::vector<std::string> live_feed::take() {
  char buf[256];
  while (::read(pipe_[0], buf, sizeof buf) > 0) {
  }
  std::vector<std::string> out;
  std::lock_guard<std::mutex> guard{mtx_};
  if (dropped_ > 0) {
    out.push_back("-- " + std::to_string(dropped_)
                  + " live notifications dropped (too many unread)\n");
    dropped_ = 0;
  }
  for (auto& x : lines_)
    out.push_back(std::move(x));
  lines_.clear();
  return out;
}

} // namespace surrealcaf::sql
