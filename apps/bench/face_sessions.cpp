#include "face_sessions.hpp"

namespace surrealcaf::bench {

face_sessions open_face_sessions(const options& opts) {
  face_sessions out;
  out.conn = async_connection::connect(opts.url).get();
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
