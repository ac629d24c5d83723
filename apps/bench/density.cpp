// surrealcaf_bench_density: what holding connections and sessions costs a
// client process. Prints one JSON line per run.
//
// Usage: surrealcaf_bench_density --mode sessions|idle|threads --url ws://...
//          [--user U --pass P] [--ns NS --db DB] [--sessions N] [--connections N]
//          [--face async|actor]
//   sessions: one connection (async face) opens N sessions (new_session(),
//             default 10000, 1000 at a time); reports the time to open them
//             and (VmRSS after - VmRSS before) / N.
//   idle:     one connection, signed in, then 1 s idle; reports VmRSS.
//   threads:  opens N connections (default 100) in this process; reports the
//             threads of the process after, minus those before the first
//             connect. `--face actor` uses connect() on one actor system of
//             the program's own (made after the "before" count, so its
//             scheduler threads count too).
#include "process_usage.hpp"

#include "surrealcaf/async.hpp"
#include "surrealcaf/connect.hpp"
#include "surrealcaf/errc.hpp"

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/scoped_actor.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

using namespace surrealcaf;
using namespace surrealcaf::bench;
using clock_type = std::chrono::steady_clock;

namespace {

struct density_options {
  std::string mode;
  std::string url;
  std::string user;
  std::string pass;
  std::string ns = "bench";
  std::string db = "bench";
  std::string face = "async";
  size_t sessions = 10000;
  size_t connections = 100;
};

[[noreturn]] void usage(const std::string& problem) {
  std::cerr << problem << "\nusage: surrealcaf_bench_density --mode sessions|idle|threads"
            << " --url ws://... [--user U --pass P] [--ns NS --db DB] [--sessions N]"
            << " [--connections N] [--face async|actor]\n";
  std::exit(2);
}

density_options parse(int argc, char** argv) {
  density_options o;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (i + 1 >= argc)
      usage("missing value after " + arg);
    std::string v = argv[++i];
    if (arg == "--mode")
      o.mode = v;
    else if (arg == "--url")
      o.url = v;
    else if (arg == "--user")
      o.user = v;
    else if (arg == "--pass")
      o.pass = v;
    else if (arg == "--ns")
      o.ns = v;
    else if (arg == "--db")
      o.db = v;
    else if (arg == "--face")
      o.face = v;
    else if (arg == "--sessions")
      o.sessions = std::strtoul(v.c_str(), nullptr, 10);
    else if (arg == "--connections")
      o.connections = std::strtoul(v.c_str(), nullptr, 10);
    else
      usage("unknown argument: " + arg);
  }
  if (o.url.empty() || (o.mode != "sessions" && o.mode != "idle" && o.mode != "threads"))
    usage("--mode and --url are required");
  return o;
}

async_connection open_signed_in(const density_options& o) {
  auto conn = async_connection::connect(o.url).get();
  auto db = conn.default_session();
  if (!o.user.empty())
    db.signin(root_credentials{o.user, o.pass}).get();
  db.use(o.ns, o.db).get();
  return conn;
}

void sessions_mode(const density_options& o) {
  auto conn = open_signed_in(o);
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  auto before = current_rss_kib();
  std::vector<async_session> sessions;
  sessions.reserve(o.sessions);
  auto start = clock_type::now();
  constexpr size_t batch = 1000;
  for (size_t done = 0; done < o.sessions;) {
    std::vector<std::future<async_session>> pending;
    for (size_t i = 0; i < batch && done + i < o.sessions; ++i)
      pending.push_back(conn.new_session());
    for (auto& f : pending)
      sessions.push_back(f.get());
    done += pending.size();
  }
  double seconds = std::chrono::duration<double>(clock_type::now() - start).count();
  std::this_thread::sleep_for(std::chrono::milliseconds{200});
  auto after = current_rss_kib();
  std::printf("{\"mode\":\"sessions\",\"sessions\":%zu,\"open_seconds\":%.4f,"
              "\"sessions_per_s\":%.0f,\"rss_before_kib\":%ld,\"rss_after_kib\":%ld,"
              "\"kib_per_session\":%.3f}\n",
              o.sessions, seconds, static_cast<double>(o.sessions) / seconds, before, after,
              static_cast<double>(after - before) / static_cast<double>(o.sessions));
  std::fflush(stdout);
  // Closing the connection detaches nothing one by one: the server drops them.
  conn.close().wait();
}

void idle_mode(const density_options& o) {
  auto conn = open_signed_in(o);
  std::this_thread::sleep_for(std::chrono::seconds{1});
  std::printf("{\"mode\":\"idle\",\"rss_kib\":%ld,\"peak_rss_kib\":%ld,\"threads\":%zu}\n",
              current_rss_kib(), peak_rss_kib(), thread_count());
  std::fflush(stdout);
  conn.close().wait();
}

void threads_mode(const density_options& o) {
  auto before = thread_count();
  size_t after = 0;
  if (o.face == "actor") {
    caf::actor_system_config cfg;
    register_types(cfg);
    cfg.set("scheduler.max-threads", caf::config_value::integer{2});
    caf::actor_system sys{cfg};
    std::vector<connection_actor> conns;
    {
      caf::scoped_actor self{sys};
      for (size_t i = 0; i < o.connections; ++i) {
        auto conn = connect(sys, o.url);
        if (!conn)
          throw std::runtime_error("connect: " + describe(conn.error()));
        self->request(*conn, std::chrono::seconds{30}, connected_atom::value)
          .receive([](std::string&) {},
                   [](caf::error& err) { throw std::runtime_error(describe(err)); });
        conns.push_back(*conn);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds{200});
      after = thread_count();
      for (auto& c : conns)
        self->request(c, std::chrono::seconds{30}, close_atom::value)
          .receive([](bool) {}, [](caf::error&) {});
    }
  } else {
    std::vector<async_connection> conns;
    for (size_t i = 0; i < o.connections; ++i)
      conns.push_back(async_connection::connect(o.url).get());
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    after = thread_count();
    for (auto& c : conns)
      c.close().wait();
  }
  std::printf("{\"mode\":\"threads\",\"face\":\"%s\",\"connections\":%zu,\"threads_before\":%zu,"
              "\"threads_after\":%zu,\"library_threads\":%zu}\n",
              o.face.c_str(), o.connections, before, after, after - before);
  std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv) {
  auto o = parse(argc, argv);
  try {
    if (o.mode == "sessions")
      sessions_mode(o);
    else if (o.mode == "idle")
      idle_mode(o);
    else
      threads_mode(o);
  } catch (const std::exception& e) {
    std::cerr << "surrealcaf_bench_density: " << e.what() << std::endl;
    return 1;
  }
  return 0;
}
