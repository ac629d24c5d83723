#include "stack_room.hpp"

#include <pthread.h>

#include <cstdint>

namespace surrealcaf::detail {

namespace {

// The lowest address of this thread's stack (stacks grow down here), asked
// once per thread: for the main thread glibc reads /proc/self/maps.
uintptr_t stack_floor() noexcept {
  thread_local const uintptr_t floor = [] {
    uintptr_t result = 0;
    pthread_attr_t attr;
    if (pthread_getattr_np(pthread_self(), &attr) != 0)
      return result;
    void* addr = nullptr;
    size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0)
      result = reinterpret_cast<uintptr_t>(addr);
    pthread_attr_destroy(&attr);
    return result;
  }();
  return floor;
}

} // namespace

size_t stack_room() noexcept {
  auto floor = stack_floor();
  if (floor == 0)
    return SIZE_MAX;
  char here = 0;
  // The address of a local: where this frame is, near the caller's.
  auto at = reinterpret_cast<uintptr_t>(&here);
  return at > floor ? static_cast<size_t>(at - floor) : 0;
}

} // namespace surrealcaf::detail
