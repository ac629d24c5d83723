#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace surrealcaf::sql {

/// The command line of surrealcaf-sql.
struct shell_options {
  std::string endpoint = "ws://127.0.0.1:8000/rpc";
  std::string ns;
  std::string db;
  /// A root user to sign in as at start; the password comes from
  /// SURREALCAF_PASS or a no-echo prompt, never from the command line.
  std::string user;
  /// A script to run instead of reading stdin.
  std::string file;
  bool json = false;
  bool help = false;
};

/// Why a command line was refused (exit code 2).
struct usage_error {
  std::string message;
};

std::variant<shell_options, usage_error> parse_shell_options(const std::vector<std::string>& args);

/// The `--help` text.
const char* shell_usage();

} // namespace surrealcaf::sql
