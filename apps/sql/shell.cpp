#include "shell.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <iostream>

#include "terminal.hpp"

namespace surrealcaf::sql {

using namespace std::chrono_literals;

namespace {

template <class... Fs>
struct overload : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
overload(Fs...) -> overload<Fs...>;

// A USE statement changes the session's namespace or database on the server.
bool starts_with_use(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i])))
    ++i;
  if (sql.size() < i + 4)
    return false;
  std::string word;
  for (size_t j = i; j < i + 3; ++j)
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[j])));
  return word == "USE" && std::isspace(static_cast<unsigned char>(sql[i + 3]));
}

std::string text_or_empty(const value& x) {
  if (auto* s = x.get_if<std::string>())
    return *s;
  return {};
}

// A live query's reader: moves notifications into the feed until the stream
// ends or the watch is stopped.
void read_live(std::shared_ptr<live_stream> stream, std::shared_ptr<std::atomic<bool>> stop,
               std::string session, print_options opts, live_feed* feed) {
  // Nothing may escape a thread: a failure ends this watch with a line.
  try {
    while (!stop->load()) {
      auto n = stream->next(200ms);
      if (n)
        feed->push(format_notification(session, *n, opts));
      if (stream->ended())
        return;
    }
  } catch (const std::exception& e) {
    feed->push("-- live query on " + session + " stopped: " + e.what() + "\n");
  } catch (...) {
    feed->push("-- live query on " + session + " stopped\n");
  }
}

} // namespace

live_watch::~live_watch() {
  if (stop)
    stop->store(true);
  if (stream)
    stream->kill();
  if (reader.joinable())
    reader.join();
}

shell::shell(blocking_connection conn, print_options out, print_options err, bool chatty)
  : conn_(std::move(conn)), out_(out), err_(err), chatty_(chatty) {
  auto first = std::make_unique<shell_session>();
  first->name = "default";
  first->handle = conn_.default_session();
  sessions_.push_back(std::move(first));
}

shell::~shell() {
  // Stop the readers before the connection goes.
  for (auto& s : sessions_)
    stop_lives(*s);
}

outcome shell::fail(const surreal_error& e) {
  std::cerr << format_error(e, err_) << std::flush;
  return outcome::failed;
}

outcome shell::fail(const std::string& message) {
  std::cerr << format_message_error(message, err_) << std::flush;
  return outcome::failed;
}

void shell::info(const std::string& text) {
  if (!chatty_)
    return;
  std::cout << text << '\n' << std::flush;
}

shell_session* shell::find(const std::string& name) {
  for (auto& s : sessions_)
    if (s->name == name)
      return s.get();
  return nullptr;
}

void shell::print_feed() {
  for (auto& line : feed_.take())
    std::cout << line;
  std::cout << std::flush;
}

std::string shell::prompt(bool continuation) const {
  auto& s = current();
  std::string p;
  if (s.name != "default")
    p += "(" + s.name + ") ";
  p += (s.ns.empty() ? "-" : s.ns) + "/" + (s.db.empty() ? "-" : s.db);
  if (continuation)
    return std::string(p.size(), ' ') + "> ";
  return p + "> ";
}

void shell::refresh_ns_db(shell_session& s) {
  try {
    auto x = s.handle.query_value("RETURN [session::ns(), session::db()]");
    s.ns = text_or_empty(x[0]);
    s.db = text_or_empty(x[1]);
  } catch (const surreal_error&) {
    // The prompt keeps what it knew; the statement's own result was shown.
  }
}

outcome shell::run_statement(const std::string& sql) {
  auto& s = current();
  auto start = std::chrono::steady_clock::now();
  query_results results;
  try {
    results = s.handle.query(sql);
  } catch (const surreal_error& e) {
    return fail(e);
  }
  auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(
    std::chrono::steady_clock::now() - start);
  auto result = outcome::ok;
  for (auto& r : results) {
    if (r.error) {
      std::cerr << format_result(r, elapsed, err_) << std::flush;
      result = outcome::failed;
    } else {
      std::cout << format_result(r, elapsed, out_) << std::flush;
    }
  }
  if (starts_with_use(sql) && result == outcome::ok && !results.empty()) {
    // Show what the session holds now: a server may keep USE for the
    // statement's own call only.
    refresh_ns_db(s);
    auto& used = results.back().result;
    if (text_or_empty(used["namespace"]) != s.ns || text_or_empty(used["database"]) != s.db)
      info("-- the server did not keep USE for later statements; \\use NS DB sets them");
  }
  return result;
}

outcome shell::signin(const credentials& creds) {
  auto& s = current();
  try {
    s.handle.signin(creds);
  } catch (const surreal_error& e) {
    return fail(e);
  }
  // Signing in to a namespace or database selects it.
  std::visit(overload{[&](const root_credentials&) {},
                      [&](const namespace_credentials& c) { s.ns = c.ns; },
                      [&](const database_credentials& c) { s.ns = c.ns, s.db = c.db; },
                      [&](const record_credentials& c) { s.ns = c.ns, s.db = c.db; },
                      [&](const bearer_credentials& c) { s.ns = c.ns, s.db = c.db; }},
             creds);
  info("-- signed in");
  return outcome::ok;
}

outcome shell::use(const std::string& ns, const std::string& db) {
  auto& s = current();
  try {
    s.handle.use(value{ns}, db.empty() ? value{none} : value{db});
  } catch (const surreal_error& e) {
    return fail(e);
  }
  s.ns = ns;
  if (!db.empty())
    s.db = db;
  return outcome::ok;
}

size_t shell::live_count() const {
  size_t n = 0;
  for (auto& s : sessions_)
    n += s->lives.size();
  return n;
}

void shell::stop_lives(shell_session& s) {
  s.lives.clear(); // each watch kills its stream and joins its reader
}

outcome shell::run_command(const std::string& line) {
  auto parsed = parse_command(line);
  if (auto* err = std::get_if<command_error>(&parsed))
    return fail(err->message);
  auto& c = std::get<command>(parsed);
  return std::visit(
    overload{
      [&](const cmd::help&) {
        std::cout << command_help() << std::flush;
        return outcome::ok;
      },
      [&](const cmd::quit&) { return outcome::quit; },
      [&](const cmd::session_new& x) {
        if (find(x.name) != nullptr)
          return fail("a session named " + x.name + " exists already");
        if (sessions_.size() >= max_sessions)
          return fail("at most " + std::to_string(max_sessions) + " sessions");
        auto s = std::make_unique<shell_session>();
        s->name = x.name;
        try {
          s->handle = conn_.new_session();
        } catch (const surreal_error& e) {
          return fail(e);
        }
        sessions_.push_back(std::move(s));
        current_ = sessions_.size() - 1;
        info("-- session " + x.name + " opened (no namespace, database or sign-in)");
        return outcome::ok;
      },
      [&](const cmd::session_list&) {
        size_t width = 0;
        for (auto& s : sessions_)
          width = std::max(width, s->name.size());
        for (size_t i = 0; i < sessions_.size(); ++i) {
          auto& s = *sessions_[i];
          std::string line = (i == current_ ? "* " : "  ") + s.name
                             + std::string(width - s.name.size() + 2, ' ')
                             + (s.ns.empty() ? "-" : s.ns) + "/" + (s.db.empty() ? "-" : s.db);
          if (!s.lives.empty())
            line += "  (" + std::to_string(s.lives.size()) + " live)";
          std::cout << line << '\n';
        }
        std::cout << std::flush;
        return outcome::ok;
      },
      [&](const cmd::session_switch& x) {
        for (size_t i = 0; i < sessions_.size(); ++i)
          if (sessions_[i]->name == x.name) {
            current_ = i;
            return outcome::ok;
          }
        return fail("no session named " + x.name + " (\\session list)");
      },
      [&](const cmd::session_close& x) {
        if (x.name == "default")
          return fail("the default session cannot be closed (\\quit closes the connection)");
        for (size_t i = 0; i < sessions_.size(); ++i) {
          if (sessions_[i]->name != x.name)
            continue;
          stop_lives(*sessions_[i]);
          try {
            sessions_[i]->handle.close_session();
          } catch (const surreal_error& e) {
            return fail(e);
          }
          sessions_.erase(sessions_.begin() + static_cast<std::ptrdiff_t>(i));
          if (current_ == i)
            current_ = 0;
          else if (current_ > i)
            --current_;
          info("-- session " + x.name + " closed");
          return outcome::ok;
        }
        return fail("no session named " + x.name + " (\\session list)");
      },
      [&](const cmd::use& x) { return use(x.ns, x.db); },
      [&](const cmd::signin& x) {
        if (!x.password_missing)
          return signin(x.creds);
        auto pass = read_secret("Password: ");
        if (!pass)
          return fail("no password: give it on the line, or run on a terminal to be asked");
        auto creds = x.creds;
        std::visit(overload{[&](root_credentials& c) { c.pass = *pass; },
                            [&](namespace_credentials& c) { c.pass = *pass; },
                            [&](database_credentials& c) { c.pass = *pass; }, [&](auto&) {}},
                   creds);
        return signin(creds);
      },
      [&](const cmd::signup& x) {
        auto& s = current();
        try {
          s.handle.signup(x.creds);
        } catch (const surreal_error& e) {
          return fail(e);
        }
        s.ns = x.creds.ns;
        s.db = x.creds.db;
        info("-- signed up");
        return outcome::ok;
      },
      [&](const cmd::signout&) {
        try {
          current().handle.invalidate();
        } catch (const surreal_error& e) {
          return fail(e);
        }
        info("-- signed out");
        return outcome::ok;
      },
      [&](const cmd::let& x) {
        try {
          current().handle.let(x.name, x.x);
        } catch (const surreal_error& e) {
          return fail(e);
        }
        return outcome::ok;
      },
      [&](const cmd::unset& x) {
        try {
          current().handle.unset(x.name);
        } catch (const surreal_error& e) {
          return fail(e);
        }
        return outcome::ok;
      },
      [&](const cmd::live& x) {
        if (live_count() >= max_lives)
          return fail("at most " + std::to_string(max_lives) + " live queries (\\live stop)");
        auto& s = current();
        auto watch = std::make_unique<live_watch>();
        watch->table = x.table;
        try {
          watch->stream = std::make_shared<live_stream>(s.handle.live(table{x.table}));
        } catch (const surreal_error& e) {
          return fail(e);
        }
        watch->stop = std::make_shared<std::atomic<bool>>(false);
        watch->reader = std::thread{read_live, watch->stream, watch->stop, s.name, out_, &feed_};
        s.lives.push_back(std::move(watch));
        info("-- watching " + x.table + " in session " + s.name);
        return outcome::ok;
      },
      [&](const cmd::live_stop&) {
        auto n = current().lives.size();
        stop_lives(current());
        info("-- " + std::to_string(n) + " live queries ended");
        return outcome::ok;
      },
    },
    c);
}

} // namespace surrealcaf::sql
