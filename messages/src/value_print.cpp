// SurrealQL text for values, in the single-line form SurrealDB 3.x prints
// them: quoting and escaping of strings, identifiers, object keys and
// record-id keys, float and decimal suffixes, prefixed literals (d'', u'',
// b"", f""), ranges (`1>..` for an excluded lower bound), sets and
// geometries. The rules are listed in docs/values.md ("Printing"). Where
// SurrealDB's own printers differ from each other, we write the form
// SurrealQL parses back.

#include "surrealcaf/value.hpp"

#include <charconv>
#include <cmath>
#include <iterator>
#include <string_view>
#include <type_traits>
#include <variant>

#include <boost/algorithm/hex.hpp>
#include <boost/uuid/uuid_io.hpp>

namespace surrealcaf {

namespace {

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool all_word_chars(const std::string& s) {
  for (auto c : s)
    if (!is_word_char(c))
      return false;
  return true;
}

bool iequals(const std::string& s, std::string_view word) {
  if (s.size() != word.size())
    return false;
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = s[i];
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c != word[i])
      return false;
  }
  return true;
}

// Words that would read as a number if left bare.
bool is_number_word(const std::string& s) {
  return s == "NaN" || s == "Infinity";
}

// The server's EscapeWriter: control characters, the backslash and the
// quote in use get a backslash. All of them are ASCII, so walking UTF-8 by
// bytes is safe.
void append_escaped(std::string& out, const std::string& s, char quote) {
  for (auto c : s) {
    switch (c) {
      case '\0':
        out += "\\0";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\b':
        out += "\\u{8}";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\\':
        out += "\\\\";
        break;
      default:
        if (c == quote)
          out += '\\';
        out += c;
    }
  }
}

void append_quoted(std::string& out, const std::string& s, char quote) {
  out += quote;
  append_escaped(out, s, quote);
  out += quote;
}

// QuoteStr: single quotes, or double quotes when the text holds a single one.
void append_string(std::string& out, const std::string& s) {
  append_quoted(out, s, s.find('\'') == std::string::npos ? '\'' : '"');
}

// Table names (EscapeSqonIdent): bare when a plain identifier, else in
// backticks. NONE/NULL (any case) and NaN/Infinity are quoted too, or they
// would parse back as those values.
void append_ident(std::string& out, const std::string& s) {
  if (s.empty() || is_digit(s.front()) || !all_word_chars(s) || iequals(s, "none")
      || iequals(s, "null") || is_number_word(s))
    append_quoted(out, s, '`');
  else
    out += s;
}

// Object keys (EscapeObjectKey): bare when a plain identifier, else in
// double quotes.
void append_object_key(std::string& out, const std::string& s) {
  if (s.empty() || is_digit(s.front()) || !all_word_chars(s) || is_number_word(s))
    append_quoted(out, s, '"');
  else
    out += s;
}

// String record keys (EscapeRecordKey): bare when made of word characters
// and not digits and underscores only (which would read as a number), else
// in backticks. The server writes backticks, never ⟨⟩.
void append_record_key(std::string& out, const std::string& s) {
  bool has_non_digit = false;
  for (auto c : s)
    if (!is_digit(c) && c != '_')
      has_non_digit = true;
  if (s.empty() || !all_word_chars(s) || !has_non_digit || is_number_word(s))
    append_quoted(out, s, '`');
  else
    out += s;
}

// Rust's `{}` for f64 is the shortest text that reads back to the same
// double, never in exponent form (1e21 prints all its digits); to_chars in
// fixed format without precision produces exactly that.
void append_float_digits(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "NaN";
    return;
  }
  if (std::isinf(x)) {
    out += x < 0 ? "-Infinity" : "Infinity";
    return;
  }
  // The longest shortest-fixed double is the smallest subnormal: about 330 chars.
  char buf[512];
  auto res = std::to_chars(buf, buf + sizeof(buf), x, std::chars_format::fixed);
  out.append(buf, res.ptr);
  out += 'f';
}

// File path parts, escaped as SurrealDB prints them: all but [A-Za-z0-9._-]
// (and '/' in the key) get a backslash. Multi-byte UTF-8 characters get one
// backslash before their lead byte, as the server escapes whole characters.
void append_file_part(std::string& out, const std::string& s, bool allow_slash) {
  for (auto c : s) {
    auto byte = static_cast<unsigned char>(c);
    bool plain = is_word_char(c) || c == '-' || c == '.' || (allow_slash && c == '/')
                 || (byte & 0xC0) == 0x80;
    if (!plain)
      out += '\\';
    out += c;
  }
}

class printer {
public:
  explicit printer(std::string& out) : out_(out) {
    // nop
  }

  void print(const value& x) {
    std::visit(*this, x.data());
  }

  void operator()(none_t) {
    out_ += "NONE";
  }

  void operator()(null_t) {
    out_ += "NULL";
  }

  void operator()(bool x) {
    out_ += x ? "true" : "false";
  }

  void operator()(int64_t x) {
    out_ += std::to_string(x);
  }

  void operator()(double x) {
    append_float_digits(out_, x);
  }

  void operator()(const decimal& x) {
    out_ += x.text;
    out_ += "dec";
  }

  void operator()(const std::string& x) {
    append_string(out_, x);
  }

  void operator()(const bytes& x) {
    out_ += "b\"";
    boost::algorithm::hex(x.begin(), x.end(), std::back_inserter(out_));
    out_ += '"';
  }

  void operator()(const uuid& x) {
    out_ += "u'";
    out_ += boost::uuids::to_string(x);
    out_ += '\'';
  }

  void operator()(const datetime& x) {
    // RFC 3339 text never holds a single quote, so QuoteStr picks '...'.
    out_ += "d'";
    out_ += to_string(x);
    out_ += '\'';
  }

  void operator()(const duration& x) {
    out_ += to_string(x);
  }

  void operator()(const table& x) {
    append_ident(out_, x.name);
  }

  void operator()(const record_id& x) {
    append_ident(out_, x.table);
    out_ += ':';
    print_key(*x.key);
  }

  void operator()(const value::array& xs) {
    out_ += '[';
    print_separated(xs, [this](const value& item) { print(item); });
    out_ += ']';
  }

  void operator()(const value::object& xs) {
    if (xs.empty()) {
      out_ += "{  }"; // sic: the server writes two spaces
      return;
    }
    out_ += "{ ";
    print_separated(xs, [this](const auto& field) {
      append_object_key(out_, field.first);
      out_ += ": ";
      print(field.second);
    });
    out_ += " }";
  }

  void operator()(const range& x) {
    print_range(x, &printer::print);
  }

  void operator()(const geometry& x) {
    std::visit(*this, x.data);
  }

  void operator()(const point& x) {
    print_point(x, '(', ')');
  }

  // Lines, polygons and the multi_* types as GeoJSON objects.
  template <class T>
  std::enable_if_t<detail::is_list_geometry_v<T>> operator()(const T& x) {
    open_geojson<T>("coordinates");
    print_coordinates(x);
    out_ += " }";
  }

  void operator()(const geometry_collection& x) {
    open_geojson<geometry_collection>("geometries");
    out_ += '[';
    print_separated(x.items, [this](const geometry& item) { (*this)(item); });
    out_ += "] }";
  }

  void operator()(const file_ref& x) {
    out_ += "f\"";
    append_file_part(out_, x.bucket, false);
    out_ += ':';
    // The server stores keys with a leading slash (File::new adds it).
    if (x.key.empty() || x.key.front() != '/')
      out_ += '/';
    append_file_part(out_, x.key, true);
    out_ += '"';
  }

  void operator()(const set& x) {
    // `{,}` for the empty set and `{x,}` for one item keep sets apart from
    // objects and blocks.
    if (x.items.empty()) {
      out_ += "{,}";
      return;
    }
    out_ += '{';
    print_separated(x.items, [this](const value& item) { print(item); });
    if (x.items.size() == 1)
      out_ += ',';
    out_ += '}';
  }

private:
  using print_fn = void (printer::*)(const value&);

  // SurrealQL range syntax: `a..b`, `a..=b`, `a>..b`, with either side left
  // out when unbounded.
  void print_range(const range& x, print_fn print_limit) {
    switch (x.begin.type) {
      case bound::kind::unbounded:
        break;
      case bound::kind::included:
        (this->*print_limit)(*x.begin.limit);
        break;
      case bound::kind::excluded:
        (this->*print_limit)(*x.begin.limit);
        out_ += '>';
        break;
    }
    out_ += "..";
    switch (x.end.type) {
      case bound::kind::unbounded:
        break;
      case bound::kind::included:
        out_ += '=';
        (this->*print_limit)(*x.end.limit);
        break;
      case bound::kind::excluded:
        (this->*print_limit)(*x.end.limit);
        break;
    }
  }

  // A record key: strings as record keys (`person:tobie`, also inside a
  // record-id range, `person:a..z`), ranges with key bounds, and ints,
  // uuids, arrays and objects as values. Other kinds are no valid key; they
  // print as values so the text still shows what the id holds.
  void print_key(const value& key) {
    if (auto str = key.get_if<std::string>())
      append_record_key(out_, *str);
    else if (auto rng = key.get_if<range>())
      print_range(*rng, &printer::print_key);
    else
      print(key);
  }

  // Calls `print_item` for each of `xs`, with ", " between them.
  template <class Items, class PrintItem>
  void print_separated(const Items& xs, PrintItem print_item) {
    bool first = true;
    for (auto& x : xs) {
      if (!first)
        out_ += ", ";
      first = false;
      print_item(x);
    }
  }

  // `{ type: 'T', member: `, the start of a GeoJSON object for `T`.
  template <class T>
  void open_geojson(const char* member) {
    out_ += "{ type: '";
    out_ += detail::geojson_type_v<T>;
    out_ += "', ";
    out_ += member;
    out_ += ": ";
  }

  // The coordinates `(x, y)` of a point literal, or `[x, y]` in GeoJSON.
  void print_point(const point& x, char open, char close) {
    out_ += open;
    append_float_digits(out_, x.x);
    out_ += ", ";
    append_float_digits(out_, x.y);
    out_ += close;
  }

  // GeoJSON coordinates: [x, y] for a point; for the other geometries, the
  // list of their parts' coordinates (a line's points, a polygon's rings, ...).
  void print_coordinates(const point& x) {
    print_point(x, '[', ']');
  }

  template <class T>
  std::enable_if_t<detail::is_list_geometry_v<T>> print_coordinates(const T& x) {
    print_coordinates(detail::parts(x));
  }

  template <class T>
  void print_coordinates(const std::vector<T>& xs) {
    out_ += '[';
    print_separated(xs, [this](const T& x) { print_coordinates(x); });
    out_ += ']';
  }

  std::string& out_;
};

template <class T>
std::string print_to_string(const T& x) {
  std::string result;
  printer{result}(x);
  return result;
}

} // namespace

std::string to_string(const value& x) {
  std::string result;
  printer{result}.print(x);
  return result;
}

std::string to_string(const record_id& x) {
  return print_to_string(x);
}

std::string to_string(const range& x) {
  return print_to_string(x);
}

std::string to_string(const geometry& x) {
  return print_to_string(x);
}

std::string to_string(const uuid& x) {
  return print_to_string(x);
}

} // namespace surrealcaf
