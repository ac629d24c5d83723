#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace surrealcaf::sql {

/// Collects input lines into SurrealQL statements, each ending at a `;` that
/// is outside strings, comments and `{ }` blocks, so a line may hold several
/// statements and a statement may span many lines. Only what the shell needs
/// to know where a statement ends is tracked; the server parses the text.
///
/// Understood: '...' and "..." strings (with backslash escapes), `...`
/// identifiers, ⟨...⟩ identifiers, `--`, `//` and `#` line comments, /* */
/// block comments, and `{ }` nesting (blocks, objects, DEFINE FUNCTION
/// bodies). A statement holding nothing but whitespace and comments is
/// dropped.
class statement_splitter {
public:
  /// The pending text may not grow past this many bytes: a runaway string
  /// or block fails instead of eating memory.
  static constexpr size_t default_max_bytes = 4 * 1024 * 1024;

  explicit statement_splitter(size_t max_bytes = default_max_bytes) : max_bytes_(max_bytes) {
  }

  /// Adds one line (without its newline) and returns the statements it
  /// completed, each with its `;` and trimmed of surrounding whitespace.
  /// Throws std::length_error when the pending text would exceed the limit
  /// (the pending text is dropped then).
  std::vector<std::string> feed(std::string_view line);

  /// True while a statement has begun and not yet ended (the shell shows its
  /// continuation prompt then).
  bool pending() const;

  /// The unfinished statement, trimmed, or empty when it holds only
  /// whitespace and comments; clears it. For the end of the input.
  std::string take_rest();

  /// Drops the unfinished statement (Ctrl-C at the prompt).
  void reset();

private:
  enum class state { code, single_quoted, double_quoted, backticked, angled, block_comment };

  void finish(std::vector<std::string>& out);

  size_t max_bytes_;
  std::string text_;
  state state_ = state::code;
  int depth_ = 0;
  bool has_content_ = false;
};

} // namespace surrealcaf::sql
