#include "face_sessions.hpp"

#include <atomic>

namespace surrealcaf::bench {

namespace {

std::atomic<uint64_t> records{0};

client_options client_options_of(const options& opts) {
  client_options result;
  if (opts.log == "off")
    return result;
  result.logging.handler = [](const log_record&) {
    records.fetch_add(1, std::memory_order_relaxed);
  };
  result.logging.level = opts.log == "debug"  ? log_level::debug
                         : opts.log == "info" ? log_level::info
                                              : log_level::warning;
  return result;
}

} // namespace

face_sessions open_face_sessions(const options& opts) {
  face_sessions out;
  out.conn = async_connection::connect(opts.url, client_options_of(opts)).get();
  auto db = out.conn.default_session();
  if (!opts.user.empty())
    db.signin(root_credentials{opts.user, opts.pass}).get();
  db.use(opts.ns, opts.db).get();
  if (opts.sessions() == 1) {
    out.sessions.push_back(db);
    return out;
  }
  std::vector<std::future<async_session>> forks;
  for (size_t i = 0; i < opts.sessions(); ++i)
    forks.push_back(db.fork_session());
  for (auto& f : forks)
    out.sessions.push_back(f.get());
  return out;
}

} // namespace surrealcaf::bench
