#pragma once

// Waiting for the server to catch up with something the client did without
// waiting for an answer (a kill sent when a stream is dropped, say).

#include <chrono>
#include <thread>

namespace surrealcaf::test {

/// Polls `done` every 20 ms until it holds or `timeout` has passed, and says
/// whether it held. Generous timeouts cost nothing when all goes well and
/// spare false failures on a loaded machine; the caller checks the outcome.
template <class Predicate>
bool wait_until(Predicate done, std::chrono::milliseconds timeout = std::chrono::seconds{10}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return true;
}

} // namespace surrealcaf::test
