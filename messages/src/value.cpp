#include "surrealcaf/value.hpp"

#include <new>
#include <utility>
#include <vector>

#include <boost/uuid/string_generator.hpp>

#include "surrealcaf/detail/enum_names.hpp"

namespace surrealcaf {

// -- bound, range, record_id, set, geometry ----------------------------------

bound bound::unbounded() {
  return {};
}

bound bound::included(value x) {
  bound result;
  result.type = kind::included;
  result.limit = std::move(x);
  return result;
}

bound bound::excluded(value x) {
  bound result;
  result.type = kind::excluded;
  result.limit = std::move(x);
  return result;
}

bool operator==(const bound& a, const bound& b) {
  // An unbounded end carries no value, so its (NONE) limit is not compared.
  if (a.type != b.type)
    return false;
  return a.type == bound::kind::unbounded || a.limit == b.limit;
}

bool operator==(const range& a, const range& b) {
  return a.begin == b.begin && a.end == b.end;
}

record_id::record_id(std::string tb, value k) : table(std::move(tb)), key(std::move(k)) {
  // nop
}

bool operator==(const record_id& a, const record_id& b) {
  return a.table == b.table && a.key == b.key;
}

bool valid_record_key(const value& key) {
  if (auto r = key.get_if<range>()) {
    auto valid_bound = [](const bound& b) {
      return b.type == bound::kind::unbounded || valid_record_key(*b.limit);
    };
    return valid_bound(r->begin) && valid_bound(r->end);
  }
  return key.is<int64_t>() || key.is<std::string>() || key.is<uuid>() || key.is<value::array>()
         || key.is<value::object>();
}

bool operator==(const set& a, const set& b) {
  return a.items == b.items;
}

bool operator==(const geometry& a, const geometry& b) {
  return a.data == b.data;
}

bool operator==(const geometry_collection& a, const geometry_collection& b) {
  return a.items == b.items;
}

// -- uuid --------------------------------------------------------------------

std::optional<uuid> parse_uuid(std::string_view text) {
  try {
    return boost::uuids::string_generator{}(text.begin(), text.end());
  } catch (const std::runtime_error&) {
    return std::nullopt;
  }
}

// -- value -------------------------------------------------------------------

namespace {

// Whether a value of kind `k` can hold further values.
bool holds_values(value::kind k) {
  switch (k) {
    case value::kind::array:
    case value::kind::object:
    case value::kind::set:
    case value::kind::record_id:
    case value::kind::range:
      return true;
    default:
      return false;
  }
}

// Whether destroying `x` could recurse: a container, or a record id or range
// whose key or limits are containers. A record id with a plain key (most of
// them: one in every record) is destroyed without the work list.
bool has_children(const value& x) {
  if (auto id = x.get_if<record_id>())
    return holds_values(std::as_const(id->key).get().type());
  if (auto r = x.get_if<range>())
    return holds_values(std::as_const(r->begin.limit).get().type())
           || holds_values(std::as_const(r->end.limit).get().type());
  return holds_values(x.type());
}

// Destructors must not throw: when the work list cannot grow, `x` stays
// where it is and is destroyed in place, recursively (push_back leaves it
// untouched when it fails).
void take_if_nested(value& x, std::vector<value>& out) noexcept {
  if (has_children(x)) {
    try {
      out.push_back(std::move(x));
    } catch (const std::bad_alloc&) {
      // destroyed in place
    }
  }
}

void take_if_nested(detail::box<value>& x, std::vector<value>& out) noexcept {
  // The const view does not allocate an empty box's value.
  if (has_children(std::as_const(x).get()))
    take_if_nested(*x, out);
}

// Moves the children of `x` that have children themselves into `out`; what
// stays in `x` is then destroyed without recursion.
void take_nested_children(value& x, std::vector<value>& out) {
  auto& data = x.data();
  if (auto items = std::get_if<value::array>(&data)) {
    for (auto& item : *items)
      take_if_nested(item, out);
  } else if (auto fields = std::get_if<value::object>(&data)) {
    for (auto& field : *fields)
      take_if_nested(field.second, out);
  } else if (auto s = std::get_if<set>(&data)) {
    for (auto& item : s->items)
      take_if_nested(item, out);
  } else if (auto id = std::get_if<record_id>(&data)) {
    take_if_nested(id->key, out);
  } else if (auto r = std::get_if<range>(&data)) {
    take_if_nested(r->begin.limit, out);
    take_if_nested(r->end.limit, out);
  }
}

} // namespace

value::~value() {
  if (!has_children(*this))
    return;
  // Each value taken out has had its own nested children taken out before
  // it dies, so no destructor below recurses more than one level.
  std::vector<value> pending;
  take_nested_children(*this, pending);
  while (!pending.empty()) {
    auto x = std::move(pending.back());
    pending.pop_back();
    take_nested_children(x, pending);
  }
}

const value& value::operator[](const std::string& key) const {
  static const value missing;
  if (auto obj = get_if<object>()) {
    if (auto i = obj->find(key); i != obj->end())
      return i->second;
  }
  return missing;
}

const value& value::operator[](size_t index) const {
  static const value missing;
  if (auto arr = get_if<array>(); arr && index < arr->size())
    return (*arr)[index];
  return missing;
}

void value::throw_bad_access(kind wanted) const {
  throw bad_value_access(std::string{"value holds "} + to_string(type()) + ", not "
                         + to_string(wanted));
}

const char* to_string(value::kind x) {
  static constexpr detail::enum_names<value::kind::none, value::kind::set> names{
    "none", "null", "bool", "int", "float", "decimal", "string", "bytes", "uuid", "datetime",
    "duration", "table", "record", "array", "object", "range", "geometry", "file", "set"};
  return names.name_or(x, "unknown");
}

} // namespace surrealcaf
