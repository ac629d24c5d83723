#define CAF_SUITE version

#include "surrealcaf/version.hpp"

#include "caf/test/unit_test.hpp"

#include <string>

using namespace surrealcaf;

// tests/unit/CMakeLists.txt passes the project() version as
// SURREALCAF_TEST_PROJECT_VERSION.

CAF_TEST(the macros are the project version) {
  CAF_CHECK_EQUAL(std::string{SURREALCAF_VERSION_STRING}, SURREALCAF_TEST_PROJECT_VERSION);
  auto joined = std::to_string(SURREALCAF_VERSION_MAJOR) + "."
                + std::to_string(SURREALCAF_VERSION_MINOR) + "."
                + std::to_string(SURREALCAF_VERSION_PATCH);
  CAF_CHECK_EQUAL(joined, SURREALCAF_TEST_PROJECT_VERSION);
}

CAF_TEST(header_version holds the macros) {
  static_assert(header_version.major == SURREALCAF_VERSION_MAJOR);
  static_assert(header_version.minor == SURREALCAF_VERSION_MINOR);
  static_assert(header_version.patch == SURREALCAF_VERSION_PATCH);
  CAF_CHECK_EQUAL(std::string{header_version.text}, SURREALCAF_VERSION_STRING);
}

CAF_TEST(version is the library the test linked and matches the headers) {
  auto v = version();
  CAF_CHECK_EQUAL(v.major, SURREALCAF_VERSION_MAJOR);
  CAF_CHECK_EQUAL(v.minor, SURREALCAF_VERSION_MINOR);
  CAF_CHECK_EQUAL(v.patch, SURREALCAF_VERSION_PATCH);
  CAF_CHECK_EQUAL(std::string{v.text}, SURREALCAF_TEST_PROJECT_VERSION);
  CAF_CHECK(v == header_version);
  CAF_CHECK(!(v != header_version));
}

CAF_TEST(versions differ when a number differs) {
  version_info v{0, 1, 0, "0.1.0"};
  CAF_CHECK(v != (version_info{0, 2, 0, "0.2.0"}));
  CAF_CHECK(v != (version_info{1, 1, 0, "1.1.0"}));
  CAF_CHECK(v != (version_info{0, 1, 1, "0.1.1"}));
  CAF_CHECK(v == (version_info{0, 1, 0, "0.1.0"}));
}
