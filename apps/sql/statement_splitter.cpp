#include "statement_splitter.hpp"

#include <stdexcept>

namespace surrealcaf::sql {

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

std::string trimmed(const std::string& x) {
  size_t b = 0;
  size_t e = x.size();
  while (b < e && is_space(x[b]))
    ++b;
  while (e > b && is_space(x[e - 1]))
    --e;
  return x.substr(b, e - b);
}

// ⟨ and ⟩ in UTF-8: SurrealQL's other identifier quotes.
constexpr std::string_view open_angle = "\xE2\x9F\xA8";
constexpr std::string_view close_angle = "\xE2\x9F\xA9";

bool starts_at(std::string_view s, size_t i, std::string_view what) {
  return s.substr(i, what.size()) == what;
}

} // namespace

std::vector<std::string> statement_splitter::feed(std::string_view line) {
  std::vector<std::string> out;
  // Lines are joined with a newline, which also ends a line comment.
  if (!text_.empty() || state_ != state::code)
    text_ += '\n';
  if (text_.size() + line.size() > max_bytes_) {
    reset();
    throw std::length_error("statement longer than " + std::to_string(max_bytes_) + " bytes");
  }
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    switch (state_) {
      case state::code:
        if (c == '-' && starts_at(line, i, "--"))
          i = line.size(); // a line comment: the rest of the line is skipped
        else if (c == '/' && starts_at(line, i, "//"))
          i = line.size();
        else if (c == '#')
          i = line.size();
        else if (c == '/' && starts_at(line, i, "/*")) {
          state_ = state::block_comment;
          text_ += "/*";
          ++i;
        } else if (c == ';' && depth_ == 0) {
          text_ += c;
          finish(out);
        } else {
          if (c == '\'')
            state_ = state::single_quoted;
          else if (c == '"')
            state_ = state::double_quoted;
          else if (c == '`')
            state_ = state::backticked;
          else if (starts_at(line, i, open_angle)) {
            state_ = state::angled;
            text_ += open_angle.substr(0, 2);
            i += 2;
            c = open_angle[2];
          } else if (c == '{')
            ++depth_;
          else if (c == '}' && depth_ > 0)
            --depth_;
          if (!is_space(c))
            has_content_ = true;
          text_ += c;
        }
        break;
      case state::single_quoted:
      case state::double_quoted:
      case state::backticked:
        text_ += c;
        if (c == '\\' && i + 1 < line.size()) {
          text_ += line[++i]; // an escaped character never ends the string
        } else if ((c == '\'' && state_ == state::single_quoted)
                   || (c == '"' && state_ == state::double_quoted)
                   || (c == '`' && state_ == state::backticked)) {
          state_ = state::code;
        }
        break;
      case state::angled:
        if (starts_at(line, i, close_angle)) {
          text_ += close_angle;
          i += close_angle.size() - 1;
          state_ = state::code;
        } else {
          text_ += c;
        }
        break;
      case state::block_comment:
        text_ += c;
        if (c == '*' && i + 1 < line.size() && line[i + 1] == '/') {
          text_ += '/';
          ++i;
          state_ = state::code;
        }
        break;
    }
  }
  return out;
}

void statement_splitter::finish(std::vector<std::string>& out) {
  if (has_content_)
    out.push_back(trimmed(text_));
  text_.clear();
  has_content_ = false;
  depth_ = 0;
}

bool statement_splitter::pending() const {
  return has_content_ || state_ != state::code || depth_ > 0;
}

std::string statement_splitter::take_rest() {
  std::string rest = has_content_ ? trimmed(text_) : std::string{};
  reset();
  return rest;
}

void statement_splitter::reset() {
  text_.clear();
  state_ = state::code;
  depth_ = 0;
  has_content_ = false;
}

} // namespace surrealcaf::sql
