#define CAF_SUITE session_registry

#include "surrealcaf/detail/session_registry.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

#include "uuid_of.hpp"

using namespace surrealcaf;
using detail::session_key;
using detail::session_registry;

namespace {

const uuid a_id = test::uuid_of("00000000-0000-4000-8000-00000000000a");
const uuid b_id = test::uuid_of("00000000-0000-4000-8000-00000000000b");

} // namespace

CAF_TEST(an empty key finds the default session) {
  session_registry<std::string> reg;
  CAF_CHECK(reg.find(std::nullopt) == nullptr);
  reg.set_default("default");
  reg.add(a_id, "a");
  CAF_REQUIRE(reg.find(std::nullopt) != nullptr);
  CAF_CHECK_EQUAL(*reg.find(std::nullopt), "default");
  CAF_REQUIRE(reg.find(a_id) != nullptr);
  CAF_CHECK_EQUAL(*reg.find(a_id), "a");
  CAF_CHECK(reg.find(b_id) == nullptr);
  CAF_CHECK_EQUAL(reg.size(), 2u);
  CAF_CHECK_EQUAL(reg.attached(), 1u);
}

CAF_TEST(add refuses a uuid that is taken) {
  session_registry<std::string> reg;
  CAF_CHECK(reg.add(a_id, "a"));
  CAF_CHECK(!reg.add(a_id, "other"));
  CAF_CHECK_EQUAL(*reg.find(a_id), "a");
}

CAF_TEST(erase forgets one session) {
  session_registry<std::string> reg;
  reg.set_default("default");
  reg.add(a_id, "a");
  reg.add(b_id, "b");
  CAF_CHECK(reg.erase(a_id));
  CAF_CHECK(!reg.erase(a_id));
  CAF_CHECK(reg.find(a_id) == nullptr);
  CAF_CHECK_EQUAL(*reg.find(b_id), "b");
  CAF_CHECK(reg.erase(std::nullopt));
  CAF_CHECK(!reg.default_session());
  CAF_CHECK_EQUAL(reg.size(), 1u);
}

CAF_TEST(erase handle reports which session it was) {
  session_registry<std::string> reg;
  reg.set_default("default");
  reg.add(a_id, "a");
  auto key = reg.erase_handle(std::string{"a"});
  CAF_REQUIRE(key);
  CAF_CHECK(*key == session_key{a_id});
  key = reg.erase_handle(std::string{"default"});
  CAF_REQUIRE(key);
  CAF_CHECK(!*key);
  CAF_CHECK(!reg.erase_handle(std::string{"a"}));
  CAF_CHECK_EQUAL(reg.size(), 0u);
}

CAF_TEST(all lists the default session first) {
  session_registry<std::string> reg;
  reg.add(a_id, "a");
  reg.set_default("default");
  reg.add(b_id, "b");
  auto all = reg.all();
  CAF_REQUIRE_EQUAL(all.size(), 3u);
  CAF_CHECK_EQUAL(all[0], "default");
  CAF_CHECK((all[1] == "a" && all[2] == "b") || (all[1] == "b" && all[2] == "a"));
  reg.clear();
  CAF_CHECK(reg.all().empty());
}
