#define CAF_SUITE cbor_malformed

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "cbor_test_util.hpp"

using namespace surrealcaf;
using cbor_test::failure_of;
using cbor_test::unhex;

// Every check states the exact reason and offset: "reason at byte N".

CAF_TEST(truncated input) {
  CAF_CHECK_EQUAL(failure_of(""), "truncated at byte 0");
  // Argument bytes missing.
  CAF_CHECK_EQUAL(failure_of("18"), "truncated at byte 0");
  CAF_CHECK_EQUAL(failure_of("1a 0000"), "truncated at byte 0");
  CAF_CHECK_EQUAL(failure_of("fb 3ff8"), "truncated at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01 19 01"), "truncated at byte 2");
  // Items missing from an array, a map value, a tag payload.
  CAF_CHECK_EQUAL(failure_of("82 82 01 02"), "truncated at byte 4");
  CAF_CHECK_EQUAL(failure_of("a1 6161"), "truncated at byte 3");
  CAF_CHECK_EQUAL(failure_of("c6"), "truncated at byte 1");
  CAF_CHECK_EQUAL(failure_of("cc 82 01 1a00"), "truncated at byte 3");
  // Indefinite items without their break.
  CAF_CHECK_EQUAL(failure_of("9f 01"), "truncated at byte 2");
  CAF_CHECK_EQUAL(failure_of("bf"), "truncated at byte 1");
  CAF_CHECK_EQUAL(failure_of("7f 6161"), "truncated at byte 3");
  CAF_CHECK_EQUAL(failure_of("cc 9f 01 02"), "truncated at byte 4");
}

CAF_TEST(lengths beyond the input) {
  CAF_CHECK_EQUAL(failure_of("62 61"), "length_exceeds_input at byte 0");
  CAF_CHECK_EQUAL(failure_of("44 010203"), "length_exceeds_input at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01 7b ffffffffffffffff"), "length_exceeds_input at byte 2");
  CAF_CHECK_EQUAL(failure_of("5b 7fffffffffffffff 00"), "length_exceeds_input at byte 0");
  // 2^60 items: refused from the header alone, nothing reserved.
  CAF_CHECK_EQUAL(failure_of("9b 1000000000000000 00"), "length_exceeds_input at byte 0");
  CAF_CHECK_EQUAL(failure_of("83 01 02"), "length_exceeds_input at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01"), "length_exceeds_input at byte 0");
  // A map entry takes at least two bytes.
  CAF_CHECK_EQUAL(failure_of("bb 0fffffffffffffff"), "length_exceeds_input at byte 0");
  CAF_CHECK_EQUAL(failure_of("a2 6161 01"), "length_exceeds_input at byte 0");
  // Inside tags and indefinite strings.
  CAF_CHECK_EQUAL(failure_of("d825 50 0102"), "length_exceeds_input at byte 2");
  CAF_CHECK_EQUAL(failure_of("cc 9a 7fffffff"), "length_exceeds_input at byte 1");
  CAF_CHECK_EQUAL(failure_of("7f 65 6161 ff"), "length_exceeds_input at byte 1");
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
  // The default limit: 128 open arrays are fine, 129 are not.
  CAF_CHECK_EQUAL(failure_of(nested(cbor::default_max_depth, 0x81, "00")), "ok");
  CAF_CHECK_EQUAL(failure_of(nested(cbor::default_max_depth + 1, 0x81, "00")),
                  "too_deep at byte 128");
  // Maps, tags and indefinite arrays count alike.
  CAF_CHECK_EQUAL(failure_of(nested(200, 0xc6, "f6")), "too_deep at byte 128");
  CAF_CHECK_EQUAL(failure_of(nested(100000, 0x9f, "")), "too_deep at byte 128");
  std::vector<uint8_t> maps;
  for (size_t i = 0; i < 200; ++i)
    for (auto b : unhex("a1 6161"))
      maps.push_back(b);
  maps.push_back(0);
  CAF_CHECK_EQUAL(failure_of(maps), "too_deep at byte 384");
  // A custom limit; geometry collections nest too.
  cbor::decode_options opts;
  opts.max_depth = 2;
  CAF_CHECK_EQUAL(failure_of("81 81 00", opts), "ok");
  CAF_CHECK_EQUAL(failure_of("81 81 81 00", opts), "too_deep at byte 2");
  CAF_CHECK_EQUAL(failure_of("cc 82 01 02", opts), "ok");
  CAF_CHECK_EQUAL(failure_of("81 cc 82 01 02", opts), "too_deep at byte 2");
  CAF_CHECK_EQUAL(failure_of("d85e 81 d85e 80", opts), "too_deep at byte 3");
}

CAF_TEST(map keys that are not text) {
  CAF_CHECK_EQUAL(failure_of("a1 01 02"), "non_string_key at byte 1");
  CAF_CHECK_EQUAL(failure_of("a1 41 61 02"), "non_string_key at byte 1");
  CAF_CHECK_EQUAL(failure_of("a1 c7 6161 02"), "non_string_key at byte 1");
  CAF_CHECK_EQUAL(failure_of("bf 6161 01 f6 02 ff"), "non_string_key at byte 4");
}

CAF_TEST(tags outside the dialect) {
  CAF_CHECK_EQUAL(failure_of("c1 00"), "unknown_tag at byte 0");            // epoch time
  CAF_CHECK_EQUAL(failure_of("c2 41 01"), "unknown_tag at byte 0");         // bignum
  CAF_CHECK_EQUAL(failure_of("cb 41 01"), "unknown_tag at byte 0");         // binary decimal
  CAF_CHECK_EQUAL(failure_of("cf 00"), "unknown_tag at byte 0");            // 2.x future
  CAF_CHECK_EQUAL(failure_of("d8 32 01"), "unknown_tag at byte 0");         // bound outside a range
  CAF_CHECK_EQUAL(failure_of("d9 d9f7 00"), "unknown_tag at byte 0");       // self-describe
  CAF_CHECK_EQUAL(failure_of("82 01 db ffffffffffffffff 00"), "unknown_tag at byte 2");
  // Also inside a NONE payload, which must itself be valid.
  CAF_CHECK_EQUAL(failure_of("c6 c1 00"), "unknown_tag at byte 1");
}

CAF_TEST(invalid utf8 in text) {
  CAF_CHECK_EQUAL(failure_of("61 80"), "invalid_utf8 at byte 1");          // lone continuation
  CAF_CHECK_EQUAL(failure_of("62 c0 80"), "invalid_utf8 at byte 1");       // overlong NUL
  CAF_CHECK_EQUAL(failure_of("62 c1 bf"), "invalid_utf8 at byte 1");       // overlong 2-byte
  CAF_CHECK_EQUAL(failure_of("63 e0 9f bf"), "invalid_utf8 at byte 1");    // overlong 3-byte
  CAF_CHECK_EQUAL(failure_of("64 f0 8f bf bf"), "invalid_utf8 at byte 1"); // overlong 4-byte
  CAF_CHECK_EQUAL(failure_of("63 ed a0 80"), "invalid_utf8 at byte 1");    // U+D800
  CAF_CHECK_EQUAL(failure_of("63 ed bf bf"), "invalid_utf8 at byte 1");    // U+DFFF
  CAF_CHECK_EQUAL(failure_of("64 f4 90 80 80"), "invalid_utf8 at byte 1"); // U+110000
  CAF_CHECK_EQUAL(failure_of("64 f5 80 80 80"), "invalid_utf8 at byte 1");
  CAF_CHECK_EQUAL(failure_of("61 ff"), "invalid_utf8 at byte 1");
  CAF_CHECK_EQUAL(failure_of("63 e2 82 41"), "invalid_utf8 at byte 1");    // bad continuation
  CAF_CHECK_EQUAL(failure_of("62 41 e2"), "invalid_utf8 at byte 2");       // cut by the length
  // Past the eight-byte ASCII fast path, the offset is still exact.
  CAF_CHECK_EQUAL(failure_of("6c 6162636465666768696a 80 6b"), "invalid_utf8 at byte 11");
  // Map keys, tag payloads, and chunks that split a code point.
  CAF_CHECK_EQUAL(failure_of("a1 61 80 01"), "invalid_utf8 at byte 2");
  CAF_CHECK_EQUAL(failure_of("c7 61 80"), "invalid_utf8 at byte 2");
  CAF_CHECK_EQUAL(failure_of("7f 61 c3 61 bc ff"), "invalid_utf8 at byte 2");
  // Byte strings are not text.
  CAF_CHECK_EQUAL(failure_of("41 80"), "ok");
}

CAF_TEST(tag payloads of the wrong shape) {
  const std::string bad = "invalid_tag_payload at byte 0";
  CAF_CHECK_EQUAL(failure_of("c7 01"), bad);                         // table: not text
  CAF_CHECK_EQUAL(failure_of("ca fb 3ff8000000000000"), bad);        // decimal: not text
  CAF_CHECK_EQUAL(failure_of("cc 83 01 02 03"), bad);                // datetime: 3 elements
  CAF_CHECK_EQUAL(failure_of("cc 81 01"), bad);                      // datetime: 1 element
  CAF_CHECK_EQUAL(failure_of("cc 82 01 1a3b9aca00"), bad);           // nanos = 10^9
  CAF_CHECK_EQUAL(failure_of("cc 82 01 20"), bad);                   // negative nanos
  CAF_CHECK_EQUAL(failure_of("cc 82 1b8000000000000000 00"), bad);   // seconds > int64
  CAF_CHECK_EQUAL(failure_of("cc 6161"), bad);                       // datetime: text
  CAF_CHECK_EQUAL(failure_of("cc 82 f6 00"), bad);                   // seconds: null
  CAF_CHECK_EQUAL(failure_of("ce 83 01 02 03"), bad);                // duration: 3 elements
  CAF_CHECK_EQUAL(failure_of("ce 81 20"), bad);                      // negative seconds
  CAF_CHECK_EQUAL(failure_of("ce 82 01 1a3b9aca00"), bad);           // nanos = 10^9
  CAF_CHECK_EQUAL(failure_of("d825 4f 0123456789abcdef0123456789abcd"), bad); // 15 bytes
  CAF_CHECK_EQUAL(failure_of("d825 51 0123456789abcdef0123456789abcdef00"), bad);
  CAF_CHECK_EQUAL(failure_of("d825 5f 41 01 ff"), bad);              // indefinite, 1 byte
  CAF_CHECK_EQUAL(failure_of("d825 6161"), bad);                     // uuid: text
  CAF_CHECK_EQUAL(failure_of("c9 63 78797a"), bad);                  // uuid text: not a uuid
  CAF_CHECK_EQUAL(failure_of("c9 50 0123456789abcdef0123456789abcdef"), bad);
  CAF_CHECK_EQUAL(failure_of("c8 81 6174"), bad);                    // record id: 1 element
  CAF_CHECK_EQUAL(failure_of("c8 83 6174 01 02"), bad);              // record id: 3 elements
  CAF_CHECK_EQUAL(failure_of("c8 82 01 01"), bad);                   // table not text
  CAF_CHECK_EQUAL(failure_of("c8 82 6174 fb3ff8000000000000"), bad); // float key
  CAF_CHECK_EQUAL(failure_of("c8 82 6174 c6f6"), bad);               // NONE key
  CAF_CHECK_EQUAL(failure_of("c8 82 6174 c8 82 6174 01"), bad);      // record id key
  CAF_CHECK_EQUAL(failure_of("c8 82 6174 d831 82 d832 f5 f6"), bad); // range of bool keys
  CAF_CHECK_EQUAL(failure_of("c8 63 616263"), bad);                  // text without colon
  CAF_CHECK_EQUAL(failure_of("c8 62 3a61"), bad);                    // empty table
  CAF_CHECK_EQUAL(failure_of("c8 62 613a"), bad);                    // empty key
  CAF_CHECK_EQUAL(failure_of("c8 01"), bad);                         // record id: int
  CAF_CHECK_EQUAL(failure_of("d831 82 01 02"), bad);                 // bounds not tagged
  CAF_CHECK_EQUAL(failure_of("d831 82 d834 01 f6"), bad);            // tag 52 as a bound
  CAF_CHECK_EQUAL(failure_of("d831 83 f6 f6 f6"), bad);              // range: 3 elements
  CAF_CHECK_EQUAL(failure_of("d837 82 6161 01"), bad);               // file key not text
  CAF_CHECK_EQUAL(failure_of("d837 81 6161"), bad);                  // file: 1 element
  CAF_CHECK_EQUAL(failure_of("d838 a0"), bad);                       // set: a map
  CAF_CHECK_EQUAL(failure_of("d858 82 6161 6162"), bad);             // point of strings
  CAF_CHECK_EQUAL(failure_of("d858 83 01 02 03"), bad);              // point: 3 numbers
  CAF_CHECK_EQUAL(failure_of("d858 82 01 ca 62 312e"), bad);         // decimal coordinate
  CAF_CHECK_EQUAL(failure_of("d859 81 01"), bad);                    // line of an int
  CAF_CHECK_EQUAL(failure_of("d859 81 d85b 80"), bad);               // line of a multipoint
  CAF_CHECK_EQUAL(failure_of("d85a 80"), bad);                       // polygon without rings
  CAF_CHECK_EQUAL(failure_of("d85d 81 d859 80"), bad);               // multipolygon of a line
  CAF_CHECK_EQUAL(failure_of("d85e 81 01"), bad);                    // collection of an int
  CAF_CHECK_EQUAL(failure_of("d85e 81 cc 82 00 00"), bad);           // collection of a datetime
  // The offset names the innermost tag whose payload is wrong.
  CAF_CHECK_EQUAL(failure_of("82 01 cc 83 01 02 03"), "invalid_tag_payload at byte 2");
  CAF_CHECK_EQUAL(failure_of("d859 81 d858 81 01"), "invalid_tag_payload at byte 3");
}

CAF_TEST(bytes after the top level item) {
  CAF_CHECK_EQUAL(failure_of("00 00"), "trailing_bytes at byte 1");
  CAF_CHECK_EQUAL(failure_of("f6 ff"), "trailing_bytes at byte 1");
  CAF_CHECK_EQUAL(failure_of("82 01 02 03"), "trailing_bytes at byte 3");
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
  CAF_CHECK_EQUAL(failure_of("ff"), "unexpected_break at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01 ff"), "unexpected_break at byte 2");
  CAF_CHECK_EQUAL(failure_of("a1 ff 00"), "unexpected_break at byte 1");
  CAF_CHECK_EQUAL(failure_of("bf 6161 ff"), "unexpected_break at byte 3"); // instead of a value
  CAF_CHECK_EQUAL(failure_of("c6 ff"), "unexpected_break at byte 1");
  CAF_CHECK_EQUAL(failure_of("cc 82 ff 00"), "unexpected_break at byte 2");
  CAF_CHECK_EQUAL(failure_of("d858 82 01 ff"), "unexpected_break at byte 4");
}

CAF_TEST(indefinite lengths where none are allowed) {
  CAF_CHECK_EQUAL(failure_of("1f"), "invalid_indefinite_length at byte 0");
  CAF_CHECK_EQUAL(failure_of("3f"), "invalid_indefinite_length at byte 0");
  CAF_CHECK_EQUAL(failure_of("df 00"), "invalid_indefinite_length at byte 0");
  // Chunks of another type, or indefinite chunks.
  CAF_CHECK_EQUAL(failure_of("7f 01 ff"), "invalid_indefinite_length at byte 1");
  CAF_CHECK_EQUAL(failure_of("7f 41 61 ff"), "invalid_indefinite_length at byte 1");
  CAF_CHECK_EQUAL(failure_of("5f 61 61 ff"), "invalid_indefinite_length at byte 1");
  CAF_CHECK_EQUAL(failure_of("7f 7f ff ff"), "invalid_indefinite_length at byte 1");
}

CAF_TEST(integers outside int64) {
  CAF_CHECK_EQUAL(failure_of("1b 8000000000000000"), "integer_out_of_range at byte 0");
  CAF_CHECK_EQUAL(failure_of("1b ffffffffffffffff"), "integer_out_of_range at byte 0");
  CAF_CHECK_EQUAL(failure_of("3b 8000000000000000"), "integer_out_of_range at byte 0");
  CAF_CHECK_EQUAL(failure_of("81 1b ffffffffffffffff"), "integer_out_of_range at byte 1");
  CAF_CHECK_EQUAL(failure_of("c8 82 6174 1b8000000000000000"), "integer_out_of_range at byte 4");
  // The edges themselves decode.
  CAF_CHECK_EQUAL(failure_of("1b 7fffffffffffffff"), "ok");
  CAF_CHECK_EQUAL(failure_of("3b 7fffffffffffffff"), "ok");
}

CAF_TEST(simple values without a SurrealDB kind) {
  CAF_CHECK_EQUAL(failure_of("f7"), "unsupported_item at byte 0"); // undefined
  CAF_CHECK_EQUAL(failure_of("e0"), "unsupported_item at byte 0"); // simple(0)
  CAF_CHECK_EQUAL(failure_of("f3"), "unsupported_item at byte 0"); // simple(19)
  CAF_CHECK_EQUAL(failure_of("f8 20"), "unsupported_item at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01 f7"), "unsupported_item at byte 2");
  CAF_CHECK_EQUAL(failure_of("f8"), "truncated at byte 0");
}
