// make_uuid_v7: RFC 9562 version 7 with a counter for monotonicity within a
// millisecond ("Method 1: fixed-length dedicated counter bits", 26 bits).

#include "surrealcaf/uuid_v7.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <random>

#include <unistd.h>

namespace surrealcaf {

namespace {

constexpr int counter_bits = 26;
constexpr uint32_t counter_max = (uint32_t{1} << counter_bits) - 1;
// A new millisecond starts the counter at a random value below half its
// range, so it has room for 2^25 increments before borrowing a millisecond.
constexpr uint32_t counter_seed_mask = (uint32_t{1} << (counter_bits - 1)) - 1;

class v7_state {
public:
  uuid next() {
    std::lock_guard<std::mutex> guard{mtx_};
    auto pid = ::getpid();
    if (pid != pid_) {
      // First use, or a forked child: never continue the parent's sequence.
      seed();
      pid_ = pid;
      last_ms_ = 0;
    }
    auto now = std::chrono::system_clock::now().time_since_epoch();
    auto ms = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now).count());
    ms &= (uint64_t{1} << 48) - 1;
    if (ms > last_ms_) {
      last_ms_ = ms;
      counter_ = static_cast<uint32_t>(rng_()) & counter_seed_mask;
    } else if (counter_ < counter_max) {
      ++counter_;
    } else {
      ++last_ms_;
      counter_ = static_cast<uint32_t>(rng_()) & counter_seed_mask;
    }
    return compose(last_ms_, counter_, rng_());
  }

private:
  void seed() {
    std::random_device device;
    std::array<std::random_device::result_type, 8> words{};
    for (auto& w : words)
      w = device();
    std::seed_seq seq(words.begin(), words.end());
    rng_.seed(seq);
  }

  // unix_ts_ms (48) | ver 0111 | counter high 12 (rand_a) | var 10 |
  // counter low 14 | random 48.
  static uuid compose(uint64_t ms, uint32_t counter, uint64_t random) {
    uuid u{};
    for (int i = 0; i < 6; ++i)
      u.data[i] = static_cast<uint8_t>(ms >> (40 - 8 * i));
    auto high = counter >> 14;    // 12 bits
    auto low = counter & 0x3FFFu; // 14 bits
    u.data[6] = static_cast<uint8_t>(0x70 | (high >> 8));
    u.data[7] = static_cast<uint8_t>(high & 0xFF);
    u.data[8] = static_cast<uint8_t>(0x80 | (low >> 8));
    u.data[9] = static_cast<uint8_t>(low & 0xFF);
    for (int i = 0; i < 6; ++i)
      u.data[10 + i] = static_cast<uint8_t>(random >> (40 - 8 * i));
    return u;
  }

  std::mutex mtx_;
  std::mt19937_64 rng_;
  pid_t pid_ = 0;
  uint64_t last_ms_ = 0;
  uint32_t counter_ = 0;
};

// Never destroyed: threads still running at exit may call it.
v7_state& state() {
  static auto* instance = new v7_state;
  return *instance;
}

} // namespace

uuid make_uuid_v7() {
  return state().next();
}

} // namespace surrealcaf
