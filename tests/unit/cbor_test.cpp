#define CAF_SUITE cbor

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "surrealcaf/errc.hpp"

#include "cbor_test_util.hpp"
#include "uuid_of.hpp"

using namespace surrealcaf;
using cbor_test::decoded;
using cbor_test::encoded;
using cbor_test::hex;
using cbor_test::unhex;

namespace {

const uuid sample_uuid = test::uuid_of("01234567-89ab-cdef-0123-456789abcdef");
const std::string sample_uuid_hex = "d825 50 0123456789abcdef0123456789abcdef";

// Points (0, 0) and (1, 1) and the line, ring and polygon built from them.
const std::string p0 = "d858 82 fb0000000000000000 fb0000000000000000";
const std::string p1 = "d858 82 fb3ff0000000000000 fb3ff0000000000000";
const line line01{{{0, 0}, {1, 1}}};
const std::string line01_hex = "d859 82 " + p0 + p1;
const polygon triangle{{line{{{0, 0}, {1, 1}, {0, 0}}}}};
const std::string triangle_hex = "d85a 81 d859 83 " + p0 + p1 + p0;

// Hex of UTF-8 text.
std::string text_hex(const std::string& text) {
  return hex(std::vector<uint8_t>(text.begin(), text.end()));
}

struct encoding_case {
  std::string name;
  value x;
  std::string hex; // may contain spaces
};

std::vector<encoding_case> encoding_cases() {
  const auto i64_max = std::numeric_limits<int64_t>::max();
  const auto i64_min = std::numeric_limits<int64_t>::min();
  const std::string big_decimal = "3.14159265358979323846264338327950288419716939937510";
  return {
    {"none", none, "c6 f6"},
    {"null", null, "f6"},
    {"true", true, "f5"},
    {"false", false, "f4"},
    // Shortest integer forms on both sides of every boundary.
    {"0", 0, "00"},
    {"23", 23, "17"},
    {"24", 24, "18 18"},
    {"255", 255, "18 ff"},
    {"256", 256, "19 0100"},
    {"65535", 65535, "19 ffff"},
    {"65536", 65536, "1a 00010000"},
    {"2^32-1", int64_t{4294967295}, "1a ffffffff"},
    {"2^32", int64_t{4294967296}, "1b 0000000100000000"},
    {"int64 max", i64_max, "1b 7fffffffffffffff"},
    {"-1", -1, "20"},
    {"-24", -24, "37"},
    {"-25", -25, "38 18"},
    {"-256", -256, "38 ff"},
    {"-257", -257, "39 0100"},
    {"-65536", -65536, "39 ffff"},
    {"-65537", -65537, "3a 00010000"},
    {"-2^32", int64_t{-4294967296}, "3a ffffffff"},
    {"-2^32-1", int64_t{-4294967297}, "3b 0000000100000000"},
    {"int64 min", i64_min, "3b 7fffffffffffffff"},
    // Floats are always doubles.
    {"1.5", 1.5, "fb 3ff8000000000000"},
    {"-0.0", -0.0, "fb 8000000000000000"},
    {"infinity", std::numeric_limits<double>::infinity(), "fb 7ff0000000000000"},
    {"float 1.0", 1.0f, "fb 3ff0000000000000"},
    {"empty string", "", "60"},
    {"a", "a", "61 61"},
    {"u umlaut", "\xc3\xbc", "62 c3bc"},
    {"24-char string", "abcdefghijklmnopqrstuvwx",
     "78 18 6162636465666768696a6b6c6d6e6f707172737475767778"},
    {"empty bytes", bytes{}, "40"},
    {"bytes", bytes{1, 2, 3}, "43 010203"},
    {"empty array", value::array{}, "80"},
    {"array", value::array{1, "a"}, "82 01 6161"},
    {"array with NONE", value::array{none, null, none}, "83 c6f6 f6 c6f6"},
    {"24-element array", value::array(24, value{0}), "98 18" + std::string(48, '0')},
    {"empty object", value::object{}, "a0"},
    {"object with NONE", value::object{{"a", 1}, {"b", none}}, "a2 6161 01 6162 c6f6"},
    {"nested object", value::object{{"x", value::object{{"y", value::array{none}}}}},
     "a1 6178 a1 6179 81 c6f6"},
    {"decimal", decimal{"-0.5"}, "ca 64 2d302e35"},
    {"big decimal", decimal{big_decimal}, "ca 78 34" + text_hex(big_decimal)},
    {"uuid", sample_uuid, sample_uuid_hex},
    {"datetime", datetime{1700000000, 0}, "cc 82 1a6553f100 00"},
    {"epoch", datetime{0, 0}, "cc 82 00 00"},
    {"half a second before 1970", datetime{-1, 500000000}, "cc 82 20 1a1dcd6500"},
    {"year 1", datetime{-62135596800, 0}, "cc 82 3b0000000e7791f6ff 00"},
    {"zero duration", duration{}, "ce 80"},
    {"whole-second duration", duration{90, 0}, "ce 81 185a"},
    {"nanosecond duration", duration{0, 1}, "ce 82 00 01"},
    {"duration with nanos", duration{1, 500000000}, "ce 82 01 1a1dcd6500"},
    {"huge duration", duration{std::numeric_limits<uint64_t>::max(), 999999999},
     "ce 82 1bffffffffffffffff 1a3b9ac9ff"},
    {"table", table{"person"}, "c7 66 706572736f6e"},
    {"record id int key", record_id{"person", 1}, "c8 82 66706572736f6e 01"},
    {"record id negative key", record_id{"person", -5}, "c8 82 66706572736f6e 24"},
    {"record id string key", record_id{"person", "tobie"},
     "c8 82 66706572736f6e 65746f626965"},
    {"record id uuid key", record_id{"t", sample_uuid}, "c8 82 6174 " + sample_uuid_hex},
    {"record id array key", record_id{"t", value::array{"a", 1}}, "c8 82 6174 82 6161 01"},
    {"record id object key", record_id{"t", value::object{{"a", 1}}}, "c8 82 6174 a1 6161 01"},
    {"record id range key", record_id{"t", range{bound::included(1), bound::excluded(10)}},
     "c8 82 6174 d831 82 d832 01 d833 0a"},
    {"record id half-open range key", record_id{"t", range{bound::unbounded(), bound::included(5)}},
     "c8 82 6174 d831 82 f6 d832 05"},
    {"range included", range{bound::included(1), bound::included(10)},
     "d831 82 d832 01 d832 0a"},
    {"range excluded", range{bound::excluded("a"), bound::excluded("z")},
     "d831 82 d833 6161 d833 617a"},
    {"range unbounded", range{}, "d831 82 f6 f6"},
    {"range from", range{bound::included(1), bound::unbounded()}, "d831 82 d832 01 f6"},
    {"point", point{1.5, 2.5}, "d858 82 fb3ff8000000000000 fb4004000000000000"},
    {"line", geometry{line01}, line01_hex},
    {"polygon", geometry{triangle}, triangle_hex},
    {"multipoint", geometry{multi_point{{{0, 0}, {1, 1}}}}, "d85b 82 " + p0 + p1},
    {"multiline", geometry{multi_line{{line01}}}, "d85c 81 " + line01_hex},
    {"multipolygon", geometry{multi_polygon{{triangle}}}, "d85d 81 " + triangle_hex},
    {"collection", geometry{geometry_collection{{geometry{point{0, 0}}, geometry{geometry_collection{}}}}},
     "d85e 82 " + p0 + "d85e 80"},
    {"file", file_ref{"bucket", "a/b.txt"}, "d837 82 666275636b6574 67612f622e747874"},
    {"set", set{{1, "a"}}, "d838 82 01 6161"},
    {"empty set", set{}, "d838 80"},
  };
}

} // namespace

CAF_TEST(every kind encodes to the hand-checked bytes) {
  for (auto& c : encoding_cases()) {
    auto want = hex(unhex(c.hex));
    CAF_CHECK_EQUAL(c.name + ": " + encoded(c.x), c.name + ": " + want);
  }
}

CAF_TEST(the hand-checked bytes decode to the same values) {
  for (auto& c : encoding_cases()) {
    auto result = decoded(c.hex);
    CAF_CHECK_EQUAL(c.name + (result ? ": decodes" : ": fails"), c.name + ": decodes");
    if (result && !(*result == c.x))
      CAF_FAIL(c.name << ": decoded to a different value");
  }
}

CAF_TEST(encode appends to the buffer) {
  std::vector<uint8_t> out{0xaa};
  cbor::encode(value{1}, out);
  cbor::encode(value{"a"}, out);
  CAF_CHECK_EQUAL(hex(out), "aa016161");
}

CAF_TEST(a record with every kind round trips) {
  value record = value::object{
    {"id", record_id{"person", "tobie"}},
    {"missing", none},
    {"nothing", null},
    {"tags", set{{"a", "b"}}},
    {"born", datetime{-86400, 123}},
    {"ttl", duration{3600, 0}},
    {"home", point{-0.1275, 51.507222}},
    {"avatar", file_ref{"images", "tobie.png"}},
    {"balance", decimal{"1234.5600"}},
    {"token", sample_uuid},
    {"raw", bytes{0, 255}},
    {"scores", value::array{1, 2.5, none, "x", value::array{}}},
    {"ages", range{bound::included(18), bound::excluded(65)}},
    {"table", table{"person"}},
  };
  auto bytes = cbor::encode(record);
  auto result = cbor::decode(bytes);
  CAF_REQUIRE(result);
  CAF_CHECK(*result == record);
  CAF_CHECK(cbor::encode(*result) == bytes);
}

CAF_TEST(half and single floats decode to doubles) {
  auto as_double = [](const std::string& hex_text) {
    auto result = decoded(hex_text);
    CAF_REQUIRE(result);
    CAF_REQUIRE(result->is<double>());
    return result->get<double>();
  };
  CAF_CHECK_EQUAL(as_double("f9 3c00"), 1.0);
  CAF_CHECK_EQUAL(as_double("f9 3e00"), 1.5);
  CAF_CHECK_EQUAL(as_double("f9 7bff"), 65504.0);
  CAF_CHECK_EQUAL(as_double("f9 0001"), std::ldexp(1.0, -24)); // smallest subnormal
  CAF_CHECK_EQUAL(as_double("f9 c400"), -4.0);
  // (CAF compares doubles with a tolerance, which infinities never meet.)
  CAF_CHECK(as_double("f9 7c00") == std::numeric_limits<double>::infinity());
  CAF_CHECK(as_double("f9 fc00") == -std::numeric_limits<double>::infinity());
  CAF_CHECK(std::isnan(as_double("f9 7e00")));
  CAF_CHECK(std::signbit(as_double("f9 8000")));
  CAF_CHECK_EQUAL(as_double("fa 47c35000"), 100000.0);
  CAF_CHECK_EQUAL(as_double("fa 3fc00000"), 1.5);
  CAF_CHECK(std::isnan(as_double("fa 7fc00000")));
  CAF_CHECK_EQUAL(as_double("fb 3ff8000000000000"), 1.5);
}

CAF_TEST(integers in longer forms than needed decode) {
  CAF_CHECK(decoded("18 00") == value{0});
  CAF_CHECK(decoded("1b 0000000000000001") == value{1});
  CAF_CHECK(decoded("39 0000") == value{-1});
}

CAF_TEST(indefinite lengths decode) {
  CAF_CHECK(decoded("7f 626161 6162 ff") == value{"aab"});
  CAF_CHECK(decoded("7f ff") == value{""});
  CAF_CHECK(decoded("5f 42 0102 41 03 ff") == value{bytes{1, 2, 3}});
  CAF_CHECK(decoded("9f 01 02 ff") == value{value::array{1, 2}});
  CAF_CHECK(decoded("9f 9f ff 80 ff") == value{value::array{value::array{}, value::array{}}});
  CAF_CHECK(decoded("bf 6161 01 7f 6162 ff 02 ff") == value{value::object{{"a", 1}, {"b", 2}}});
  CAF_CHECK(decoded("82 9f ff bf ff") == value{value::array{value::array{}, value::object{}}});
  // Inside tags too.
  CAF_CHECK(decoded("cc 9f 01 02 ff") == value{datetime{1, 2}});
  CAF_CHECK(decoded("ce 9f 05 ff") == value{duration{5, 0}});
  CAF_CHECK(decoded("c7 7f 6170 6174 ff") == value{table{"pt"}});
  CAF_CHECK(decoded("d825 5f 48 0123456789abcdef 48 0123456789abcdef ff") == value{sample_uuid});
  CAF_CHECK(decoded("d838 9f 01 ff") == value{set{{1}}});
  CAF_CHECK(decoded("d859 9f " + p0 + "ff") == value{geometry{line{{{0, 0}}}}});
}

CAF_TEST(valid utf8 of every length decodes) {
  // A, é (2 bytes), € (3 bytes), 😀 (4 bytes), U+10FFFF, U+FFFF, U+E000.
  CAF_CHECK(decoded("6e 41 c3a9 e282ac f09f9880 f48fbfbf") == value{"A\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf4\x8f\xbf\xbf"});
  CAF_CHECK(decoded("66 efbfbf ee8080") == value{"\xef\xbf\xbf\xee\x80\x80"});
}

CAF_TEST(a repeated map key keeps the last value) {
  CAF_CHECK(decoded("a2 6161 01 6161 02") == value{value::object{{"a", 2}}});
}

CAF_TEST(tag 6 means NONE whatever its payload) {
  CAF_CHECK(decoded("c6 f6") == value{none});
  CAF_CHECK(decoded("c6 01") == value{none});
  CAF_CHECK(decoded("c6 82 01 02") == value{none});
  CAF_CHECK(decoded("a1 6161 c6 80") == value{value::object{{"a", none}}});
}

CAF_TEST(tag 9 decodes a uuid from text) {
  auto text = std::string{"01234567-89ab-cdef-0123-456789abcdef"};
  CAF_CHECK(decoded("c9 7824" + text_hex(text)) == value{sample_uuid});
  // Also as a record id key, which the server allows.
  CAF_CHECK(decoded("c8 82 6174 c9 7824" + text_hex(text)) == value{record_id{"t", sample_uuid}});
}

CAF_TEST(tag 8 decodes a record id from text) {
  auto rid = [](const std::string& text) {
    return decoded("c8 " + hex(cbor::encode(value{text})));
  };
  CAF_CHECK(rid("person:1") == value{record_id{"person", 1}});
  CAF_CHECK(rid("person:tobie") == value{record_id{"person", "tobie"}});
  // Only the first colon splits; an all-digit key that overflows stays text.
  CAF_CHECK(rid("a:b:c") == value{record_id{"a", "b:c"}});
  CAF_CHECK(rid("t:99999999999999999999") == value{record_id{"t", "99999999999999999999"}});
  CAF_CHECK(rid("t:-1") == value{record_id{"t", "-1"}});
}

CAF_TEST(tag 14 accepts its compact forms) {
  CAF_CHECK(decoded("ce 80") == value{duration{}});
  CAF_CHECK(decoded("ce 81 05") == value{duration{5, 0}});
  CAF_CHECK(decoded("ce 82 05 06") == value{duration{5, 6}});
  CAF_CHECK(decoded("ce 82 00 00") == value{duration{}});
}

CAF_TEST(points accept integer and shorter float coordinates) {
  CAF_CHECK(decoded("d858 82 01 20") == value{point{1, -1}});
  CAF_CHECK(decoded("d858 82 f93e00 fa3fc00000") == value{point{1.5, 1.5}});
}

CAF_TEST(record id keys may be ranges of any key kind) {
  CAF_CHECK(decoded("c8 82 6174 d831 82 d832 6161 d833 82 01 02")
            == value{record_id{"t", range{bound::included("a"),
                                          bound::excluded(value::array{1, 2})}}});
}

CAF_TEST(decode reports failures as decode_error with reason and offset) {
  auto bytes = unhex("82 01 c1 00");
  auto result = cbor::decode(bytes);
  CAF_REQUIRE(!result);
  CAF_CHECK_EQUAL(result.error().category(), errc_category);
  CAF_CHECK_EQUAL(result.error().code(), static_cast<uint8_t>(errc::decode_error));
  CAF_CHECK_EQUAL(describe(result.error()), "surrealcaf: decode_error (unknown_tag at byte 2)");
  value ignored;
  auto failure = cbor::try_decode(bytes.data(), bytes.size(), ignored);
  CAF_REQUIRE(failure);
  CAF_CHECK(*failure == (cbor::decode_failure{cbor::decode_reason::unknown_tag, 2}));
  CAF_CHECK_EQUAL(cbor::to_error(*failure), result.error());
}

CAF_TEST(reason names are stable) {
  CAF_CHECK_EQUAL(to_string(cbor::decode_reason::truncated), std::string{"truncated"});
  CAF_CHECK_EQUAL(to_string(cbor::decode_reason::invalid_indefinite_length),
                  std::string{"invalid_indefinite_length"});
  CAF_CHECK_EQUAL(to_string(cbor::decode_failure{cbor::decode_reason::too_deep, 7}),
                  "too_deep at byte 7");
}
