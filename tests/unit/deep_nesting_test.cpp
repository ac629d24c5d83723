// The deepest values the decoders accept are decoded and destroyed on a
// thread with the default stack, and a thread whose stack cannot hold them
// gets a typed refusal instead of a stack overflow: the CBOR decoder recurses
// once per level and checks the stack it has left.
#define CAF_SUITE deep_nesting

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <pthread.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/detail/json_text.hpp"
#include "surrealcaf/json.hpp"

using namespace surrealcaf;

namespace {

// Linux's default thread stack, which CAF's worker threads get, and one far
// too small for the deepest values (a lowered `ulimit -s`, a user's thread).
constexpr size_t default_stack = 8 * 1024 * 1024;
constexpr size_t small_stack = 256 * 1024;

using bytes_t = std::vector<uint8_t>;

// Runs `f` to completion on a new thread with a stack of `stack` bytes. A
// stack overflow there kills the test binary, which fails the test.
template <class F>
void on_stack(size_t stack, F f) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  CAF_REQUIRE_EQUAL(pthread_attr_setstacksize(&attr, stack), 0);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<F*>(arg))();
    return nullptr;
  };
  CAF_REQUIRE_EQUAL(pthread_create(&thread, &attr, run, &f), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// `levels` copies of `open`, then `leaf`, then `levels` copies of `close`.
bytes_t repeat(size_t levels, const bytes_t& open, const bytes_t& leaf, const bytes_t& close = {}) {
  bytes_t result;
  for (size_t i = 0; i < levels; ++i)
    result.insert(result.end(), open.begin(), open.end());
  result.insert(result.end(), leaf.begin(), leaf.end());
  for (size_t i = 0; i < levels; ++i)
    result.insert(result.end(), close.begin(), close.end());
  return result;
}

struct shape {
  const char* name;
  // One unit of nesting and how many levels it opens.
  bytes_t open;
  size_t levels_per_unit;
  bytes_t leaf;
  bytes_t close;
};

// Every kind of nesting the decoder has, each costing its own call chain
// per level (and, for record ids and range bounds, a heap box per level).
std::vector<shape> cbor_shapes() {
  return {
    {"arrays", {0x81}, 1, {0x01}, {}},
    {"maps", {0xa1, 0x61, 'k'}, 1, {0x01}, {}},
    {"indefinite arrays", {0x9f}, 1, {0x01}, {0xff}},
    {"NONE tags", {0xc6}, 1, {0xf6}, {}},
    {"sets", {0xd8, 0x38, 0x81}, 2, {0x01}, {}},
    // 8(["t", [...]]): a record id whose key is an array holding the next.
    {"record id keys", {0xc8, 0x82, 0x61, 't', 0x81}, 3, {0x01}, {}},
    // 49([50(...), null]): a range whose lower bound holds the next.
    {"range bounds", {0xd8, 0x31, 0x82, 0xd8, 0x32}, 3, {0x01}, {0xf6}},
    // 94([94([...])]): geometry collections.
    {"geometry collections", {0xd8, 0x5e, 0x81}, 2, {0xd8, 0x5e, 0x80}, {}},
  };
}

} // namespace

CAF_TEST(the deepest cbor values decode and die on a default stack) {
  for (const auto& s : cbor_shapes()) {
    auto units = (cbor::default_max_depth - 2) / s.levels_per_unit;
    auto bytes = repeat(units, s.open, s.leaf, s.close);
    CAF_MESSAGE(s.name << ": " << units * s.levels_per_unit << " levels");
    bool decoded = false;
    std::string failure;
    on_stack(default_stack, [&] {
      value x;
      if (auto bad = cbor::try_decode(bytes.data(), bytes.size(), x))
        failure = to_string(*bad);
      else
        decoded = true;
      // x dies here, on the same thread.
    });
    CAF_CHECK_EQUAL(failure, "");
    CAF_CHECK(decoded);
    // A few more units are refused.
    auto deeper = repeat(units + 3, s.open, s.leaf, s.close);
    on_stack(default_stack, [&] {
      value x;
      auto bad = cbor::try_decode(deeper.data(), deeper.size(), x);
      failure = bad ? to_string(bad->reason) : "ok";
    });
    CAF_CHECK_EQUAL(failure, "too_deep");
  }
}

CAF_TEST(a thread too small for the deepest cbor values refuses them) {
  for (const auto& s : cbor_shapes()) {
    auto units = (cbor::default_max_depth - 2) / s.levels_per_unit;
    auto bytes = repeat(units, s.open, s.leaf, s.close);
    CAF_MESSAGE(s.name);
    std::string failure;
    on_stack(small_stack, [&] {
      value x;
      auto bad = cbor::try_decode(bytes.data(), bytes.size(), x);
      failure = bad ? to_string(bad->reason) : "ok";
    });
    CAF_CHECK_EQUAL(failure, "too_deep");
  }
}

CAF_TEST(values as deep as the engine hands out decode) {
  // The engine builds and returns values 1,500 levels deep (say, a field
  // wrapped in an array in a loop), inside a reply envelope a few levels
  // deep.
  value x = 1;
  for (size_t i = 0; i < 1505; ++i)
    x = value::array{std::move(x)};
  auto bytes = cbor::encode(x);
  auto back = cbor::decode(bytes);
  CAF_REQUIRE(back);
  CAF_CHECK(*back == x);
}

CAF_TEST(the deepest json documents parse and die on a small stack) {
  auto arrays = std::string(json_max_depth, '[') + "1" + std::string(json_max_depth, ']');
  std::string objects;
  for (size_t i = 0; i < json_max_depth; ++i)
    objects += "{\"k\":";
  objects += "1" + std::string(json_max_depth, '}');
  for (const auto& text : {arrays, objects}) {
    auto doc = nlohmann::json::parse(text);
    bool parsed = false;
    bool converted = false;
    on_stack(small_stack, [&] {
      auto result = detail::parse_json_text(reinterpret_cast<const uint8_t*>(text.data()),
                                            text.size(), json_max_depth);
      parsed = static_cast<bool>(result.doc);
      auto x = from_json(doc);
      converted = !x.is_none();
    });
    CAF_CHECK(parsed);
    CAF_CHECK(converted);
  }
}

CAF_TEST(from_json refuses a document a million levels deep with conversion_error) {
  constexpr size_t million = 1000000;
  // nlohmann parses and destroys iteratively; our walk stops at the limit.
  auto doc = nlohmann::json::parse(std::string(million, '[') + std::string(million, ']'));
  std::string reason;
  try {
    static_cast<void>(from_json(doc));
  } catch (const conversion_error& e) {
    reason = e.reason();
  }
  CAF_CHECK_EQUAL(reason, "nested deeper than " + std::to_string(json_max_depth) + " levels");
  // Exactly at the limit is fine.
  auto limit = nlohmann::json::parse(std::string(json_max_depth, '[')
                                     + std::string(json_max_depth, ']'));
  CAF_CHECK(from_json(limit).is<value::array>());
  auto over = nlohmann::json::parse(std::string(json_max_depth + 1, '[')
                                    + std::string(json_max_depth + 1, ']'));
  bool refused = false;
  try {
    static_cast<void>(from_json(over));
  } catch (const conversion_error&) {
    refused = true;
  }
  CAF_CHECK(refused);
}

CAF_TEST(cbor and json read the same depth) {
  CAF_CHECK_EQUAL(cbor::default_max_depth, json_max_depth);
}
