#define CAF_SUITE cbor_text_tags

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <string>
#include <vector>

#include "cbor_test_util.hpp"

using namespace surrealcaf;
using cbor_test::decoded;
using cbor_test::failure_of;
using cbor_test::hex;

// Tags 0 (RFC 3339 datetime) and 13 (duration text), which the server
// accepts but never sends. Decoding goes through parse_datetime and
// parse_duration (datetime.hpp, duration.hpp).

namespace {

// The hex of tag `tag_byte` (a one-byte tag head) over the text `text`.
std::string tagged_text(const std::string& tag_byte, const std::string& text) {
  return tag_byte + hex(cbor::encode(value{text}));
}

} // namespace

CAF_TEST(tag 0 decodes rfc 3339 text) {
  CAF_CHECK(decoded(tagged_text("c0", "2026-01-01T00:00:00Z")) == value{datetime{1767225600, 0}});
  CAF_CHECK(decoded(tagged_text("c0", "1969-12-31T23:59:59.5Z"))
            == value{datetime{-1, 500000000}});
  CAF_CHECK(decoded(tagged_text("c0", "2026-01-01T10:00:00.123+02:00"))
            == value{datetime{1767225600 + 8 * 3600, 123000000}});
  // Chunked text is still text.
  CAF_CHECK(decoded("c0 7f 6a323032362d30312d3031 6a5430303a30303a30305a ff")
            == value{datetime{1767225600, 0}});
}

CAF_TEST(tag 13 decodes duration text) {
  CAF_CHECK(decoded(tagged_text("cd", "1h30m")) == value{duration{5400, 0}});
  CAF_CHECK(decoded(tagged_text("cd", "1s500ms")) == value{duration{1, 500000000}});
  CAF_CHECK(decoded(tagged_text("cd", "0ns")) == value{duration{}});
}

CAF_TEST(text tags re-encode in the compact forms) {
  auto dt = decoded(tagged_text("c0", "1969-12-31T23:59:59.5Z"));
  CAF_REQUIRE(dt);
  CAF_CHECK_EQUAL(hex(cbor::encode(*dt)), "cc82201a1dcd6500");
  auto d = decoded(tagged_text("cd", "1h30m"));
  CAF_REQUIRE(d);
  CAF_CHECK_EQUAL(hex(cbor::encode(*d)), "ce81191518");
}

CAF_TEST(unparseable or non text payloads are invalid) {
  CAF_CHECK_EQUAL(failure_of(tagged_text("c0", "soon")), "invalid_tag_payload at byte 0");
  CAF_CHECK_EQUAL(failure_of(tagged_text("c0", "")), "invalid_tag_payload at byte 0");
  CAF_CHECK_EQUAL(failure_of("c0 1a6553f100"), "invalid_tag_payload at byte 0");
  CAF_CHECK_EQUAL(failure_of(tagged_text("cd", "soon")), "invalid_tag_payload at byte 0");
  CAF_CHECK_EQUAL(failure_of("cd 01"), "invalid_tag_payload at byte 0");
  CAF_CHECK_EQUAL(failure_of("82 01" + tagged_text("cd", "1x")), "invalid_tag_payload at byte 2");
  CAF_CHECK_EQUAL(failure_of("c0 61 80"), "invalid_utf8 at byte 2");
}
