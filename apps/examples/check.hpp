#pragma once

// Examples end with a non-zero exit when what they show did not happen, so
// CTest proves every example against the real engine.

#include <cstdlib>
#include <iostream>

#define EXAMPLE_CHECK(...)                                                    \
  do {                                                                         \
    if (!(__VA_ARGS__)) {                                                          \
      std::cerr << __FILE__ << ":" << __LINE__ << ": check failed: " #__VA_ARGS__ "\n"; \
      std::exit(1);                                                            \
    }                                                                          \
  } while (false)

inline const char* example_url(int argc, char** argv) {
  const char* url = argc > 1 ? argv[1] : std::getenv("SURREALCAF_URL");
  if (url == nullptr) {
    std::cerr << "usage: example ws://host:port/rpc (or set SURREALCAF_URL)\n";
    std::exit(2);
  }
  return url;
}
