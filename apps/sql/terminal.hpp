#pragma once

#include <optional>
#include <string>

namespace surrealcaf::sql {

/// True if `fd` is a terminal.
bool is_terminal(int fd);

/// ANSI colours for `fd`: a terminal, and NO_COLOR unset (or empty).
bool use_color(int fd);

/// Asks for a secret on the terminal at stdin with echo off (the prompt goes
/// to stderr); nullopt when stdin is not a terminal or at end of input. At
/// most 1024 bytes are kept.
std::optional<std::string> read_secret(const char* prompt);

/// SIGINT and SIGWINCH set flags instead of ending the shell or being lost
/// (interactive mode only).
void install_interactive_signals();
bool take_interrupt();
bool take_resize();

} // namespace surrealcaf::sql
