#define CAF_SUITE cbor_scan

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "cbor_test_util.hpp"

using namespace surrealcaf;
using cbor_test::unhex;

namespace {

std::optional<int64_t> id_of(const std::vector<uint8_t>& bytes) {
  return cbor::top_level_id(bytes.data(), bytes.size());
}

std::optional<int64_t> id_of(const std::string& hex) {
  return id_of(unhex(hex));
}

} // namespace

CAF_TEST(the top level id of a map) {
  CAF_CHECK(id_of(cbor::encode(value{{"id", 7}, {"result", 1}})) == 7);
  CAF_CHECK(id_of(cbor::encode(value{{"error", value{{"id", 3}}}, {"id", -9}})) == -9);
  CAF_CHECK(id_of(cbor::encode(value{{"id", INT64_MAX}})) == INT64_MAX);
  CAF_CHECK(id_of(cbor::encode(value{{"id", INT64_MIN}})) == INT64_MIN);
  // Indefinite map; an indefinite text key is skipped, not compared.
  CAF_CHECK(id_of("bf 7f 6169 6164 ff 01 62 6964 02 ff") == 2);
}

CAF_TEST(values before the id are skipped by their heads alone) {
  // {"result": "\xc3(" (bad UTF-8), "x": 55555(0) (unknown tag),
  //  "y": [_ [_ 1]] (indefinite), "z": h'00', "id": 5}
  CAF_CHECK(id_of("a5 66 726573756c74 62 c328 61 78 d9d903 00 61 79 9f 9f 01 ff ff"
                  " 61 7a 41 00 62 6964 05")
            == 5);
  // Non-text keys are skipped too.
  CAF_CHECK(id_of("a2 01 82 01 02 62 6964 06") == 6);
}

CAF_TEST(no id when there is none to be had) {
  CAF_CHECK(!id_of(""));
  CAF_CHECK(!id_of("82 01 02"));                  // not a map
  CAF_CHECK(!id_of("a1 66 726573756c74 01"));     // no id
  CAF_CHECK(!id_of("a1 62 6964 61 31"));           // text id
  CAF_CHECK(!id_of("a1 62 6964 1b ffffffffffffffff"));  // above INT64_MAX
  CAF_CHECK(!id_of("a1 62 6964 3b ffffffffffffffff"));  // below INT64_MIN
  CAF_CHECK(!id_of("a1 62 6964"));                 // cut short
  CAF_CHECK(!id_of("bf ff"));                      // empty
  // A value claiming more items or bytes than there are hides the id.
  CAF_CHECK(!id_of("a2 61 78 9b ffffffffffffffff 62 6964 01"));
  CAF_CHECK(!id_of("a2 61 78 5a ffffffff 62 6964 01"));
  CAF_CHECK(!id_of("a2 61 78 bb 7fffffffffffffff 62 6964 01"));
  // Reserved additional information.
  CAF_CHECK(!id_of("a2 61 78 1c 62 6964 01"));
}

CAF_TEST(a repeated id keeps its last value as in decode) {
  CAF_CHECK(!id_of("a2 62 6964 01 62 6964 61 78"));  // {id: 1, id: "x"}
  CAF_CHECK(id_of("a2 62 6964 61 78 62 6964 02") == 2);  // {id: "x", id: 2}
  CAF_CHECK(id_of("a2 62 6964 01 62 6964 03") == 3);
  // An id before a body that breaks off still counts.
  CAF_CHECK(id_of("a2 62 6964 04 61 78 9b ffffffffffffffff") == 4);
  CAF_CHECK(id_of("a3 62 6964 05 61 78 00") == 5);  // one entry missing
}

CAF_TEST(a million levels before the id cost no recursion) {
  constexpr size_t million = 1000000;
  std::vector<uint8_t> frame{0xa2, 0x61, 'x'};
  frame.insert(frame.end(), million, 0x81);
  frame.push_back(0x00);
  for (auto b : unhex("62 6964 18 2a"))
    frame.push_back(b);
  CAF_CHECK(id_of(frame) == 42);
  std::vector<uint8_t> indefinite{0xa2, 0x61, 'x'};
  indefinite.insert(indefinite.end(), million, 0x9f);
  indefinite.insert(indefinite.end(), million, 0xff);
  for (auto b : unhex("62 6964 18 2b"))
    indefinite.push_back(b);
  CAF_CHECK(id_of(indefinite) == 43);
  // Tags and maps nest a million deep as well.
  std::vector<uint8_t> tags{0xa2, 0x61, 'x'};
  for (size_t i = 0; i < million; ++i)
    for (auto b : unhex("c6 a1 6161"))
      tags.push_back(b);
  tags.push_back(0x00);
  for (auto b : unhex("62 6964 18 2c"))
    tags.push_back(b);
  CAF_CHECK(id_of(tags) == 44);
}
