#pragma once

// The value model: `value` and the types it can hold (NONE, NULL, decimal,
// table, record id, range, set, ...). They are one concept: each exists only
// as an alternative of `value`. Datetimes, durations and geometries have
// headers of their own because they carry their own arithmetic and parsing.

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <boost/uuid/uuid.hpp>

#include "caf/expected.hpp"

#include "surrealcaf/datetime.hpp"
#include "surrealcaf/detail/box.hpp"
#include "surrealcaf/duration.hpp"
#include "surrealcaf/geometry.hpp"

namespace surrealcaf {

class value;

/// SurrealDB's NONE: "no value" (a missing field), distinct from NULL.
struct none_t {
  /// All NONEs are equal.
  ///@{
  friend bool operator==(none_t, none_t) { return true; }
  friend bool operator!=(none_t, none_t) { return false; }
  ///@}
};
/// NONE, as in `value{none}`; a default-constructed `value` is NONE too.
constexpr none_t none{};

/// SurrealDB's NULL: an explicit empty value.
struct null_t {
  /// All NULLs are equal.
  ///@{
  friend bool operator==(null_t, null_t) { return true; }
  friend bool operator!=(null_t, null_t) { return false; }
  ///@}
};
/// NULL, as in `value{null}` (or `value{nullptr}`).
constexpr null_t null{};

/// An exact decimal number, kept as the server's text (`"3.14159265358979323846"`)
/// so no digit is lost. Equality compares the text.
struct decimal {
  /// The number as SurrealDB writes it; not checked.
  std::string text;
  /// Compare the text: `1.0` and `1.00` differ.
  ///@{
  friend bool operator==(const decimal& a, const decimal& b) { return a.text == b.text; }
  friend bool operator!=(const decimal& a, const decimal& b) { return !(a == b); }
  ///@}
};

/// Raw bytes.
using bytes = std::vector<uint8_t>;

/// A UUID (Boost.Uuid): `boost::uuids::random_generator{}()` makes a v4,
/// `parse_uuid` reads one from text.
using uuid = boost::uuids::uuid;

/// Parses a UUID in any form `boost::uuids::string_generator` reads: 32 hex
/// digits in either case, with or without the four dashes, optionally in
/// braces. Returns nothing on anything else.
std::optional<uuid> parse_uuid(std::string_view text);

/// A table name used as a value (CBOR tag 7), e.g. the target of `select`.
struct table {
  /// The table's name, unquoted.
  std::string name;
  /// Compare the names.
  ///@{
  friend bool operator==(const table& a, const table& b) { return a.name == b.name; }
  friend bool operator!=(const table& a, const table& b) { return !(a == b); }
  ///@}
};

/// A reference to a stored file: bucket and key (CBOR tag 55).
struct file_ref {
  /// The bucket's name.
  std::string bucket;
  /// The file's key within the bucket (`/key.txt`).
  std::string key;
  /// Compare bucket and key.
  ///@{
  friend bool operator==(const file_ref& a, const file_ref& b) {
    return a.bucket == b.bucket && a.key == b.key;
  }
  friend bool operator!=(const file_ref& a, const file_ref& b) { return !(a == b); }
  ///@}
};

/// One end of a range.
struct bound {
  /// Whether the end is open, or includes or excludes `limit`
  /// (CBOR: `null`, tag 50, tag 51).
  enum class kind : uint8_t { unbounded, included, excluded };
  /// Which kind of end this is.
  kind type = kind::unbounded;
  detail::box<value> limit; ///< NONE when unbounded.

  /// An open end (`..5`, `1..`).
  static bound unbounded();
  /// An end that includes `x` (`..=5`; a range's begin usually is one).
  static bound included(value x);
  /// An end that excludes `x` (`..5`, `1>..`).
  static bound excluded(value x);
};
/// Equal when of the same kind and, unless unbounded, with equal limits.
///@{
bool operator==(const bound& a, const bound& b);
inline bool operator!=(const bound& a, const bound& b) { return !(a == b); }
///@}

/// A range of values (CBOR tag 49): `1..10`, `` 'a'..='z' ``, `..5`. Also the key of
/// a record-id range such as `person:1..=10`.
struct range {
  bound begin; ///< The lower end.
  bound end;   ///< The upper end.
};
/// Compare both ends.
///@{
bool operator==(const range& a, const range& b);
inline bool operator!=(const range& a, const range& b) { return !(a == b); }
///@}

/// A record id `table:key` (CBOR tag 8). The key may be an integer, string,
/// uuid, array, object or (for a record-id range) a range.
struct record_id {
  /// The table's name, unquoted.
  std::string table;
  /// The key; NONE in a default-constructed id, which the server refuses
  /// (see `valid_record_key`).
  detail::box<value> key;

  /// An id without a key.
  record_id() = default;
  /// `tb:k`, e.g. `record_id{"person", "tobie"}`. The key is not checked.
  record_id(std::string tb, value k);

  /// Reads a record id written in SurrealQL: `person:tobie`, `person:⟨tobie⟩`,
  /// ``person:`a b` ``, `person:-7`, `` person:u'...' ``, `person:['London', 2026]`,
  /// `person:{ a: 1 }`, `person:1..=10`; the inverse of `to_string(record_id)`,
  /// so `parse(to_string(x)) == x` for every id `to_string` prints whose
  /// values SurrealQL can write (not table values; see docs/values.md,
  /// "Parsing record ids", for the rules and what is refused).
  /// Errors: `errc::invalid_argument` whose context names the byte offset and
  /// what was expected there. Never throws; any thread may call it.
  static caf::expected<record_id> parse(std::string_view text);
};
/// Compare table and key.
bool operator==(const record_id& a, const record_id& b);

/// True if SurrealDB accepts `key` as a record id's key: an integer, string,
/// uuid, array or object, or a range whose bounds are such keys.
bool valid_record_key(const value& key);
/// Compare table and key.
inline bool operator!=(const record_id& a, const record_id& b) { return !(a == b); }

/// A set (CBOR tag 56): like an array, but SurrealDB keeps it de-duplicated
/// and ordered. Sent and compared as given.
struct set {
  /// The members, in the order given or received.
  std::vector<value> items;
};
/// Compare the members in order, as given (no set semantics).
///@{
bool operator==(const set& a, const set& b);
inline bool operator!=(const set& a, const set& b) { return !(a == b); }
///@}

/// Thrown by `value::get<T>()` when the value holds another kind.
class bad_value_access : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

/// Any SurrealDB value. Regular (copyable, movable, `==`), cheap to move, and
/// printable as SurrealQL with `to_string`. Build by hand:
/// @code
/// value person{{"name", "Tobie"}, {"age", 42}, {"id", record_id{"person", "tobie"}}};
/// value list = value::array{1, "two", 3.0};
/// @endcode
/// Thread safety: a value is plain data; share const values freely, and
/// mutate one from one thread at a time.
/// Nesting: copying, comparing, printing and encoding recurse once per level
/// of nesting; destroying does not (except inside a geometry collection,
/// whose members are geometries, not values). The decoders produce at most
/// `cbor::default_max_depth` (2048) levels.
class value {
public:
  /// SurrealDB's array.
  using array = std::vector<value>;
  /// SurrealDB's object: fields by name, ordered by name.
  using object = std::map<std::string, value>;

  /// The kinds of value, in the order of `variant_type`.
  enum class kind : uint8_t {
    none, null, boolean, integer, floating, decimal, string, bytes, uuid, datetime,
    duration, table, record_id, array, object, range, geometry, file, set,
  };

  /// What a value holds: one alternative per `kind`, in the same order.
  using variant_type = std::variant<none_t, null_t, bool, int64_t, double, decimal, std::string,
                                    bytes, uuid, datetime, duration, table, record_id, array,
                                    object, range, geometry, file_ref, set>;

  /// NONE.
  value() = default;
  /// Holds `x` (NONE, NULL, a bool, a number, text, ...). Implicit, so that
  /// `value v = 42;` and `value::array{1, "two", 3.0}` work. A `float`
  /// becomes a double, text a `std::string`, a `point` a `geometry`, and
  /// `nullptr` NULL.
  ///@{
  value(none_t) {}
  value(null_t) : data_(null_t{}) {}
  value(std::nullptr_t) : data_(null_t{}) {}
  value(bool x) : data_(x) {}
  /// Any integer type. Throws std::out_of_range for unsigned values above
  /// INT64_MAX: SurrealDB integers are signed 64-bit.
  template <class T, class = std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>
                                              && !std::is_same_v<T, char>>>
  value(T x) : data_(checked_int(x)) {}
  value(double x) : data_(x) {}
  value(float x) : data_(static_cast<double>(x)) {}
  value(decimal x) : data_(std::move(x)) {}
  value(std::string x) : data_(std::move(x)) {}
  value(const char* x) : data_(std::string{x}) {}
  value(std::string_view x) : data_(std::string{x.data(), x.size()}) {}
  value(bytes x) : data_(std::move(x)) {}
  value(uuid x) : data_(x) {}
  value(datetime x) : data_(x) {}
  value(duration x) : data_(x) {}
  value(table x) : data_(std::move(x)) {}
  value(record_id x) : data_(std::move(x)) {}
  value(array x) : data_(std::move(x)) {}
  value(object x) : data_(std::move(x)) {}
  value(range x) : data_(std::move(x)) {}
  value(geometry x) : data_(std::move(x)) {}
  value(point x) : data_(geometry{x}) {}
  value(file_ref x) : data_(std::move(x)) {}
  value(set x) : data_(std::move(x)) {}
  ///@}
  /// An object from key/value pairs: `value{{"name", "Tobie"}, {"age", 42}}`.
  value(std::initializer_list<std::pair<const std::string, value>> fields)
    : data_(object(fields)) {}

  /// Deep copies; a move leaves the source valid but unspecified.
  ///@{
  value(const value&) = default;
  value(value&&) = default;
  value& operator=(const value&) = default;
  value& operator=(value&&) = default;
  ///@}

  /// Iterative: nested arrays, objects, sets, record-id keys and range
  /// bounds are taken apart on the heap, so destroying a deeply nested value
  /// needs no stack per level.
  ~value();

  /// The kind held.
  kind type() const noexcept { return static_cast<kind>(data_.index()); }

  /// Shorthands for `type() == kind::none` and `type() == kind::null`.
  ///@{
  bool is_none() const noexcept { return type() == kind::none; }
  bool is_null() const noexcept { return type() == kind::null; }
  ///@}

  /// True if the value holds a `T` (one of the `variant_type` alternatives).
  template <class T>
  bool is() const noexcept {
    return std::holds_alternative<T>(data_);
  }

  /// The held `T`, or nullptr.
  ///@{
  template <class T>
  const T* get_if() const noexcept {
    return std::get_if<T>(&data_);
  }
  template <class T>
  T* get_if() noexcept {
    return std::get_if<T>(&data_);
  }
  ///@}

  /// The held `T`. Throws bad_value_access naming both kinds otherwise.
  ///@{
  template <class T>
  const T& get() const {
    if (auto ptr = get_if<T>())
      return *ptr;
    throw_bad_access(static_cast<kind>(variant_type(T{}).index()));
  }
  template <class T>
  T& get() {
    if (auto ptr = get_if<T>())
      return *ptr;
    throw_bad_access(static_cast<kind>(variant_type(T{}).index()));
  }
  ///@}

  /// Object field by name: NONE when this is not an object or has no such
  /// field (as SurrealQL's `obj.missing` is NONE).
  const value& operator[](const std::string& key) const;

  /// Array element: NONE when out of range or not an array.
  const value& operator[](size_t index) const;

  /// The variant itself, for `std::visit`.
  ///@{
  const variant_type& data() const noexcept { return data_; }
  variant_type& data() noexcept { return data_; }
  ///@}

  /// Equal when of the same kind with equal contents (no conversion: the
  /// integer 1 and the float 1.0 differ).
  ///@{
  friend bool operator==(const value& a, const value& b) { return a.data_ == b.data_; }
  friend bool operator!=(const value& a, const value& b) { return !(a == b); }
  ///@}

  /// Converts a user type with nlohmann `to_json` (and our own types) to a
  /// value. Defined in "surrealcaf/convert.hpp"; include it to use this.
  template <class T>
  static value from(const T& x);

  /// Converts to a user type with nlohmann `from_json` (or one of our types).
  /// Defined in "surrealcaf/convert.hpp"; include it to use this.
  template <class T>
  T as() const;

private:
  template <class T>
  static int64_t checked_int(T x) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(int64_t)) {
      if (x > static_cast<T>(std::numeric_limits<int64_t>::max()))
        throw std::out_of_range("integer above INT64_MAX cannot be a SurrealDB value");
    }
    return static_cast<int64_t>(x);
  }

  [[noreturn]] void throw_bad_access(kind wanted) const;

  variant_type data_;
};

/// The kind's name in SurrealQL terms: "none", "int", "record", ...
const char* to_string(value::kind x);

/// SurrealQL text as SurrealDB 3.x writes it (its `ToSql`): `person:tobie`,
/// `` d'2026-01-01T00:00:00Z' ``, `1h30m`, `` u'...' ``, `` { age: 42, name: 'Tobie' } ``,
/// `[1, 2]`, `1..=10`, `person:1>..10`; see docs/values.md. `to_string(uuid)`
/// gives the `` u'...' `` literal; call `boost::uuids::to_string` for bare text.
///@{
std::string to_string(const value& x);
std::string to_string(const record_id& x);
std::string to_string(const range& x);
std::string to_string(const geometry& x);
std::string to_string(const uuid& x);
///@}

} // namespace surrealcaf
