#include "request_peek.hpp"

namespace surrealcaf::bench {

namespace {

struct reader {
  const uint8_t* pos;
  const uint8_t* end;

  // One item head: major type and argument. Indefinite lengths (31) are
  // refused: no client in the bench sends them.
  bool head(uint8_t& major, uint64_t& arg) {
    if (pos == end)
      return false;
    uint8_t first = *pos++;
    major = first >> 5;
    uint8_t info = first & 0x1f;
    if (info < 24) {
      arg = info;
      return true;
    }
    if (info > 27)
      return false;
    size_t len = size_t{1} << (info - 24);
    if (static_cast<size_t>(end - pos) < len)
      return false;
    arg = 0;
    for (size_t i = 0; i < len; ++i)
      arg = (arg << 8) | *pos++;
    return true;
  }

  bool skip_bytes(uint64_t n) {
    if (static_cast<uint64_t>(end - pos) < n)
      return false;
    pos += n;
    return true;
  }

  // Skips one whole item, nested ones included (depth-bounded).
  bool skip(int depth = 0) {
    if (depth > 64)
      return false;
    uint8_t major;
    uint64_t arg;
    if (!head(major, arg))
      return false;
    switch (major) {
      case 2:
      case 3:
        return skip_bytes(arg);
      case 4:
        for (uint64_t i = 0; i < arg; ++i)
          if (!skip(depth + 1))
            return false;
        return true;
      case 5:
        for (uint64_t i = 0; i < 2 * arg; ++i)
          if (!skip(depth + 1))
            return false;
        return true;
      case 6:
        return skip(depth + 1);
      default: // integers and simple values: the head is all
        return true;
    }
  }

  bool text(std::string_view& out) {
    uint8_t major;
    uint64_t arg;
    const uint8_t* start = pos;
    if (!head(major, arg) || major != 3 || static_cast<uint64_t>(end - pos) < arg) {
      pos = start;
      return false;
    }
    out = {reinterpret_cast<const char*>(pos), static_cast<size_t>(arg)};
    pos += arg;
    return true;
  }
};

std::string_view span(const uint8_t* from, const uint8_t* to) {
  return {reinterpret_cast<const char*>(from), static_cast<size_t>(to - from)};
}

bool is_none_or_null(std::string_view item) {
  return item == std::string_view{"\xf6", 1} || item == std::string_view{"\xc6\xf6", 2};
}

} // namespace

std::optional<request_view> peek_request(const uint8_t* data, size_t size) {
  reader in{data, data + size};
  uint8_t major;
  uint64_t pairs;
  if (!in.head(major, pairs) || major != 5)
    return std::nullopt;
  request_view out;
  for (uint64_t i = 0; i < pairs; ++i) {
    std::string_view key;
    if (!in.text(key))
      return std::nullopt;
    const uint8_t* start = in.pos;
    if (key == "method") {
      if (!in.text(out.method))
        return std::nullopt;
      continue;
    }
    if (key == "params") {
      uint8_t m;
      uint64_t n;
      if (in.head(m, n) && m == 4 && n > 0) {
        if (!in.text(out.first_param))
          in.pos = start; // not text: skip the whole array below
        else
          for (uint64_t k = 1; k < n; ++k)
            if (!in.skip())
              return std::nullopt;
        if (in.pos != start)
          continue;
      }
      in.pos = start;
    }
    if (!in.skip())
      return std::nullopt;
    if (key == "id")
      out.id = span(start, in.pos);
    else if (key == "session" && !is_none_or_null(span(start, in.pos)))
      out.session = span(start, in.pos);
  }
  return out;
}

} // namespace surrealcaf::bench
