#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "surrealcaf/conversion_error.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// One `value::from` or `value::as` call that goes through nlohmann on this
/// thread. It lets the `adl_serializer`s of our types (surrealcaf/convert.hpp)
/// carry typed values through a `nlohmann::json` unchanged:
/// - `to_value` (value::from): a record id, datetime, ... written by a user's
///   `to_json` is stored in this scope and stands in the JSON as a
///   *placeholder*: a nlohmann binary value with a private subtype and a
///   payload naming this scope and a slot. `decode` swaps it back.
/// - `from_value` (value::as): `expose` builds the JSON a user's `from_json`
///   reads; typed kinds become placeholders pointing at the source value, and
///   sets, bytes and NONE (shown as arrays and null so standard containers
///   read them) are remembered by node address so our types recover them.
/// Scopes nest (a user's `to_json` may call value::from) and are per thread.
/// Not copyable or movable: placeholders and addresses point into it.
class conversion_scope {
public:
  enum class direction : uint8_t { to_value, from_value };

  explicit conversion_scope(direction dir);
  ~conversion_scope();
  conversion_scope(const conversion_scope&) = delete;
  conversion_scope& operator=(const conversion_scope&) = delete;

  /// The innermost scope on this thread, or nullptr.
  static conversion_scope* current() noexcept;

  direction dir() const noexcept { return dir_; }

  /// to_value: keeps `x` and returns the placeholder that stands for it.
  nlohmann::json embed(value x);

  /// from_value: builds (once) and returns the JSON stand-in for `x`; `x` must
  /// outlive this scope.
  const nlohmann::json& expose(const value& x);

  /// The JSON-pointer path (`/address/city`) of `node` in the tree `expose`
  /// built, or nothing when `node` is not part of it.
  std::optional<std::string> path_of(const nlohmann::json& node) const;

  /// The value behind `node` when it is a placeholder or a remembered node of
  /// any scope on this thread, else nullptr. Throws conversion_error for a
  /// placeholder whose scope has ended.
  static const value* resolve(const nlohmann::json& node);

  /// JSON (placeholders allowed) to a value, like `from_json` but with
  /// placeholders and remembered nodes swapped back. Inside a `to_value` scope
  /// an unsigned integer above INT64_MAX throws conversion_error (as the
  /// value constructor refuses it); elsewhere it becomes a decimal.
  static value decode(const nlohmann::json& node);

private:
  void expose_into(nlohmann::json& out, const value& x);
  const value* slot(uint64_t index) const;

  direction dir_;
  uint64_t serial_;
  conversion_scope* outer_;
  std::vector<value> owned_;
  std::vector<const value*> borrowed_;
  std::unordered_map<const nlohmann::json*, const value*> remembered_;
  nlohmann::json root_;
  bool exposed_ = false;
};

/// to_value scope: a placeholder for `x`; elsewhere: `to_json(x)`.
nlohmann::json embed_or_plain(value x);

/// True when `node` belongs to the tree of the current from_value scope, i.e.
/// it shows a typed source value rather than JSON a user made.
bool is_exposed(const nlohmann::json& node);

/// The kind of `x` for messages: `to_string(x.type())`, with the shape for a
/// geometry ("geometry (point)").
std::string describe_kind(const value& x);

/// "geometry (point)", "geometry (line)", ... for `geometry::variant_type`'s
/// alternative number `index`.
std::string geometry_kind_name(size_t index);

/// Throws conversion_error "expected <expected>, got <kind of node>" with the
/// node's path when known.
[[noreturn]] void throw_mismatch(const nlohmann::json& node, const std::string& expected);

/// Rewrites a nlohmann exception raised while converting a `from` kind to the
/// `to` type as a readable conversion_error reason.
std::string describe_json_error(const nlohmann::json::exception& e, const std::string& from,
                                const std::string& to);

// Reading our types from plain JSON (their `to_json` text); false if `node`
// has no readable form. Kinds whose text needs a SurrealQL parser (record id,
// range, geometry, file) have none.
bool read_plain(const nlohmann::json& node, decimal& x);
bool read_plain(const nlohmann::json& node, uuid& x);
bool read_plain(const nlohmann::json& node, datetime& x);
bool read_plain(const nlohmann::json& node, duration& x);
bool read_plain(const nlohmann::json& node, table& x);
template <class T>
bool read_plain(const nlohmann::json&, T&) {
  return false;
}

} // namespace surrealcaf::detail
