#pragma once

// Examples end with a non-zero exit when what they show did not happen, so
// CTest proves every example against the real engine.

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include <unistd.h>

#define EXAMPLE_CHECK(...)                                                    \
  do {                                                                         \
    if (!(__VA_ARGS__)) {                                                          \
      std::cerr << __FILE__ << ":" << __LINE__ << ": check failed: " #__VA_ARGS__ "\n"; \
      std::exit(1);                                                            \
    }                                                                          \
  } while (false)

/// `examples_<pid>_<ms>`: a namespace of this run only, so an example runs
/// again against the same long-lived server without finding the records,
/// users or access methods of the last run.
inline std::string example_namespace() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  static const std::string ns = "examples_" + std::to_string(::getpid()) + "_" + std::to_string(ms);
  return ns;
}

inline const char* example_url(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : std::getenv("SURREALCAF_URL");
  if (url == nullptr) {
    std::cerr << "usage: example ws://host:port/rpc (or set SURREALCAF_URL)\n";
    std::exit(2);
  }
  return url;
}
