#include "surrealcaf/value.hpp"

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
  switch (key.type()) {
    case value::kind::integer:
    case value::kind::string:
    case value::kind::uuid:
    case value::kind::array:
    case value::kind::object:
      return true;
    case value::kind::range: {
      auto& r = key.get<range>();
      auto valid_bound = [](const bound& b) {
        return b.type == bound::kind::unbounded || valid_record_key(*b.limit);
      };
      return valid_bound(r.begin) && valid_bound(r.end);
    }
    default:
      return false;
  }
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

// -- value -------------------------------------------------------------------

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
  switch (x) {
    case value::kind::none:
      return "none";
    case value::kind::null:
      return "null";
    case value::kind::boolean:
      return "bool";
    case value::kind::integer:
      return "int";
    case value::kind::floating:
      return "float";
    case value::kind::decimal:
      return "decimal";
    case value::kind::string:
      return "string";
    case value::kind::bytes:
      return "bytes";
    case value::kind::uuid:
      return "uuid";
    case value::kind::datetime:
      return "datetime";
    case value::kind::duration:
      return "duration";
    case value::kind::table:
      return "table";
    case value::kind::record_id:
      return "record";
    case value::kind::array:
      return "array";
    case value::kind::object:
      return "object";
    case value::kind::range:
      return "range";
    case value::kind::geometry:
      return "geometry";
    case value::kind::file:
      return "file";
    case value::kind::set:
      return "set";
  }
  return "unknown";
}

} // namespace surrealcaf
