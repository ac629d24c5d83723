#define CAF_SUITE cbor_malformed

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <initializer_list>
#include <string>
#include <vector>

#include "cbor_test_util.hpp"
#include "text_cases.hpp"

using namespace surrealcaf;
using cbor_test::failure_of;
using cbor_test::unhex;

// Every check states the exact reason and offset: "reason at byte N".

namespace {

// Checks each row: CBOR bytes in hex, and what decoding them gives.
void check_failures(std::initializer_list<test::text_case> rows,
                    const cbor::decode_options& opts = {}) {
  test::check_cases([&](const std::string& hex) { return failure_of(hex, opts); }, rows);
}

// Checks that decoding each of `hex_inputs` fails with `failure`.
void check_all_fail(const std::string& failure, std::initializer_list<std::string> hex_inputs) {
  test::check_cases([](const std::string& hex) { return failure_of(hex); }, hex_inputs, failure);
}

} // namespace

CAF_TEST(truncated input) {
  check_failures({
    {"", "truncated at byte 0"},
    // Argument bytes missing.
    {"18", "truncated at byte 0"},
    {"1a 0000", "truncated at byte 0"},
    {"fb 3ff8", "truncated at byte 0"},
    {"82 01 19 01", "truncated at byte 2"},
    // Items missing from an array, a map value, a tag payload.
    {"82 82 01 02", "truncated at byte 4"},
    {"a1 6161", "truncated at byte 3"},
    {"c6", "truncated at byte 1"},
    {"cc 82 01 1a00", "truncated at byte 3"},
    // Indefinite items without their break.
    {"9f 01", "truncated at byte 2"},
    {"bf", "truncated at byte 1"},
    {"7f 6161", "truncated at byte 3"},
    {"cc 9f 01 02", "truncated at byte 4"},
  });
}

CAF_TEST(lengths beyond the input) {
  check_failures({
    {"62 61", "length_exceeds_input at byte 0"},
    {"44 010203", "length_exceeds_input at byte 0"},
    {"82 01 7b ffffffffffffffff", "length_exceeds_input at byte 2"},
    {"5b 7fffffffffffffff 00", "length_exceeds_input at byte 0"},
    // 2^60 items: refused from the header alone, nothing reserved.
    {"9b 1000000000000000 00", "length_exceeds_input at byte 0"},
    {"83 01 02", "length_exceeds_input at byte 0"},
    {"82 01", "length_exceeds_input at byte 0"},
    // A map entry takes at least two bytes.
    {"bb 0fffffffffffffff", "length_exceeds_input at byte 0"},
    {"a2 6161 01", "length_exceeds_input at byte 0"},
    // Inside tags and indefinite strings.
    {"d825 50 0102", "length_exceeds_input at byte 2"},
    {"cc 9a 7fffffff", "length_exceeds_input at byte 1"},
    {"7f 65 6161 ff", "length_exceeds_input at byte 1"},
  });
}

CAF_TEST(nested headers claiming the whole input reserve little) {
  // 100 nested arrays, each claiming 2^20 items, over 2^20 + 100 bytes: the
  // innermost array fills up, the next one runs dry. Reserving the claimed
  // count at every level would ask for ~7 GB.
  std::vector<uint8_t> bytes;
  for (int i = 0; i < 100; ++i) {
    for (auto b : {0x9a, 0x00, 0x10, 0x00, 0x00})
      bytes.push_back(static_cast<uint8_t>(b));
  }
  bytes.resize(bytes.size() + (1u << 20) + 100, 0x00);
  CAF_CHECK_EQUAL(failure_of(bytes), "truncated at byte " + std::to_string(bytes.size()));
}

CAF_TEST(nesting deeper than the limit) {
  auto nested = [](size_t levels, uint8_t opener, const std::string& leaf) {
    auto bytes = std::vector<uint8_t>(levels, opener);
    for (auto b : unhex(leaf))
      bytes.push_back(b);
    return bytes;
  };
  // The default limit: default_max_depth open arrays are fine, one more is
  // not; the offset is that of the opener one level too deep.
  auto limit = cbor::default_max_depth;
  auto too_deep_at = [](size_t offset) { return "too_deep at byte " + std::to_string(offset); };
  CAF_CHECK_EQUAL(failure_of(nested(limit, 0x81, "00")), "ok");
  CAF_CHECK_EQUAL(failure_of(nested(limit + 1, 0x81, "00")), too_deep_at(limit));
  // Maps, tags and indefinite arrays count alike.
  CAF_CHECK_EQUAL(failure_of(nested(limit + 72, 0xc6, "f6")), too_deep_at(limit));
  CAF_CHECK_EQUAL(failure_of(nested(100000, 0x9f, "")), too_deep_at(limit));
  std::vector<uint8_t> maps;
  for (size_t i = 0; i < limit + 72; ++i)
    for (auto b : unhex("a1 6161"))
      maps.push_back(b);
  maps.push_back(0);
  CAF_CHECK_EQUAL(failure_of(maps), too_deep_at(3 * limit));
  // A custom limit; geometry collections nest too.
  cbor::decode_options opts;
  opts.max_depth = 2;
  check_failures(
    {
      {"81 81 00", "ok"},
      {"81 81 81 00", "too_deep at byte 2"},
      {"cc 82 01 02", "ok"},
      {"81 cc 82 01 02", "too_deep at byte 2"},
      {"d85e 81 d85e 80", "too_deep at byte 3"},
    },
    opts);
}

CAF_TEST(map keys that are not text) {
  check_failures({
    {"a1 01 02", "non_string_key at byte 1"},
    {"a1 41 61 02", "non_string_key at byte 1"},
    {"a1 c7 6161 02", "non_string_key at byte 1"},
    {"bf 6161 01 f6 02 ff", "non_string_key at byte 4"},
  });
}

CAF_TEST(tags outside the dialect) {
  check_failures({
    {"c1 00", "unknown_tag at byte 0"},      // epoch time
    {"c2 41 01", "unknown_tag at byte 0"},   // bignum
    {"cb 41 01", "unknown_tag at byte 0"},   // binary decimal
    {"cf 00", "unknown_tag at byte 0"},      // 2.x future
    {"d8 32 01", "unknown_tag at byte 0"},   // bound outside a range
    {"d9 d9f7 00", "unknown_tag at byte 0"}, // self-describe
    {"82 01 db ffffffffffffffff 00", "unknown_tag at byte 2"},
    // Also inside a NONE payload, which must itself be valid.
    {"c6 c1 00", "unknown_tag at byte 1"},
  });
}

CAF_TEST(invalid utf8 in text) {
  check_failures({
    {"61 80", "invalid_utf8 at byte 1"},          // lone continuation
    {"62 c0 80", "invalid_utf8 at byte 1"},       // overlong NUL
    {"62 c1 bf", "invalid_utf8 at byte 1"},       // overlong 2-byte
    {"63 e0 9f bf", "invalid_utf8 at byte 1"},    // overlong 3-byte
    {"64 f0 8f bf bf", "invalid_utf8 at byte 1"}, // overlong 4-byte
    {"63 ed a0 80", "invalid_utf8 at byte 1"},    // U+D800
    {"63 ed bf bf", "invalid_utf8 at byte 1"},    // U+DFFF
    {"64 f4 90 80 80", "invalid_utf8 at byte 1"}, // U+110000
    {"64 f5 80 80 80", "invalid_utf8 at byte 1"},
    {"61 ff", "invalid_utf8 at byte 1"},
    {"63 e2 82 41", "invalid_utf8 at byte 1"},    // bad continuation
    {"62 41 e2", "invalid_utf8 at byte 2"},       // cut by the length
    // Past the eight-byte ASCII fast path, the offset is still exact.
    {"6c 6162636465666768696a 80 6b", "invalid_utf8 at byte 11"},
    // Map keys, tag payloads, and chunks that split a code point.
    {"a1 61 80 01", "invalid_utf8 at byte 2"},
    {"c7 61 80", "invalid_utf8 at byte 2"},
    {"7f 61 c3 61 bc ff", "invalid_utf8 at byte 2"},
    // Byte strings are not text.
    {"41 80", "ok"},
  });
}

CAF_TEST(tag payloads of the wrong shape) {
  check_all_fail("invalid_tag_payload at byte 0", {
    "c7 01",                                  // table: not text
    "ca fb 3ff8000000000000",                 // decimal: not text
    "cc 83 01 02 03",                         // datetime: 3 elements
    "cc 81 01",                               // datetime: 1 element
    "cc 82 01 1a3b9aca00",                    // nanos = 10^9
    "cc 82 01 20",                            // negative nanos
    "cc 82 1b8000000000000000 00",            // seconds > int64
    "cc 6161",                                // datetime: text
    "cc 82 f6 00",                            // seconds: null
    "ce 83 01 02 03",                         // duration: 3 elements
    "ce 81 20",                               // negative seconds
    "ce 82 01 1a3b9aca00",                    // nanos = 10^9
    "d825 4f 0123456789abcdef0123456789abcd", // 15 bytes
    "d825 51 0123456789abcdef0123456789abcdef00",
    "d825 5f 41 01 ff",                       // indefinite, 1 byte
    "d825 6161",                              // uuid: text
    "c9 63 78797a",                           // uuid text: not a uuid
    "c9 50 0123456789abcdef0123456789abcdef",
    "c8 81 6174",                             // record id: 1 element
    "c8 83 6174 01 02",                       // record id: 3 elements
    "c8 82 01 01",                            // table not text
    "c8 82 6174 fb3ff8000000000000",          // float key
    "c8 82 6174 c6f6",                        // NONE key
    "c8 82 6174 c8 82 6174 01",               // record id key
    "c8 82 6174 d831 82 d832 f5 f6",          // range of bool keys
    "c8 63 616263",                           // text without colon
    "c8 62 3a61",                             // empty table
    "c8 62 613a",                             // empty key
    "c8 01",                                  // record id: int
    "d831 82 01 02",                          // bounds not tagged
    "d831 82 d834 01 f6",                     // tag 52 as a bound
    "d831 83 f6 f6 f6",                       // range: 3 elements
    "d837 82 6161 01",                        // file key not text
    "d837 81 6161",                           // file: 1 element
    "d838 a0",                                // set: a map
    "d858 82 6161 6162",                      // point of strings
    "d858 83 01 02 03",                       // point: 3 numbers
    "d858 82 01 ca 62 312e",                  // decimal coordinate
    "d859 81 01",                             // line of an int
    "d859 81 d85b 80",                        // line of a multipoint
    "d85a 80",                                // polygon without rings
    "d85d 81 d859 80",                        // multipolygon of a line
    "d85e 81 01",                             // collection of an int
    "d85e 81 cc 82 00 00",                    // collection of a datetime
  });
  // The offset names the innermost tag whose payload is wrong.
  check_failures({
    {"82 01 cc 83 01 02 03", "invalid_tag_payload at byte 2"},
    {"d859 81 d858 81 01", "invalid_tag_payload at byte 3"},
  });
}

CAF_TEST(bytes after the top level item) {
  check_failures({
    {"00 00", "trailing_bytes at byte 1"},
    {"f6 ff", "trailing_bytes at byte 1"},
    {"82 01 02 03", "trailing_bytes at byte 3"},
  });
}

CAF_TEST(reserved additional information) {
  for (uint8_t major = 0; major < 8; ++major) {
    for (uint8_t info = 28; info <= 30; ++info) {
      std::vector<uint8_t> bytes{static_cast<uint8_t>(major << 5 | info), 0, 0, 0};
      CAF_CHECK_EQUAL(failure_of(bytes), "reserved_additional_info at byte 0");
    }
  }
  CAF_CHECK_EQUAL(failure_of("82 01 1c"), "reserved_additional_info at byte 2");
}

CAF_TEST(break codes out of place) {
  check_failures({
    {"ff", "unexpected_break at byte 0"},
    {"82 01 ff", "unexpected_break at byte 2"},
    {"a1 ff 00", "unexpected_break at byte 1"},
    {"bf 6161 ff", "unexpected_break at byte 3"}, // instead of a value
    {"c6 ff", "unexpected_break at byte 1"},
    {"cc 82 ff 00", "unexpected_break at byte 2"},
    {"d858 82 01 ff", "unexpected_break at byte 4"},
  });
}

CAF_TEST(indefinite lengths where none are allowed) {
  check_failures({
    {"1f", "invalid_indefinite_length at byte 0"},
    {"3f", "invalid_indefinite_length at byte 0"},
    {"df 00", "invalid_indefinite_length at byte 0"},
    // Chunks of another type, or indefinite chunks.
    {"7f 01 ff", "invalid_indefinite_length at byte 1"},
    {"7f 41 61 ff", "invalid_indefinite_length at byte 1"},
    {"5f 61 61 ff", "invalid_indefinite_length at byte 1"},
    {"7f 7f ff ff", "invalid_indefinite_length at byte 1"},
  });
}

CAF_TEST(integers outside int64) {
  check_failures({
    {"1b 8000000000000000", "integer_out_of_range at byte 0"},
    {"1b ffffffffffffffff", "integer_out_of_range at byte 0"},
    {"3b 8000000000000000", "integer_out_of_range at byte 0"},
    {"81 1b ffffffffffffffff", "integer_out_of_range at byte 1"},
    {"c8 82 6174 1b8000000000000000", "integer_out_of_range at byte 4"},
    // The edges themselves decode.
    {"1b 7fffffffffffffff", "ok"},
    {"3b 7fffffffffffffff", "ok"},
  });
}

CAF_TEST(simple values without a SurrealDB kind) {
  check_failures({
    {"f7", "unsupported_item at byte 0"}, // undefined
    {"e0", "unsupported_item at byte 0"}, // simple(0)
    {"f3", "unsupported_item at byte 0"}, // simple(19)
    {"f8 20", "unsupported_item at byte 0"},
    {"82 01 f7", "unsupported_item at byte 2"},
    {"f8", "truncated at byte 0"},
  });
}
