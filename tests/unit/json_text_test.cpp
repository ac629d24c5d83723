#define CAF_SUITE json_text

#include "surrealcaf/detail/json_text.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "surrealcaf/errc.hpp"
#include "surrealcaf/json.hpp"

using namespace surrealcaf;

namespace {

constexpr size_t million = 1000000;

detail::json_text parse(const std::string& text, size_t max_depth = json_max_depth) {
  return detail::parse_json_text(reinterpret_cast<const uint8_t*>(text.data()), text.size(),
                                 max_depth);
}

std::string error_text(const detail::json_text& x) {
  if (x.doc)
    return "ok";
  CAF_CHECK(is(x.doc.error(), errc::decode_error));
  return describe(x.doc.error());
}

bool names(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace

CAF_TEST(text maps to the same value as from_json) {
  auto text = std::string{R"({"a":[1,-2,3.5,"x",true,false,null,{}],"big":18446744073709551615,)"}
              + R"("nested":{"k":[[]],"k2":"\u00e9"},"id":4})";
  auto result = parse(text);
  CAF_REQUIRE(result.doc);
  CAF_CHECK(*result.doc == from_json(nlohmann::json::parse(text)));
  CAF_CHECK((*result.doc)["big"] == value{decimal{"18446744073709551615"}});
  CAF_CHECK(result.id == 4);
}

CAF_TEST(only an integer id at the top level counts) {
  CAF_CHECK(parse(R"({"id":-3,"result":1})").id == -3);
  CAF_CHECK(!parse(R"({"result":{"id":5}})").id);
  CAF_CHECK(!parse(R"([{"id":5}])").id);
  CAF_CHECK(!parse(R"({"id":"5"})").id);
  CAF_CHECK(!parse(R"({"id":[5]})").id);
  CAF_CHECK(!parse(R"({"id":18446744073709551615})").id);
  CAF_CHECK(!parse(R"({"id":{"x":5}})").id);
  CAF_CHECK(!parse(R"({"x":1,"id":null})").id);
  // A repeated key keeps its last value, in the document and for the id.
  CAF_CHECK(!parse(R"({"id":1,"id":"x"})").id);
  CAF_CHECK(parse(R"({"id":"x","id":2})").id == 2);
}

CAF_TEST(invalid text names its offset and nothing of the input) {
  auto result = parse(R"({"id":9,"result":"secret-token" oops})");
  auto text = error_text(result);
  CAF_CHECK(names(text, "invalid JSON at byte"));
  CAF_CHECK(!names(text, "secret"));
  CAF_CHECK(!names(text, "oops"));
  // The id before the failure is still known.
  CAF_CHECK(result.id == 9);
  CAF_CHECK(names(error_text(parse("{\"id\":1,\"result\":\"\xc3\x28\"}")), "invalid JSON"));
  CAF_CHECK(names(error_text(parse("")), "invalid JSON"));
  CAF_CHECK(names(error_text(parse("1 2")), "invalid JSON"));
}

CAF_TEST(documents deeper than the limit fail with too_deep) {
  CAF_CHECK_EQUAL(error_text(parse("[[1]]", 2)), "ok");
  CAF_CHECK(names(error_text(parse("[[[1]]]", 2)), "too_deep: more than 2 levels"));
  CAF_CHECK(names(error_text(parse(R"({"a":{"b":{}}})", 2)), "too_deep"));
}

CAF_TEST(a document a million levels deep fails without crashing and its id is found) {
  auto deep = std::string(million, '[') + std::string(million, ']');
  CAF_CHECK(names(error_text(parse(deep)), "too_deep"));
  auto id_last = parse("{\"result\":" + deep + ",\"id\":12}");
  CAF_CHECK(names(error_text(id_last), "too_deep"));
  CAF_CHECK(id_last.id == 12);
  // An "id" key deep inside is not the top-level one.
  std::string objects;
  for (size_t i = 0; i < million; ++i)
    objects += "{\"id\":";
  objects += "1" + std::string(million, '}');
  auto inner = parse(objects);
  CAF_CHECK(names(error_text(inner), "too_deep"));
  CAF_CHECK(!inner.id);
}
