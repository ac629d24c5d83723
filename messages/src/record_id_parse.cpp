// record_id::parse: SurrealQL record-id text back into a record_id, the
// inverse of to_string(record_id) in value_print.cpp. The rules are those of
// SurrealDB 3's own parser (its syn lexer, record-id and value parsers), but
// all of the text must be the id; docs/values.md ("Parsing record ids") lists
// them, where we differ and what is refused. Errors name the byte offset;
// nothing throws but allocation.

#include "surrealcaf/value.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "surrealcaf/cbor.hpp"
#include "surrealcaf/errc.hpp"

#include "geojson_geometry.hpp"
#include "stack_room.hpp"
#include "surrealql_number.hpp"
#include "surrealql_text.hpp"

namespace surrealcaf {

namespace {

using detail::append_utf8;
using detail::hex_digit;
using detail::iequals;
using detail::invalid_utf8_at;
using detail::is_alpha;
using detail::is_digit;
using detail::is_word_char;
using detail::is_word_start;
using detail::utf8_length;

// As deep as the CBOR decoder goes, so every id it produces can be read back
// from its text; the stack check covers threads with small stacks.
constexpr size_t max_depth = cbor::default_max_depth;
constexpr size_t stack_reserve = 128 * 1024;

// ⟨ and ⟩ (U+27E8, U+27E9) in UTF-8.
constexpr std::string_view open_angle = "\xE2\x9F\xA8";
constexpr std::string_view close_angle = "\xE2\x9F\xA9";

// A recursive-descent reader over the whole text. Every function returns
// false after recording the first failure (offset and what was expected);
// callers return at once, so the first failure is the one reported.
class reader {
public:
  explicit reader(std::string_view text) : text_(text) {
    // nop
  }

  caf::expected<record_id> run() {
    if (auto bad = invalid_utf8_at(text_); bad != std::string_view::npos) {
      pos_ = bad;
      fail("the text is not valid UTF-8");
      return error();
    }
    record_id result;
    if (!record(result, true))
      return error();
    if (pos_ != text_.size()) {
      fail(trailing_text_message(result));
      return error();
    }
    return result;
  }

private:
  // -- failure ---------------------------------------------------------------

  bool fail(std::string what) {
    return fail_at(pos_, std::move(what));
  }

  bool fail_at(size_t at, std::string what) {
    failed_at_ = at;
    failure_ = std::move(what);
    return false;
  }

  std::string found(size_t at) const {
    return detail::found_text(text_, at);
  }

  bool expected(const std::string& what) {
    return fail("expected " + what + ", found " + found(pos_));
  }

  caf::error error() const {
    return make_error(errc::invalid_argument, "cannot read a record id at byte "
                                                + std::to_string(failed_at_) + ": " + failure_);
  }

  std::string trailing_text_message(const record_id& result) const {
    if (peek() == '.' && (result.key->is<int64_t>()))
      return "numeric record keys are integers, found `.` after one";
    return "unexpected " + found(pos_) + " after the record id";
  }

  // -- depth -----------------------------------------------------------------

  // Counts one level of nesting while alive; `ok()` is false (and the failure
  // recorded) when the level is one too many.
  class level {
  public:
    explicit level(reader& r) : r_(r) {
      if (r_.depth_ >= max_depth) {
        r_.fail("nested deeper than " + std::to_string(max_depth) + " levels");
        ok_ = false;
      } else if (detail::stack_room() < stack_reserve) {
        r_.fail("nested too deeply for the stack of this thread");
        ok_ = false;
      }
      if (!ok_)
        return;
      ++r_.depth_;
    }
    ~level() {
      if (ok_)
        --r_.depth_;
    }
    level(const level&) = delete;
    level& operator=(const level&) = delete;
    bool ok() const {
      return ok_;
    }

  private:
    reader& r_;
    bool ok_ = true;
  };

  // -- characters ------------------------------------------------------------

  bool at_end() const {
    return pos_ >= text_.size();
  }

  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  bool starts_with(std::string_view s) const {
    return text_.substr(pos_, s.size()) == s;
  }

  bool eat(char c) {
    if (at_end() || text_[pos_] != c)
      return false;
    ++pos_;
    return true;
  }

  bool eat(std::string_view s) {
    if (!starts_with(s))
      return false;
    pos_ += s.size();
    return true;
  }

  // Whitespace and comments (`--`, `//`, `#` to the end of the line, `/* */`),
  // allowed between the tokens of values inside a key, not around the `:`.
  bool skip_space() {
    for (;;) {
      auto c = peek();
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++pos_;
      } else if (starts_with("--") || starts_with("//") || c == '#') {
        while (!at_end() && peek() != '\n')
          ++pos_;
      } else if (starts_with("/*")) {
        auto start = pos_;
        auto close = text_.find("*/", pos_ + 2);
        if (close == std::string_view::npos)
          return fail_at(start, "unclosed comment `/*`");
        pos_ = close + 2;
      } else {
        return true;
      }
    }
  }

  // The plain word `[A-Za-z0-9_]*` at the position, not consumed.
  std::string_view word_at(size_t at) const {
    auto end = at;
    while (end < text_.size() && is_word_char(text_[end]))
      ++end;
    return text_.substr(at, end - at);
  }

  bool at_escaped_ident() const {
    return peek() == '`' || starts_with(open_angle);
  }

  // -- escapes and quoted text -----------------------------------------------

  // After a backslash: SurrealQL's escapes, shared by strings and escaped
  // identifiers.
  bool escape(std::string& out) {
    auto start = pos_ - 1;
    if (at_end())
      return fail_at(start, "unfinished escape `\\` at the end of the text");
    auto c = text_[pos_++];
    switch (c) {
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case '0':
        out += '\0';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case '\\':
      case '\'':
      case '"':
      case '`':
        out += c;
        return true;
      case 'u':
        return unicode_escape(out, start);
      default:
        break;
    }
    --pos_;
    if (starts_with(close_angle))
      return fail_at(start, "invalid escape `\\⟩`: SurrealQL has none, write ⟩ as `\\u{27E9}` "
                            "or put the text in backticks");
    return fail_at(start,
                   "invalid escape `\\" + std::string{text_.substr(pos_, utf8_length(c))} + "`");
  }

  // `\u{X..}` (up to 6 hex digits) or `\uXXXX`, a Unicode scalar value.
  bool unicode_escape(std::string& out, size_t start) {
    uint32_t cp = 0;
    if (eat('{')) {
      size_t digits = 0;
      while (!at_end() && peek() != '}') {
        auto d = hex_digit(peek());
        if (d < 0 || digits == 6)
          return fail("invalid escape: expected a hex digit or `}` in `\\u{...}`, found "
                      + found(pos_));
        cp = cp * 16 + static_cast<uint32_t>(d);
        ++digits;
        ++pos_;
      }
      if (!eat('}'))
        return fail("invalid escape: `\\u{` is not closed");
    } else {
      for (int i = 0; i < 4; ++i) {
        auto d = hex_digit(peek());
        if (d < 0)
          return fail("invalid escape: `\\u` needs 4 hex digits, found " + found(pos_));
        cp = cp * 16 + static_cast<uint32_t>(d);
        ++pos_;
      }
    }
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return fail_at(start, "invalid escape: not a Unicode character");
    append_utf8(out, cp);
    return true;
  }

  // Text up to the closing delimiter `close`, with escapes; the opening one
  // (at `open`) is consumed already.
  bool quoted(std::string& out, std::string_view close, size_t open, const char* what) {
    for (;;) {
      if (at_end())
        return fail_at(open, std::string{"unclosed "} + what);
      if (eat(close))
        return true;
      auto c = text_[pos_++];
      if (c == '\\') {
        if (!escape(out))
          return false;
      } else {
        out += c;
      }
    }
  }

  bool string_literal(std::string& out) {
    auto open = pos_;
    auto quote = text_[pos_++];
    return quoted(out, quote == '"' ? "\"" : "'", open, "string");
  }

  // `⟨...⟩` or `` `...` ``.
  bool escaped_ident(std::string& out) {
    auto open = pos_;
    if (eat('`'))
      return quoted(out, "`", open, "`` ` `` identifier");
    pos_ += open_angle.size();
    return quoted(out, close_angle, open, "`⟨` identifier");
  }

  // -- identifiers and record ids --------------------------------------------

  // A table name: plain identifier (keywords too, as SurrealQL allows) or
  // escaped.
  bool table_name(std::string& out) {
    if (at_escaped_ident())
      return escaped_ident(out);
    auto c = peek();
    if (is_digit(c))
      return fail("a table name cannot start with a digit; write it in backticks");
    if (!is_word_start(c))
      return expected("a table name");
    auto word = word_at(pos_);
    if (word == "NaN" || word == "Infinity")
      return fail("`" + std::string{word} + "` is a number, not a table name; write it in "
                  + "backticks");
    out = std::string{word};
    pos_ += word.size();
    return true;
  }

  // `table:key`, the key possibly a range. At the top level `top` is true.
  bool record(record_id& out, bool top) {
    if (at_end() && top)
      return fail("expected a record id, found an empty text");
    if (!table_name(out.table))
      return false;
    if (!eat(':'))
      return expected("`:` after the table name");
    return key_or_range(*out.key);
  }

  // A key or a record-id range (`1..10`, `a>..=z`, `..`). Like val, it
  // keeps its frame small and the range out of line.
  bool key_or_range(value& out) {
    if (eat(".."))
      return key_range_from(bound::unbounded(), out);
    if (!record_key(out))
      return false;
    if (eat('>')) {
      if (!eat(".."))
        return expected("`..` after `>`");
      return key_range_from(bound::excluded(std::move(out)), out);
    }
    if (eat(".."))
      return key_range_from(bound::included(std::move(out)), out);
    return true;
  }

  // The rest of a record-id range after `..`, whose lower end is `begin`.
  [[gnu::noinline]] bool key_range_from(bound begin, value& out) {
    bound end;
    if (eat('=')) {
      value key;
      if (!record_key(key))
        return false;
      end = bound::included(std::move(key));
    } else if (starts_record_key()) {
      value key;
      if (!record_key(key))
        return false;
      end = bound::excluded(std::move(key));
    }
    out = range{std::move(begin), std::move(end)};
    return true;
  }

  bool starts_record_key() const {
    auto c = peek();
    return is_word_char(c) || c == '{' || c == '[' || c == '+' || c == '-' || c == '\'' || c == '"'
           || at_escaped_ident();
  }

  // One record key, no range.
  bool record_key(value& out) {
    auto c = peek();
    if (c == 'u' && (peek(1) == '\'' || peek(1) == '"'))
      return prefixed(out);
    if (at_escaped_ident())
      return escaped_key(out);
    if (c == '[')
      return array(out);
    if (c == '{')
      return object_key_value(out);
    if (c == '+' || c == '-')
      return signed_key(out);
    if (is_digit(c))
      return digits_key(out);
    if (is_word_start(c)) {
      // `NaN` and `Infinity` too: as a key a word can only be text.
      auto word = word_at(pos_);
      out = std::string{word};
      pos_ += word.size();
      return true;
    }
    if (c == '\'' || c == '"')
      return fail("a string is no record key; write the key in backticks or ⟨⟩");
    return expected("a record key");
  }

  [[gnu::noinline]] bool escaped_key(value& out) {
    std::string s;
    if (!escaped_ident(s))
      return false;
    out = std::move(s);
    return true;
  }

  // A word starting with a digit: an integer when it is one that fits an
  // int64 (leading zeros allowed, no underscores), else text (`123abc`,
  // `1_000`, `99999999999999999999`).
  [[gnu::noinline]] bool digits_key(value& out) {
    auto word = word_at(pos_);
    pos_ += word.size();
    int64_t n = 0;
    auto res = std::from_chars(word.data(), word.data() + word.size(), n);
    if (res.ec == std::errc{} && res.ptr == word.data() + word.size())
      out = n;
    else
      out = std::string{word};
    return true;
  }

  // `+digits` or `-digits`: integers only (`1.5`, `1e3`, `5abc` are refused).
  // As SurrealQL reads them, `+1_000` is the text "1_000" but `-1_000` the
  // integer -1000, and a negative number beyond int64 is its text.
  [[gnu::noinline]] bool signed_key(value& out) {
    auto sign = text_[pos_++];
    if (!is_digit(peek()))
      return expected("digits after `" + std::string(1, sign) + "`");
    auto start = pos_;
    while (is_digit(peek()) || peek() == '_')
      ++pos_;
    auto digits = text_.substr(start, pos_ - start);
    if (is_alpha(peek()))
      return fail("numeric record keys are integers, found " + found(pos_) + " after one");
    if (peek() == '.' && is_digit(peek(1)))
      return fail("numeric record keys are integers, found `.` after one");
    if (sign == '+') {
      int64_t n = 0;
      auto res = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (res.ec == std::errc{} && res.ptr == digits.data() + digits.size())
        out = n;
      else
        out = std::string{digits};
      return true;
    }
    if (auto n = detail::digits_to_int64(digits, true))
      out = *n;
    else
      out = "-" + std::string{digits};
    return true;
  }

  // An object as a record key: always an object (never a set or geometry).
  [[gnu::noinline]] bool object_key_value(value& out) {
    level guard{*this};
    if (!guard.ok())
      return false;
    auto open = pos_++;
    value::object fields;
    if (!object_fields(fields, open))
      return false;
    out = std::move(fields);
    return true;
  }

  // -- values inside array and object keys ------------------------------------

  // A SurrealQL literal value, followed by a range operator if any.
  // Few locals here and in single_value, whose callees are kept out of line:
  // under a sanitizer every local costs stack, and nesting multiplies it.
  bool val(value& out) {
    if (eat(".."))
      return range_from(bound::unbounded(), out);
    if (!single_value(out))
      return false;
    if (eat('>')) {
      if (!eat(".."))
        return expected("`..` after `>`");
      return range_from(bound::excluded(std::move(out)), out);
    }
    if (eat(".."))
      return range_from(bound::included(std::move(out)), out);
    return true;
  }

  // The rest of a value range after `..`, whose lower end is `begin`.
  [[gnu::noinline]] bool range_from(bound begin, value& out) {
    bound end;
    if (!range_end(end))
      return false;
    out = range{std::move(begin), std::move(end)};
    return true;
  }

  // After `..`: `=x`, `x` or nothing (no space before either).
  bool range_end(bound& out) {
    level guard{*this};
    if (!guard.ok())
      return false;
    if (eat('=')) {
      value x;
      if (!val(x))
        return false;
      out = bound::included(std::move(x));
    } else if (starts_value()) {
      value x;
      if (!val(x))
        return false;
      out = bound::excluded(std::move(x));
    }
    return true;
  }

  bool starts_value() const {
    auto c = peek();
    return is_word_char(c) || c == '{' || c == '[' || c == '(' || c == '+' || c == '-' || c == '\''
           || c == '"' || at_escaped_ident();
  }

  bool single_value(value& out) {
    auto c = peek();
    if (at_end())
      return expected("a value");
    if ((c == 'u' || c == 'd' || c == 'b' || c == 'f') && (peek(1) == '\'' || peek(1) == '"'))
      return prefixed(out);
    if (c == '[')
      return array(out);
    if (c == '{')
      return braces(out);
    if (c == '(')
      return parenthesis(out);
    if (c == '\'' || c == '"')
      return string_value(out);
    if (c == '+' || c == '-' || is_digit(c))
      return number(out, true);
    if (at_escaped_ident())
      return nested_record(out);
    if (is_word_start(c))
      return word_value(out);
    return expected("a value");
  }

  [[gnu::noinline]] bool string_value(value& out) {
    std::string s;
    if (!string_literal(s))
      return false;
    out = std::move(s);
    return true;
  }

  // NONE, NULL, true, false (any case, as keywords are), NaN, Infinity, or
  // a record id `table:key`. A table name alone has no SurrealQL literal.
  [[gnu::noinline]] bool word_value(value& out) {
    auto word = word_at(pos_);
    if (text_.substr(pos_ + word.size(), 1) == ":")
      return nested_record(out);
    if (iequals(word, "none"))
      out = none;
    else if (iequals(word, "null"))
      out = null;
    else if (iequals(word, "true"))
      out = true;
    else if (iequals(word, "false"))
      out = false;
    else if (word == "NaN")
      out = std::numeric_limits<double>::quiet_NaN();
    else if (word == "Infinity")
      out = std::numeric_limits<double>::infinity();
    else
      return fail("`" + std::string{word} + "` alone is no value (a table name is refused; "
                  + "a record id is written `table:key`)");
    pos_ += word.size();
    return true;
  }

  [[gnu::noinline]] bool nested_record(value& out) {
    return record(out.data().emplace<record_id>(), false);
  }

  [[gnu::noinline]] bool array(value& out) {
    level guard{*this};
    if (!guard.ok())
      return false;
    auto open = pos_++;
    value::array items;
    for (;;) {
      if (!skip_space())
        return false;
      if (eat(']'))
        break;
      if (at_end())
        return fail_at(open, "unclosed `[`");
      items.emplace_back();
      if (!val(items.back()))
        return false;
      if (!skip_space())
        return false;
      if (eat(']'))
        break;
      if (!eat(','))
        return at_end() ? fail_at(open, "unclosed `[`") : expected("`,` or `]`");
    }
    out = std::move(items);
    return true;
  }

  // `{...}` as a value: an object (a geometry when GeoJSON-shaped) if it
  // starts with `key:`, else a set (`{,}`, `{x,}`, `{x, y}`), as SurrealQL
  // decides. A set whose first member is a record id thus reads as an object.
  [[gnu::noinline]] bool braces(value& out) {
    level guard{*this};
    if (!guard.ok())
      return false;
    auto open = pos_++;
    if (!skip_space())
      return false;
    if (eat('}')) {
      out = value::object{};
      return true;
    }
    if (eat(',')) {
      if (!skip_space())
        return false;
      if (!eat('}'))
        return expected("`}` after `{,`");
      out = set{};
      return true;
    }
    auto start = pos_;
    std::string key;
    if (object_key(key) && skip_space() && peek() == ':') {
      pos_ = start;
      value::object fields;
      if (!object_fields(fields, open))
        return false;
      if (auto g = detail::geometry_from_geojson(fields))
        out = std::move(*g);
      else
        out = std::move(fields);
      return true;
    }
    pos_ = start;
    failure_.clear();
    return set_items(out, open);
  }

  bool set_items(value& out, size_t open) {
    set result;
    for (;;) {
      if (!skip_space())
        return false;
      if (eat('}'))
        break;
      value item;
      if (!val(item))
        return false;
      result.items.push_back(std::move(item));
      if (!skip_space())
        return false;
      if (eat(',')) {
        continue;
      }
      if (at_end())
        return fail_at(open, "unclosed `{`");
      if (result.items.size() == 1)
        return expected("`,`: a set with one value needs a trailing comma");
      if (!eat('}'))
        return expected("`,` or `}`");
      break;
    }
    out = std::move(result);
    return true;
  }

  // The fields after `{` (at `open`) up to `}`; a trailing comma is allowed
  // and a repeated key keeps its last value, as in SurrealQL.
  bool object_fields(value::object& out, size_t open) {
    for (;;) {
      if (!skip_space())
        return false;
      if (eat('}'))
        return true;
      if (at_end())
        return fail_at(open, "unclosed `{`");
      std::string key;
      if (!object_key(key))
        return false;
      if (!skip_space())
        return false;
      if (!eat(':'))
        return expected("`:` after the object key");
      if (!skip_space())
        return false;
      value x;
      if (!val(x))
        return false;
      out[std::move(key)] = std::move(x);
      if (!skip_space())
        return false;
      if (eat('}'))
        return true;
      if (!eat(','))
        return at_end() ? fail_at(open, "unclosed `{`") : expected("`,` or `}`");
    }
  }

  // A plain word (keywords included), an escaped identifier, a string, or a
  // number, whose text is the key (`{ 4.5: x }` has the key "4.5").
  bool object_key(std::string& out) {
    auto c = peek();
    if (at_escaped_ident())
      return escaped_ident(out);
    if (c == '\'' || c == '"')
      return string_literal(out);
    if (is_digit(c)) {
      auto start = pos_;
      if (!scan_number())
        return false;
      out = std::string{text_.substr(start, pos_ - start)};
      return true;
    }
    if (is_word_start(c)) {
      auto word = word_at(pos_);
      if (word == "NaN" || word == "Infinity")
        return fail("`" + std::string{word} + "` is no object key; write it in quotes");
      out = std::string{word};
      pos_ += word.size();
      return true;
    }
    return expected("an object key");
  }

  // `(x, y)`, a point, or `(value)`.
  [[gnu::noinline]] bool parenthesis(value& out) {
    level guard{*this};
    if (!guard.ok())
      return false;
    auto open = pos_++;
    if (!skip_space())
      return false;
    auto c = peek();
    value first;
    if (c == '+' || c == '-' || is_digit(c)) {
      auto start = pos_;
      if (!number(first, true))
        return false;
      if (!skip_space())
        return false;
      if (eat(',')) {
        auto x = coordinate(first);
        if (!x || std::isnan(*x))
          return fail_at(start, "a point's coordinates are integers or floats, not NaN");
        if (!skip_space())
          return false;
        value second;
        auto y_start = pos_;
        if (is_word_start(peek())) {
          if (!word_value(second))
            return false;
        } else if (!number(second, false)) {
          return false;
        }
        auto y = coordinate(second);
        if (!y)
          return fail_at(y_start, "a point's coordinates are integers or floats");
        if (!skip_space())
          return false;
        if (!eat(')'))
          return at_end() ? fail_at(open, "unclosed `(`") : expected("`)`");
        out = point{*x, *y};
        return true;
      }
    } else if (!val(first)) {
      return false;
    }
    if (!skip_space())
      return false;
    if (!eat(')'))
      return at_end() ? fail_at(open, "unclosed `(`") : expected("`)`");
    out = std::move(first);
    return true;
  }

  static std::optional<double> coordinate(const value& x) {
    if (auto d = x.get_if<double>())
      return *d;
    if (auto n = x.get_if<int64_t>())
      return static_cast<double>(*n);
    return std::nullopt;
  }

  // -- numbers ------------------------------------------------------------------

  bool took(const detail::literal_scan& scanned) {
    if (!scanned.ok())
      return fail_at(scanned.error_at, scanned.error);
    pos_ = scanned.end;
    return true;
  }

  // Past a number's text (an object key such as `4.5`).
  bool scan_number() {
    return took(detail::scan_number(text_, pos_));
  }

  // An integer, float, decimal or (when `durations`) duration literal.
  [[gnu::noinline]] bool number(value& out, bool durations) {
    return took(detail::read_number(text_, pos_, durations, out));
  }

  // -- prefixed literals --------------------------------------------------------

  // `u'...'`, `d'...'`, `b'...'` or `f'...'` (either quote).
  [[gnu::noinline]] bool prefixed(value& out) {
    auto start = pos_;
    auto prefix = text_[pos_++];
    if (prefix == 'f')
      return file(out, start);
    std::string content;
    if (!string_literal(content))
      return false;
    switch (prefix) {
      case 'u': {
        auto u = uuid_of(content);
        if (!u)
          return fail_at(start, "expected a UUID as 8-4-4-4-12 hex digits in `u'...'`");
        out = *u;
        return true;
      }
      case 'd': {
        auto d = parse_datetime(content);
        if (!d)
          return fail_at(start, "expected an RFC 3339 datetime in `d'...'`");
        out = *d;
        return true;
      }
      default: {
        auto b = bytes_of(content);
        if (!b)
          return fail_at(start, "expected pairs of hex digits in `b\"...\"`");
        out = std::move(*b);
        return true;
      }
    }
  }

  static std::optional<uuid> uuid_of(const std::string& s) {
    if (s.size() != 36)
      return std::nullopt;
    uuid result{};
    size_t byte = 0;
    for (size_t i = 0; i < s.size();) {
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (s[i] != '-')
          return std::nullopt;
        ++i;
        continue;
      }
      auto hi = hex_digit(s[i]);
      auto lo = hex_digit(s[i + 1]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      result.data[byte++] = static_cast<uint8_t>(hi * 16 + lo);
      i += 2;
    }
    return result;
  }

  static std::optional<bytes> bytes_of(const std::string& s) {
    if (s.size() % 2 != 0)
      return std::nullopt;
    bytes result;
    result.reserve(s.size() / 2);
    for (size_t i = 0; i < s.size(); i += 2) {
      auto hi = hex_digit(s[i]);
      auto lo = hex_digit(s[i + 1]);
      if (hi < 0 || lo < 0)
        return std::nullopt;
      result.push_back(static_cast<uint8_t>(hi * 16 + lo));
    }
    return result;
  }

  // `f"bucket:/key"` as to_string writes it: a backslash makes the character
  // after it plain (the printer escapes all but `[A-Za-z0-9._-]` and `/`).
  bool file(value& out, size_t start) {
    auto quote = text_[pos_++];
    file_ref result;
    std::string* part = &result.bucket;
    for (;;) {
      if (at_end())
        return fail_at(start, "unclosed file literal");
      auto c = text_[pos_++];
      if (c == quote)
        break;
      if (c == '\\') {
        if (at_end())
          return fail_at(start, "unclosed file literal");
        auto len = utf8_length(peek());
        part->append(text_.substr(pos_, len));
        pos_ += len;
      } else if (c == ':' && part == &result.bucket) {
        part = &result.key;
      } else {
        *part += c;
      }
    }
    if (part == &result.bucket)
      return fail_at(start, "expected `bucket:/key` in the file literal");
    out = std::move(result);
    return true;
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t depth_ = 0;
  size_t failed_at_ = 0;
  std::string failure_;
};

} // namespace

caf::expected<record_id> record_id::parse(std::string_view text) {
  return reader{text}.run();
}

} // namespace surrealcaf
