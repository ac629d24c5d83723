#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "surrealcaf/blocking.hpp"

#include "live_feed.hpp"
#include "result_printer.hpp"
#include "shell_command.hpp"
#include "statement_splitter.hpp"

namespace surrealcaf::sql {

/// One `\live TABLE`: its stream and the thread that reads it into the feed.
struct live_watch {
  std::string table;
  std::shared_ptr<live_stream> stream;
  std::shared_ptr<std::atomic<bool>> stop;
  std::thread reader;

  ~live_watch();
};

/// A named session of the shell, with the namespace and database it uses
/// (for the prompt and `\session list`).
struct shell_session {
  std::string name;
  blocking_session handle;
  std::string ns;
  std::string db;
  std::vector<std::unique_ptr<live_watch>> lives;
};

/// What running a statement or command came to.
enum class outcome { ok, failed, quit };

/// The shell over one connection: sessions, commands and statements. Writes
/// results to stdout and errors to stderr; reader threads only queue text in
/// `feed()`, which the caller prints.
class shell {
public:
  /// At most this many sessions, and live queries per shell.
  static constexpr size_t max_sessions = 32;
  static constexpr size_t max_lives = 16;

  /// `chatty`: confirm commands ("-- signed in"); interactive mode only,
  /// so a script's output holds results alone.
  shell(blocking_connection conn, print_options out, print_options err, bool chatty);
  ~shell();

  /// Runs one complete statement in the current session.
  outcome run_statement(const std::string& sql);

  /// Runs one backslash command line.
  outcome run_command(const std::string& line);

  /// Signs the current session in (errors printed).
  outcome signin(const credentials& creds);

  /// `use` in the current session (errors printed); an empty `db` keeps
  /// the database.
  outcome use(const std::string& ns, const std::string& db);

  /// "ns/db> ", with "(name) " first for a session other than the default.
  std::string prompt(bool continuation) const;

  live_feed& feed() {
    return feed_;
  }

  /// Writes queued notifications to stdout.
  void print_feed();

private:
  shell_session& current() {
    return *sessions_[current_];
  }
  const shell_session& current() const {
    return *sessions_[current_];
  }
  shell_session* find(const std::string& name);
  outcome fail(const surreal_error& e);
  outcome fail(const std::string& message);
  void info(const std::string& text);
  void refresh_ns_db(shell_session& s);
  size_t live_count() const;
  void stop_lives(shell_session& s);

  blocking_connection conn_;
  print_options out_;
  print_options err_;
  bool chatty_;
  live_feed feed_;
  std::vector<std::unique_ptr<shell_session>> sessions_;
  size_t current_ = 0;
};

} // namespace surrealcaf::sql
