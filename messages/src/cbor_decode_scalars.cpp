#include "cbor_decode_scalars.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <system_error>

namespace surrealcaf::cbor::detail {

const uint8_t* find_invalid_utf8(const uint8_t* first, const uint8_t* last) {
  auto p = first;
  while (p != last) {
    // Most text is ASCII: skip it eight bytes at a time.
    if (last - p >= 8) {
      uint64_t word;
      std::memcpy(&word, p, sizeof(word));
      if ((word & 0x8080808080808080u) == 0) {
        p += 8;
        continue;
      }
    }
    auto c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    // Number of continuation bytes and the range the first one must be in.
    size_t n;
    uint8_t lo = 0x80;
    uint8_t hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
    } else if (c == 0xe0) {
      n = 2;
      lo = 0xa0; // overlong below U+0800
    } else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef) {
      n = 2;
    } else if (c == 0xed) {
      n = 2;
      hi = 0x9f; // U+D800..U+DFFF are surrogates
    } else if (c == 0xf0) {
      n = 3;
      lo = 0x90; // overlong below U+10000
    } else if (c >= 0xf1 && c <= 0xf3) {
      n = 3;
    } else if (c == 0xf4) {
      n = 3;
      hi = 0x8f; // above U+10FFFF
    } else {
      return p; // continuation byte, 0xc0/0xc1 (overlong) or 0xf5..0xff
    }
    if (static_cast<size_t>(last - p) <= n || p[1] < lo || p[1] > hi)
      return p;
    for (size_t i = 2; i <= n; ++i)
      if ((p[i] & 0xc0) != 0x80)
        return p;
    p += n + 1;
  }
  return nullptr;
}

double half_to_double(uint16_t half) {
  int exponent = (half >> 10) & 0x1f;
  int mantissa = half & 0x3ff;
  double result;
  if (exponent == 0)
    result = std::ldexp(mantissa, -24);
  else if (exponent != 31)
    result = std::ldexp(mantissa + 1024, exponent - 25);
  else
    result = mantissa == 0 ? std::numeric_limits<double>::infinity()
                           : std::numeric_limits<double>::quiet_NaN();
  return (half & 0x8000) ? -result : result;
}

double single_to_double(uint32_t bits) {
  float result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

double double_from_bits(uint64_t bits) {
  double result;
  std::memcpy(&result, &bits, sizeof(result));
  return result;
}

bool parse_record_id_text(const std::string& text, record_id& out) {
  auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size())
    return false;
  out.table.assign(text, 0, colon);
  auto key_first = text.data() + colon + 1;
  auto key_last = text.data() + text.size();
  bool digits = std::all_of(key_first, key_last, [](char c) { return c >= '0' && c <= '9'; });
  int64_t number = 0;
  if (digits && std::from_chars(key_first, key_last, number).ec == std::errc{})
    *out.key = number;
  else
    *out.key = std::string{key_first, key_last};
  return true;
}

} // namespace surrealcaf::cbor::detail
