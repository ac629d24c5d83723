#include "line_reader.hpp"

#include <cerrno>
#include <clocale>
#include <cstdio>
#include <cwchar>

#include <fcntl.h>
#include <histedit.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include "terminal.hpp"

namespace surrealcaf::sql {

namespace {

class plain_reader : public line_reader {
public:
  plain_reader(int fd, size_t max_line) : fd_(fd), max_line_(max_line) {
  }

  std::optional<std::string> read(const std::string&) override {
    std::string line;
    for (;;) {
      if (pos_ == end_) {
        auto n = ::read(fd_, buf_, sizeof buf_);
        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0) {
          if (line.empty())
            return std::nullopt;
          return line; // a last line without its newline
        }
        pos_ = 0;
        end_ = static_cast<size_t>(n);
      }
      char c = buf_[pos_++];
      if (c == '\n')
        return line;
      if (line.size() >= max_line_)
        throw line_too_long("input line longer than " + std::to_string(max_line_) + " bytes");
      line += c;
    }
  }

private:
  int fd_;
  size_t max_line_;
  char buf_[4096];
  size_t pos_ = 0;
  size_t end_ = 0;
};

// libedit's native API: el_gets with our own character reader, which waits
// on the terminal and on the wake pipe at once, so live notifications appear
// while the user types (printed above a redrawn prompt).
class edit_reader : public line_reader {
public:
  edit_reader(std::string history_file, int history_size, int wake_fd,
              std::function<void()> background)
    : history_file_(std::move(history_file)),
      wake_fd_(wake_fd),
      background_(std::move(background)) {
    std::setlocale(LC_CTYPE, "");
    hist_ = history_init();
    history(hist_, &ev_, H_SETSIZE, history_size);
    history(hist_, &ev_, H_SETUNIQUE, 1);
    if (!history_file_.empty())
      history(hist_, &ev_, H_LOAD, history_file_.c_str());
    el_ = el_init("surrealcaf-sql", stdin, stdout, stderr);
    el_set(el_, EL_CLIENTDATA, this);
    el_set(el_, EL_EDITOR, "emacs");
    el_set(el_, EL_SIGNAL, 0);
    el_set(el_, EL_HIST, history, hist_);
    el_set(el_, EL_PROMPT, &edit_reader::prompt_of);
    el_set(el_, EL_GETCFN, &edit_reader::getc);
  }

  ~edit_reader() override {
    el_end(el_);
    history_end(hist_);
  }

  std::optional<std::string> read(const std::string& prompt) override {
    prompt_ = prompt;
    interrupted_ = false;
    take_interrupt(); // a Ctrl-C during the last statement is not for this line
    int count = 0;
    const char* line = el_gets(el_, &count);
    if (interrupted_) {
      std::fputs("^C\n", stdout);
      std::fflush(stdout);
      return std::string{};
    }
    if (line == nullptr || count <= 0)
      return std::nullopt;
    std::string out{line, static_cast<size_t>(count)};
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r'))
      out.pop_back();
    return out;
  }

  bool interrupted() const override {
    return interrupted_;
  }

  void remember(const std::string& line) override {
    if (line.empty())
      return;
    history(hist_, &ev_, H_ENTER, line.c_str());
    if (history_file_.empty())
      return;
    // The history is the user's own: readable by them alone.
    int fd = ::open(history_file_.c_str(), O_WRONLY | O_CREAT, 0600);
    if (fd >= 0)
      ::close(fd);
    history(hist_, &ev_, H_SAVE, history_file_.c_str());
  }

private:
  static edit_reader* self_of(EditLine* el) {
    void* data = nullptr;
    el_get(el, EL_CLIENTDATA, &data);
    return static_cast<edit_reader*>(data);
  }

  static char* prompt_of(EditLine* el) {
    return self_of(el)->prompt_.data();
  }

  // Returns 1 with a character, 0 at end of input, -1 on error.
  static int getc(EditLine* el, wchar_t* out) {
    auto* self = self_of(el);
    std::mbstate_t state{};
    for (;;) {
      if (take_interrupt()) {
        // Ctrl-C: end the line here; read() drops it.
        self->interrupted_ = true;
        *out = L'\n';
        return 1;
      }
      if (take_resize())
        el_resize(el);
      pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {self->wake_fd_, POLLIN, 0}};
      int nfds = self->wake_fd_ >= 0 ? 2 : 1;
      int r = ::poll(fds, static_cast<nfds_t>(nfds), -1);
      if (r < 0) {
        if (errno == EINTR)
          continue;
        return -1;
      }
      if (nfds == 2 && (fds[1].revents & POLLIN) != 0) {
        // Clear the prompt line, let the callback print, redraw the prompt
        // and what was typed so far.
        std::fputs("\r\033[K", stdout);
        std::fflush(stdout);
        self->background_();
        el_set(el, EL_REFRESH);
      }
      if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0)
        continue;
      char c = 0;
      auto n = ::read(STDIN_FILENO, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return 0;
      wchar_t wc = 0;
      auto used = std::mbrtowc(&wc, &c, 1, &state);
      if (used == static_cast<size_t>(-2))
        continue; // part of a multi-byte character: read on
      if (used == static_cast<size_t>(-1)) {
        state = std::mbstate_t{};
        wc = static_cast<unsigned char>(c); // not valid in the locale: as is
      }
      *out = wc;
      return 1;
    }
  }

  std::string history_file_;
  int wake_fd_;
  std::function<void()> background_;
  EditLine* el_ = nullptr;
  History* hist_ = nullptr;
  HistEvent ev_{};
  std::string prompt_;
  bool interrupted_ = false;
};

} // namespace

std::unique_ptr<line_reader> make_plain_reader(int fd, size_t max_line) {
  return std::make_unique<plain_reader>(fd, max_line);
}

std::unique_ptr<line_reader> make_edit_reader(std::string history_file, int history_size,
                                              int wake_fd, std::function<void()> background) {
  return std::make_unique<edit_reader>(std::move(history_file), history_size, wake_fd,
                                       std::move(background));
}

} // namespace surrealcaf::sql
