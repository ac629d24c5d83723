#include <algorithm>
#include <cstring>
#include <type_traits>
#include <variant>

#include "surrealcaf/cbor.hpp"

#include "cbor_tags.hpp"

namespace surrealcaf::cbor {

namespace {

using namespace detail;

// Writes one value tree. The buffer is grown ahead in large steps and
// written through a raw pointer: vector::insert per item cost more than
// everything else together. `finish` trims the unused tail.
class encoder {
public:
  explicit encoder(std::vector<uint8_t>& out) : out_(out), used_(out.size()) {
    // nop
  }

  void finish() {
    out_.resize(used_);
  }

  // The head of an item: major type plus argument, in the shortest form.
  void head(uint8_t major, uint64_t arg) {
    auto first = static_cast<uint8_t>(major << 5);
    if (arg < 24) {
      *room(1) = static_cast<uint8_t>(first | arg);
    } else if (arg <= 0xff) {
      auto p = room(2);
      p[0] = first | 24;
      p[1] = static_cast<uint8_t>(arg);
    } else if (arg <= 0xffff) {
      auto p = room(3);
      p[0] = first | 25;
      store_be(p + 1, arg, 2);
    } else if (arg <= 0xffffffff) {
      auto p = room(5);
      p[0] = first | 26;
      store_be(p + 1, arg, 4);
    } else {
      auto p = room(9);
      p[0] = first | 27;
      store_be(p + 1, arg, 8);
    }
  }

  void tag(uint64_t number) {
    head(major_tag, number);
  }

  void byte(uint8_t x) {
    *room(1) = x;
  }

  void integer(int64_t x) {
    // Major type 1 holds -1 - n; ~x computes that without overflow.
    if (x >= 0)
      head(major_unsigned, static_cast<uint64_t>(x));
    else
      head(major_negative, ~static_cast<uint64_t>(x));
  }

  void unsigned_integer(uint64_t x) {
    head(major_unsigned, x);
  }

  void floating(double x) {
    uint64_t bits;
    std::memcpy(&bits, &x, sizeof(bits));
    auto p = room(9);
    p[0] = byte_double;
    store_be(p + 1, bits, 8);
  }

  void text(const std::string& x) {
    head(major_text, x.size());
    copy(x.data(), x.size());
  }

  void raw_bytes(const uint8_t* data, size_t size) {
    head(major_bytes, size);
    copy(data, size);
  }

  void array_head(size_t size) {
    head(major_array, size);
  }

  // -- value kinds ------------------------------------------------------------

  void operator()(none_t) {
    byte(0xc0 | tag_none);
    byte(byte_null);
  }

  void operator()(null_t) {
    byte(byte_null);
  }

  void operator()(bool x) {
    byte(x ? byte_true : byte_false);
  }

  void operator()(int64_t x) {
    integer(x);
  }

  void operator()(double x) {
    floating(x);
  }

  void operator()(const decimal& x) {
    tag(tag_decimal);
    text(x.text);
  }

  void operator()(const std::string& x) {
    text(x);
  }

  void operator()(const bytes& x) {
    raw_bytes(x.data(), x.size());
  }

  void operator()(const uuid& x) {
    tag(tag_uuid);
    raw_bytes(x.data, x.static_size());
  }

  void operator()(const datetime& x) {
    tagged_array(tag_datetime, x.seconds, uint64_t{x.nanos});
  }

  void operator()(const duration& x) {
    // The server's compact form: [] for zero, [secs] when whole seconds.
    if (x.nanos != 0)
      tagged_array(tag_duration, x.seconds, uint64_t{x.nanos});
    else if (x.seconds != 0)
      tagged_array(tag_duration, x.seconds);
    else
      tagged_array(tag_duration);
  }

  void operator()(const table& x) {
    tag(tag_table);
    text(x.name);
  }

  void operator()(const record_id& x) {
    tagged_array(tag_record_id, x.table, *x.key);
  }

  void operator()(const value::array& xs) {
    array_head(xs.size());
    for (auto& x : xs)
      write(x);
  }

  void operator()(const value::object& xs) {
    head(major_map, xs.size());
    for (auto& [key, x] : xs) {
      text(key);
      write(x);
    }
  }

  void operator()(const range& x) {
    tagged_array(tag_range, x.begin, x.end);
  }

  void operator()(const geometry& x) {
    std::visit([this](const auto& g) { write_geometry(g); }, x.data);
  }

  void operator()(const file_ref& x) {
    tagged_array(tag_file, x.bucket, x.key);
  }

  void operator()(const set& x) {
    tag(tag_set);
    (*this)(x.items);
  }

  void write(const value& x) {
    std::visit(*this, x.data());
  }

private:
  // `n` writable bytes at the end of the output.
  uint8_t* room(size_t n) {
    if (out_.size() - used_ < n)
      grow(n);
    auto result = out_.data() + used_;
    used_ += n;
    return result;
  }

  void grow(size_t n) {
    out_.resize(std::max(used_ + n, out_.size() * 2 + 64));
  }

  void copy(const void* data, size_t size) {
    if (size > 0)
      std::memcpy(room(size), data, size);
  }

  static void store_be(uint8_t* dst, uint64_t x, size_t n) {
    for (size_t i = 0; i < n; ++i)
      dst[i] = static_cast<uint8_t>(x >> (8 * (n - 1 - i)));
  }

  // Tag `number` over an array of `items`, each written as its type says.
  template <class... Ts>
  void tagged_array(uint64_t number, const Ts&... items) {
    tag(number);
    array_head(sizeof...(items));
    (item(items), ...);
  }

  void item(int64_t x) {
    integer(x);
  }

  void item(uint64_t x) {
    unsigned_integer(x);
  }

  void item(double x) {
    floating(x);
  }

  void item(const std::string& x) {
    text(x);
  }

  void item(const value& x) {
    write(x);
  }

  void item(const bound& x) {
    write_bound(x);
  }

  void write_bound(const bound& x) {
    switch (x.type) {
      case bound::kind::unbounded:
        byte(byte_null);
        return;
      case bound::kind::included:
        tag(tag_bound_included);
        break;
      case bound::kind::excluded:
        tag(tag_bound_excluded);
        break;
    }
    write(*x.limit);
  }

  // A point is its two coordinates; any other geometry the array of its parts,
  // each a geometry of its own (tagged too).
  template <class T>
  void write_geometry(const T& x) {
    if constexpr (std::is_same_v<T, point>) {
      tagged_array(geometry_tag<T>, x.x, x.y);
    } else {
      tag(geometry_tag<T>);
      const auto& xs = surrealcaf::detail::parts(x);
      array_head(xs.size());
      for (const auto& part : xs)
        write_geometry(part);
    }
  }

  void write_geometry(const geometry& x) {
    (*this)(x);
  }

  std::vector<uint8_t>& out_;
  size_t used_; // bytes of out_ holding output; the rest is room
};

} // namespace

void encode(const value& x, std::vector<uint8_t>& out) {
  auto original_size = out.size();
  encoder enc{out};
  try {
    enc.write(x);
  } catch (...) {
    // Only allocation fails; leave the buffer as the caller gave it.
    out.resize(original_size);
    throw;
  }
  enc.finish();
}

std::vector<uint8_t> encode(const value& x) {
  std::vector<uint8_t> out;
  // Most RPC messages are small; one up-front block saves the first few
  // reallocations without wasting much on tiny values.
  out.reserve(256);
  encode(x, out);
  return out;
}

} // namespace surrealcaf::cbor
