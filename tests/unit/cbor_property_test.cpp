#define CAF_SUITE cbor_property

#include "surrealcaf/cbor.hpp"

#include "caf/test/unit_test.hpp"

#include <cmath>
#include <cstring>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "cbor_test_util.hpp"

using namespace surrealcaf;
using cbor_test::hex;

namespace {

using kind = value::kind;

// Whether no kind stands twice in `kinds`.
template <size_t N>
constexpr bool all_distinct(const kind (&kinds)[N]) {
  for (size_t i = 0; i < N; ++i)
    for (size_t j = i + 1; j < N; ++j)
      if (kinds[i] == kinds[j])
        return false;
  return true;
}

// Every kind, the 13 that hold no other value first.
constexpr kind all_kinds[] = {
  kind::none, kind::null, kind::boolean, kind::integer, kind::floating, kind::decimal, kind::string,
  kind::bytes, kind::uuid, kind::datetime, kind::duration, kind::table, kind::file,
  kind::record_id, kind::array, kind::object, kind::range, kind::geometry, kind::set,
};
constexpr size_t leaf_kinds = 13;
// As many distinct kinds as the variant has alternatives: all of them, so a
// kind entered twice cannot silently push out another.
static_assert(std::size(all_kinds) == std::variant_size_v<value::variant_type>);
static_assert(all_distinct(all_kinds));

// The kinds of record key the server accepts, the 3 that hold no other value
// first.
constexpr kind key_kinds[] = {
  kind::integer, kind::string, kind::uuid, kind::array, kind::object, kind::range,
};
constexpr size_t leaf_key_kinds = 3;
static_assert(all_distinct(key_kinds));

// Random values of every kind, reproducible from the seed. NaN is left out
// because it never compares equal to itself.
class generator {
public:
  explicit generator(uint32_t seed) : rng_(seed) {
    // nop
  }

  value any(int depth) {
    return make(pick(all_kinds, leaf_kinds, depth), depth);
  }

private:
  uint64_t below(uint64_t n) {
    return std::uniform_int_distribution<uint64_t>{0, n - 1}(rng_);
  }

  // One of `kinds`, each alike; once no depth remains, one of the first
  // `leaves` only, so trees stay finite.
  template <size_t N>
  kind pick(const kind (&kinds)[N], size_t leaves, int depth) {
    return kinds[below(depth > 0 ? N : leaves)];
  }

  // A random value of kind `k`; what it holds comes from one level deeper.
  value make(kind k, int depth) {
    switch (k) {
      case kind::none:
        return none;
      case kind::null:
        return null;
      case kind::boolean:
        return below(2) == 1;
      case kind::integer:
        return integer();
      case kind::floating:
        return floating();
      case kind::decimal:
        return decimal{decimal_text()};
      case kind::string:
        return text();
      case kind::bytes:
        return raw_bytes();
      case kind::uuid:
        return random_uuid();
      case kind::datetime:
        return datetime{static_cast<int64_t>(rng_()), static_cast<uint32_t>(below(1'000'000'000))};
      case kind::duration:
        return random_duration();
      case kind::table:
        return table{text()};
      case kind::file:
        return file_ref{text(), text()};
      case kind::record_id:
        return record_id{text(), record_key(depth - 1)};
      case kind::array:
        return array(depth - 1);
      case kind::object:
        return object(depth - 1);
      case kind::range: {
        auto limit = [&] { return any(depth - 1); };
        return range{random_bound(limit), random_bound(limit)};
      }
      case kind::geometry:
        return random_geometry(2);
      case kind::set:
        return set{array(depth - 1)};
    }
    return none;
  }

  int64_t integer() {
    static const int64_t edges[] = {0, 23, 24, 255, 256, 65535, 65536, 4294967295,
                                    4294967296, -1, -24, -25, -256, -257, -65537,
                                    std::numeric_limits<int64_t>::max(),
                                    std::numeric_limits<int64_t>::min()};
    switch (below(3)) {
      case 0:
        return edges[below(std::size(edges))];
      case 1:
        return static_cast<int64_t>(below(2001)) - 1000;
      default:
        return static_cast<int64_t>(rng_());
    }
  }

  double floating() {
    switch (below(4)) {
      case 0: {
        static const double specials[] = {0.0, -0.0, 1.5, -2.25, 1e300, 5e-324,
                                          std::numeric_limits<double>::infinity(),
                                          -std::numeric_limits<double>::infinity()};
        return specials[below(std::size(specials))];
      }
      case 1:
        return static_cast<double>(integer()) / 8;
      default:
        for (;;) {
          auto bits = rng_();
          double x;
          std::memcpy(&x, &bits, sizeof(x));
          if (!std::isnan(x))
            return x;
        }
    }
  }

  std::string decimal_text() {
    std::string result = below(2) ? "-" : "";
    auto digits = 1 + below(40);
    for (uint64_t i = 0; i < digits; ++i)
      result += static_cast<char>('0' + below(10));
    if (below(2))
      result.insert(result.size() - below(digits), ".");
    return result;
  }

  // Valid UTF-8 from every encoded length, sometimes long enough for a
  // two-byte length head.
  std::string text() {
    auto size = below(10) == 0 ? 200 + below(200) : below(12);
    std::string result;
    for (uint64_t i = 0; i < size; ++i) {
      uint32_t cp;
      switch (below(4)) {
        case 0:
          cp = static_cast<uint32_t>(below(0x80));
          break;
        case 1:
          cp = static_cast<uint32_t>(0x80 + below(0x800 - 0x80));
          break;
        case 2:
          do
            cp = static_cast<uint32_t>(0x800 + below(0x10000 - 0x800));
          while (cp >= 0xd800 && cp <= 0xdfff);
          break;
        default:
          cp = static_cast<uint32_t>(0x10000 + below(0x110000 - 0x10000));
      }
      append_utf8(result, cp);
    }
    return result;
  }

  static void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | cp >> 6);
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | cp >> 12);
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | cp >> 18);
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  bytes raw_bytes() {
    bytes result(below(40));
    for (auto& b : result)
      b = static_cast<uint8_t>(below(256));
    return result;
  }

  uuid random_uuid() {
    uuid result;
    for (auto& b : result)
      b = static_cast<uint8_t>(below(256));
    return result;
  }

  duration random_duration() {
    // Zero and whole seconds take the shorter compact forms.
    uint64_t seconds = below(3) == 0 ? 0 : rng_();
    uint32_t nanos = below(2) ? 0 : static_cast<uint32_t>(below(1'000'000'000));
    return duration{seconds, nanos};
  }

  value::array array(int depth) {
    value::array result;
    auto size = below(6);
    for (uint64_t i = 0; i < size; ++i)
      result.push_back(any(depth));
    return result;
  }

  value::object object(int depth) {
    value::object result;
    auto size = below(6);
    for (uint64_t i = 0; i < size; ++i)
      result.emplace(text(), any(depth));
    return result;
  }

  // An unbounded, included or excluded bound; `limit` makes its value.
  template <class F>
  bound random_bound(F limit) {
    switch (below(3)) {
      case 0:
        return bound::unbounded();
      case 1:
        return bound::included(limit());
      default:
        return bound::excluded(limit());
    }
  }

  value record_key(int depth) {
    auto k = pick(key_kinds, leaf_key_kinds, depth);
    if (k != kind::range)
      return make(k, depth);
    // The bounds of a key range are keys themselves.
    auto limit = [&] { return record_key(depth - 1); };
    return range{random_bound(limit), random_bound(limit)};
  }

  point random_point() {
    return point{floating(), floating()};
  }

  line random_line() {
    line result;
    auto size = below(4);
    for (uint64_t i = 0; i < size; ++i)
      result.points.push_back(random_point());
    return result;
  }

  polygon random_polygon() {
    polygon result;
    auto size = 1 + below(3);
    for (uint64_t i = 0; i < size; ++i)
      result.rings.push_back(random_line());
    return result;
  }

  geometry random_geometry(int depth) {
    switch (below(depth > 0 ? 7 : 6)) {
      case 0:
        return random_point();
      case 1:
        return random_line();
      case 2:
        return random_polygon();
      case 3:
        return multi_point{random_line().points};
      case 4:
        return multi_line{{random_line(), random_line()}};
      case 5:
        return multi_polygon{{random_polygon()}};
      default: {
        geometry_collection result;
        auto size = below(4);
        for (uint64_t i = 0; i < size; ++i)
          result.items.push_back(random_geometry(depth - 1));
        return result;
      }
    }
  }

  std::mt19937_64 rng_;
};

} // namespace

CAF_TEST(random values of every kind survive encode and decode) {
  constexpr int runs = 2000;
  generator gen{20260101};
  int failures = 0;
  size_t total_bytes = 0;
  std::vector<int> seen_kinds(19, 0);
  for (int i = 0; i < runs; ++i) {
    auto x = gen.any(6);
    ++seen_kinds[static_cast<size_t>(x.type())];
    auto bytes = cbor::encode(x);
    total_bytes += bytes.size();
    value back;
    auto failure = cbor::try_decode(bytes.data(), bytes.size(), back);
    if (failure || !(back == x) || cbor::encode(back) != bytes) {
      if (++failures <= 3)
        CAF_MESSAGE("run " << i << " failed ("
                           << (failure ? to_string(*failure) : "value differs") << ") on "
                           << hex(bytes).substr(0, 200));
    }
  }
  CAF_CHECK_EQUAL(failures, 0);
  CAF_MESSAGE(runs << " values, " << total_bytes << " bytes");
  for (size_t kind = 0; kind < seen_kinds.size(); ++kind)
    CAF_CHECK(seen_kinds[kind] > 0);
}

CAF_TEST(deep nesting up to the limit round trips) {
  value x = 1;
  // Each level is an object holding an array: two CBOR levels per round.
  for (size_t i = 0; i < cbor::default_max_depth / 2; ++i)
    x = value::object{{"a", value::array{x, null}}};
  auto bytes = cbor::encode(x);
  auto back = cbor::decode(bytes);
  CAF_REQUIRE(back);
  CAF_CHECK(*back == x);
  // One level more is refused.
  x = value::array{x};
  bytes = cbor::encode(x);
  value ignored;
  auto failure = cbor::try_decode(bytes.data(), bytes.size(), ignored);
  CAF_REQUIRE(failure);
  CAF_CHECK_EQUAL(to_string(failure->reason), std::string{"too_deep"});
}
