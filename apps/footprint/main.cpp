// Measures what connections cost a process: opens N blocking connections
// (default 1), signs nothing in, waits a second, and prints the process's
// thread count and resident memory before and after.
//
//   surrealcaf_footprint <ws://url> [connections] [--private]
//
// --private gives each connection a private runtime
// (client_options::private_runtime) instead of the shared one. Run it on a
// Release build: e.g. node tests/server/with-engine.mjs sh -c
// 'build-rel/apps/footprint/surrealcaf_footprint "$SURREALCAF_URL" 100'.
#include "surrealcaf/blocking.hpp"

#include <chrono>
#include <cstdlib>
#include <dirent.h>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

// The entries of /proc/self/task: one per thread.
int thread_count() {
  int n = 0;
  if (auto* dir = opendir("/proc/self/task")) {
    while (auto* entry = readdir(dir))
      if (entry->d_name[0] != '.')
        ++n;
    closedir(dir);
  }
  return n;
}

// VmRSS from /proc/self/status, e.g. "9876 kB".
std::string resident() {
  std::ifstream status{"/proc/self/status"};
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0)
      return line.substr(line.find_first_not_of(" \t", 6));
  return "?";
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: surrealcaf_footprint <ws://url> [connections] [--private]\n";
    return 2;
  }
  std::string url = argv[1];
  int count = argc > 2 ? std::atoi(argv[2]) : 1;
  surrealcaf::client_options opts;
  for (int i = 2; i < argc; ++i)
    if (std::string{argv[i]} == "--private")
      opts.private_runtime = true;
  std::cout << "before: threads " << thread_count() << ", VmRSS " << resident() << "\n";
  std::vector<surrealcaf::blocking_connection> conns;
  for (int i = 0; i < count; ++i)
    conns.push_back(surrealcaf::blocking_connection::connect(url, opts));
  std::this_thread::sleep_for(std::chrono::seconds{1});
  std::cout << count << " connection(s): threads " << thread_count() << ", VmRSS " << resident()
            << "\n";
  for (auto& c : conns)
    c.close();
}
