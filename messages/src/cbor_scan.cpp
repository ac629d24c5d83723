// The shallow envelope scan behind `cbor::top_level_id`: it reads only item
// heads and string lengths, so it finds the `id` of a reply whose body the
// decoder refused (bad UTF-8, unknown tags, too deep, ...).
#include <limits>
#include <vector>

#include "surrealcaf/cbor.hpp"

#include "cbor_tags.hpp"

namespace surrealcaf::cbor {

namespace {

using namespace detail;

constexpr uint64_t int64_max = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// Skips items without recursion. Definite arrays, maps and tags just add to
// the number of items still to skip, so their nesting costs no memory; only
// indefinite arrays and maps push the count they interrupt (at most one
// entry per input byte).
class skipper {
public:
  skipper(const uint8_t* pos, const uint8_t* end) : pos_(pos), end_(end) {
    // nop
  }

  const uint8_t* pos() const {
    return pos_;
  }

  // Reads one head; false at the end of the input or on a reserved
  // additional information.
  bool head(uint8_t& major, uint8_t& info, uint64_t& arg) {
    if (pos_ == end_)
      return false;
    auto first = *pos_++;
    major = first >> 5;
    info = first & 0x1f;
    size_t n = 0;
    if (info < 24 || info == info_indefinite) {
      arg = info < 24 ? info : 0;
      return true;
    }
    if (info > 27)
      return false;
    n = size_t{1} << (info - 24);
    if (static_cast<size_t>(end_ - pos_) < n)
      return false;
    arg = 0;
    for (size_t i = 0; i < n; ++i)
      arg = (arg << 8) | pos_[i];
    pos_ += n;
    return true;
  }

  // Skips a definite string body of `size` bytes.
  bool bytes(uint64_t size) {
    if (size > static_cast<uint64_t>(end_ - pos_))
      return false;
    pos_ += size;
    return true;
  }

  // Skips one whole item.
  bool item() {
    // Items still to skip at the current indefinite level (or at the top).
    uint64_t pending = 1;
    std::vector<uint64_t> interrupted;
    while (pending > 0 || !interrupted.empty()) {
      if (pending == 0) {
        // Inside an indefinite array or map: items until the break code.
        if (pos_ == end_)
          return false;
        if (*pos_ == byte_break) {
          ++pos_;
          pending = interrupted.back();
          interrupted.pop_back();
          continue;
        }
        ++pending;
      }
      --pending;
      uint8_t major;
      uint8_t info;
      uint64_t arg;
      if (!head(major, info, arg))
        return false;
      bool indefinite = info == info_indefinite;
      auto left = static_cast<uint64_t>(end_ - pos_);
      switch (major) {
        case major_bytes:
        case major_text:
          if (indefinite) {
            interrupted.push_back(pending);
            pending = 0;
          } else if (!bytes(arg)) {
            return false;
          }
          break;
        case major_array:
        case major_map:
          if (indefinite) {
            interrupted.push_back(pending);
            pending = 0;
          } else {
            // Every item takes at least one byte: a larger claim is false,
            // and the check keeps `pending` from overflowing.
            if (arg > left)
              return false;
            pending += major == major_map ? arg * 2 : arg;
          }
          break;
        case major_tag:
          ++pending;
          break;
        default:
          break;
      }
      if (pending > static_cast<uint64_t>(end_ - pos_))
        return false;
    }
    return true;
  }

private:
  const uint8_t* pos_;
  const uint8_t* end_;
};

} // namespace

std::optional<int64_t> top_level_id(const uint8_t* data, size_t size) {
  skipper s{data, data + size};
  uint8_t major;
  uint8_t info;
  uint64_t arg;
  if (!s.head(major, info, arg) || major != major_map)
    return std::nullopt;
  bool indefinite = info == info_indefinite;
  auto entries = arg;
  // A repeated key keeps its last value, as in the decoder; where the map
  // breaks off, the last id seen before that point counts.
  std::optional<int64_t> found;
  for (uint64_t i = 0; indefinite || i < entries; ++i) {
    if (indefinite && s.pos() != data + size && *s.pos() == byte_break)
      break;
    // A definite text key is compared; anything else is skipped.
    auto key_at = s.pos();
    bool is_id = false;
    if (!s.head(major, info, arg))
      break;
    if (major == major_text && info != info_indefinite) {
      auto text = s.pos();
      if (!s.bytes(arg))
        break;
      is_id = arg == 2 && text[0] == 'i' && text[1] == 'd';
    } else {
      s = skipper{key_at, data + size};
      if (!s.item())
        break;
    }
    if (is_id) {
      found.reset();
      auto value_at = s.pos();
      if (s.head(major, info, arg) && info != info_indefinite && arg <= int64_max) {
        if (major == major_unsigned) {
          found = static_cast<int64_t>(arg);
          continue;
        }
        if (major == major_negative) {
          found = -1 - static_cast<int64_t>(arg);
          continue;
        }
      }
      s = skipper{value_at, data + size};
    }
    if (!s.item())
      break;
  }
  return found;
}

} // namespace surrealcaf::cbor
