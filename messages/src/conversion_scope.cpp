#include "surrealcaf/detail/conversion_scope.hpp"

#include <atomic>
#include <cstring>
#include <iterator>
#include <utility>
#include <variant>

#include "surrealcaf/datetime.hpp"
#include "surrealcaf/detail/json_decode.hpp"
#include "surrealcaf/duration.hpp"
#include "surrealcaf/json.hpp"

namespace surrealcaf::detail {

namespace {

// A placeholder is a nlohmann binary value with this subtype ("surrealc" in
// ASCII) and a payload of two native uint64: the scope's serial and a slot.
// Binary values never come out of JSON text, and user code would have to
// pick this exact subtype and size to fake one; the serial makes a
// placeholder that escaped its scope detectable instead of aliasing a slot of
// a later scope.
constexpr uint64_t placeholder_subtype = 0x7375727265616c63;
constexpr size_t placeholder_size = 2 * sizeof(uint64_t);

std::atomic<uint64_t> next_serial{1};

thread_local conversion_scope* innermost = nullptr;

struct placeholder {
  uint64_t serial;
  uint64_t slot;
};

nlohmann::json make_placeholder(uint64_t serial, uint64_t slot) {
  std::vector<uint8_t> payload(placeholder_size);
  std::memcpy(payload.data(), &serial, sizeof(serial));
  std::memcpy(payload.data() + sizeof(serial), &slot, sizeof(slot));
  return nlohmann::json::binary(std::move(payload), placeholder_subtype);
}

std::optional<placeholder> read_placeholder(const nlohmann::json& node) {
  if (!node.is_binary())
    return std::nullopt;
  const auto& bin = node.get_binary();
  if (!bin.has_subtype() || bin.subtype() != placeholder_subtype || bin.size() != placeholder_size)
    return std::nullopt;
  placeholder result;
  std::memcpy(&result.serial, bin.data(), sizeof(result.serial));
  std::memcpy(&result.slot, bin.data() + sizeof(result.serial), sizeof(result.slot));
  return result;
}

// The kind `from_json` would make of a node, for messages.
const char* json_kind(const nlohmann::json& node) {
  using t = nlohmann::json::value_t;
  static constexpr std::pair<t, const char*> kinds[] = {
    {t::null, "null"}, {t::discarded, "null"}, {t::boolean, "bool"}, {t::number_integer, "int"},
    {t::number_unsigned, "int"}, {t::number_float, "float"}, {t::string, "string"},
    {t::binary, "bytes"}, {t::array, "array"}, {t::object, "object"}};
  for (const auto& [type, name] : kinds)
    if (type == node.type())
      return name;
  return "unknown";
}

bool find_path(const nlohmann::json& at, const nlohmann::json* target, std::string& path) {
  if (&at == target)
    return true;
  auto size = path.size();
  if (at.is_array()) {
    for (size_t i = 0; i < at.size(); ++i) {
      path += path_segment(i);
      if (find_path(at[i], target, path))
        return true;
      path.resize(size);
    }
  } else if (at.is_object()) {
    for (const auto& [key, field] : at.items()) {
      path += path_segment(key);
      if (find_path(field, target, path))
        return true;
      path.resize(size);
    }
  }
  return false;
}

// Reads a string node with `parse`, which answers std::optional<T>.
template <class T, class Parse>
bool read_parsed(const nlohmann::json& node, T& x, Parse parse) {
  if (!node.is_string())
    return false;
  const auto& text = node.get_ref<const std::string&>();
  if (auto parsed = parse(std::string_view{text})) {
    x = *parsed;
    return true;
  }
  return false;
}

bool in_to_value_scope() {
  auto scope = conversion_scope::current();
  return scope != nullptr && scope->dir() == conversion_scope::direction::to_value;
}

} // namespace

// -- conversion_scope ---------------------------------------------------------

conversion_scope::conversion_scope(direction dir)
  : dir_(dir), serial_(next_serial.fetch_add(1, std::memory_order_relaxed)), outer_(innermost) {
  innermost = this;
}

conversion_scope::~conversion_scope() {
  innermost = outer_;
}

conversion_scope* conversion_scope::current() noexcept {
  return innermost;
}

nlohmann::json conversion_scope::embed(value x) {
  owned_.push_back(std::move(x));
  return make_placeholder(serial_, owned_.size() - 1);
}

const nlohmann::json& conversion_scope::expose(const value& x) {
  if (!exposed_) {
    expose_into(root_, x);
    exposed_ = true;
  }
  return root_;
}

void conversion_scope::expose_into(nlohmann::json& out, const value& x) {
  // Children are filled in place (arrays sized first, map nodes never move) so
  // the addresses kept in remembered_ stay valid while the tree lives.
  auto expose_items = [this, &out](const value::array& items) {
    out = nlohmann::json::array();
    auto& slots = out.get_ref<nlohmann::json::array_t&>();
    slots.resize(items.size());
    for (size_t i = 0; i < items.size(); ++i)
      expose_into(slots[i], items[i]);
  };
  switch (x.type()) {
    case value::kind::none:
      out = nullptr;
      remembered_.emplace(&out, &x);
      break;
    case value::kind::null:
      out = nullptr;
      break;
    case value::kind::boolean:
      out = x.get<bool>();
      break;
    case value::kind::integer:
      out = x.get<int64_t>();
      break;
    case value::kind::floating:
      out = x.get<double>();
      break;
    case value::kind::string:
      out = x.get<std::string>();
      break;
    case value::kind::bytes:
      // An array of numbers, so a std::vector<uint8_t> field reads it.
      out = x.get<bytes>();
      remembered_.emplace(&out, &x);
      break;
    case value::kind::array:
      expose_items(x.get<value::array>());
      break;
    case value::kind::set:
      // An array, so standard containers read it.
      expose_items(x.get<set>().items);
      remembered_.emplace(&out, &x);
      break;
    case value::kind::object: {
      out = nlohmann::json::object();
      auto& fields = out.get_ref<nlohmann::json::object_t&>();
      for (const auto& [key, field] : x.get<value::object>())
        expose_into(fields[key], field);
      break;
    }
    default:
      borrowed_.push_back(&x);
      out = make_placeholder(serial_, borrowed_.size() - 1);
  }
}

const value* conversion_scope::slot(uint64_t index) const {
  if (dir_ == direction::to_value)
    return index < owned_.size() ? &owned_[index] : nullptr;
  return index < borrowed_.size() ? borrowed_[index] : nullptr;
}

std::optional<std::string> conversion_scope::path_of(const nlohmann::json& node) const {
  std::string path;
  if (exposed_ && find_path(root_, &node, path))
    return path;
  return std::nullopt;
}

const value* conversion_scope::resolve(const nlohmann::json& node) {
  auto mark = read_placeholder(node);
  for (auto scope = innermost; scope != nullptr; scope = scope->outer_) {
    if (mark) {
      if (mark->serial == scope->serial_)
        if (auto result = scope->slot(mark->slot))
          return result;
    } else if (auto i = scope->remembered_.find(&node); i != scope->remembered_.end()) {
      return i->second;
    }
  }
  if (mark)
    throw conversion_error({}, "a typed value's placeholder was used after its value::from or "
                               "value::as call ended");
  return nullptr;
}

value conversion_scope::decode(const nlohmann::json& node) {
  // value::from refuses what the value constructor refuses; plain JSON keeps
  // the digits (see from_json).
  return decode_json(node, &conversion_scope::resolve, in_to_value_scope());
}

// -- helpers for the adl_serializers -----------------------------------------

nlohmann::json embed_or_plain(value x) {
  if (in_to_value_scope())
    return conversion_scope::current()->embed(std::move(x));
  return to_json(x);
}

bool is_exposed(const nlohmann::json& node) {
  auto scope = conversion_scope::current();
  return scope != nullptr && scope->dir() == conversion_scope::direction::from_value
         && scope->path_of(node).has_value();
}

std::string describe_kind(const value& x) {
  if (auto geo = x.get_if<geometry>())
    return geometry_kind_name(geo->data.index());
  return to_string(x.type());
}

std::string geometry_kind_name(size_t index) {
  // In the order of geometry::variant_type.
  static constexpr const char* names[] = {"point",      "line",          "polygon",   "multi_point",
                                          "multi_line", "multi_polygon", "collection"};
  static_assert(std::size(names) == std::variant_size_v<geometry::variant_type>);
  return std::string{"geometry ("} + names[index] + ")";
}

void throw_mismatch(const nlohmann::json& node, const std::string& expected) {
  const value* source = nullptr;
  try {
    source = conversion_scope::resolve(node);
  } catch (const conversion_error&) {
    // A stale placeholder: report the mismatch, not the staleness.
  }
  std::string actual = source != nullptr ? describe_kind(*source) : json_kind(node);
  std::string path;
  if (auto scope = conversion_scope::current();
      scope != nullptr && scope->dir() == conversion_scope::direction::from_value)
    path = scope->path_of(node).value_or(std::string{});
  throw conversion_error(std::move(path), "expected " + expected + ", got " + actual);
}

std::string describe_json_error(const nlohmann::json::exception& e, const std::string& from,
                                const std::string& to) {
  // nlohmann writes "[json.exception.type_error.302] type must be string, but
  // is binary"; the bracket is noise to a reader, and "binary" here is always
  // one of our placeholders.
  std::string text = e.what();
  auto end = text.find("] ");
  if (text.rfind("[json.exception.", 0) == 0 && end != std::string::npos)
    text.erase(0, end + 2);
  const std::string binary = "but is binary";
  if (text.size() >= binary.size()
      && text.compare(text.size() - binary.size(), binary.size(), binary) == 0)
    text.replace(text.size() - binary.size(), binary.size(),
                 "but is a typed SurrealDB value (record id, datetime, uuid, decimal, duration, "
                 "table, range, geometry or file)");
  return text + " (converting " + from + " to " + to + ")";
}

bool read_plain(const nlohmann::json& node, decimal& x) {
  if (node.is_string())
    x = decimal{node.get<std::string>()};
  else if (node.is_number())
    x = decimal{node.dump()};
  else
    return false;
  return true;
}

bool read_plain(const nlohmann::json& node, uuid& x) {
  return read_parsed(node, x, parse_uuid);
}

bool read_plain(const nlohmann::json& node, datetime& x) {
  return read_parsed(node, x, parse_datetime);
}

bool read_plain(const nlohmann::json& node, duration& x) {
  return read_parsed(node, x, parse_duration);
}

bool read_plain(const nlohmann::json& node, table& x) {
  if (!node.is_string())
    return false;
  x = table{node.get<std::string>()};
  return true;
}

} // namespace surrealcaf::detail
