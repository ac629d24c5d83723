#include "surrealcaf/crud.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "surrealcaf/errc.hpp"

namespace surrealcaf::crud {

namespace {

caf::error invalid(std::string what) {
  return make_error(errc::invalid_argument, std::move(what));
}

enum class target_kind { table, record, range };

// What the target denotes, or nothing when it is not a target at all.
std::optional<target_kind> kind_of(const value& x) {
  if (auto tb = x.get_if<table>())
    return tb->name.empty() ? std::nullopt : std::optional{target_kind::table};
  if (auto id = x.get_if<record_id>()) {
    if (id->table.empty() || !valid_record_key(*id->key))
      return std::nullopt;
    return id->key->is<range>() ? target_kind::range : target_kind::record;
  }
  return std::nullopt;
}

// Names what `x` is for an error text, without its content (user data).
std::string describe_kind(const value& x) {
  if (auto id = x.get_if<record_id>()) {
    if (!kind_of(x))
      return "a record id without a table name or a valid key";
    return id->key->is<range>() ? "a record-id range" : "a record id";
  }
  if (auto tb = x.get_if<table>(); tb && tb->name.empty())
    return "a table without a name";
  return std::string{"a value of kind "} + to_string(x.type());
}

// Checks a target for `op`; `allow_range` is false where a range has no
// meaning (CREATE).
caf::expected<target_kind> check_target(const char* op, const value& target,
                                        bool allow_range = true) {
  auto kind = kind_of(target);
  if (!kind)
    return invalid(std::string{op} + ": the target must be a table, a record id or a "
                   + "record-id range, not " + describe_kind(target));
  if (*kind == target_kind::range && !allow_range)
    return invalid(std::string{op} + ": the target must be a table or a record id, not "
                   + "a record-id range");
  return *kind;
}

caf::error check_table(const char* op, const value& x) {
  if (kind_of(x) == target_kind::table)
    return {};
  return invalid(std::string{op} + ": needs a table, not " + describe_kind(x));
}

bool no_data(const value& x) {
  return x.is_none() || x.is_null();
}

caf::error check_object(const char* op, const value& data) {
  if (data.is<value::object>())
    return {};
  return invalid(std::string{op} + ": the data must be an object, not a value of kind "
                 + to_string(data.type()));
}

// What INSERT writes: records, or edges (INSERT RELATION), which need `in`
// and `out`.
enum class row_kind { record, edge };

// INSERT data: one object or an array of objects; edges additionally need
// `in` and `out` in each of them.
caf::error check_rows(const char* op, const value& data, row_kind rows) {
  auto check_row = [&](const value& row) -> caf::error {
    if (auto err = check_object(op, row))
      return err;
    if (rows == row_kind::edge && (row["in"].is_none() || row["out"].is_none()))
      return invalid(std::string{op} + ": every edge needs an `in` and an `out` field");
    return {};
  };
  if (auto rows = data.get_if<value::array>()) {
    for (auto& row : *rows)
      if (auto err = check_row(row))
        return err;
    return {};
  }
  return check_row(data);
}

// RELATE ends: one record id (true: a single end) or an array of them
// (false); never a range, which the engine would store as the edge's
// `in`/`out` verbatim.
caf::expected<bool> check_end(const char* side, const value& x) {
  auto is_record = [](const value& y) { return kind_of(y) == target_kind::record; };
  if (is_record(x))
    return true;
  if (auto ids = x.get_if<value::array>(); ids && std::all_of(ids->begin(), ids->end(), is_record))
    return false;
  return invalid(std::string{"relate: `"} + side + "` must be a record id or an array of "
                 + "record ids, not " + describe_kind(x));
}

// `<VERB> [ONLY] $target`, binding the target.
statement on_target(const char* verb, target_kind kind, value target) {
  statement result;
  result.sql = verb;
  result.sql += kind == target_kind::record ? " ONLY $target" : " $target";
  result.vars.emplace("target", std::move(target));
  return result;
}

void add_data(statement& st, const char* clause, value data) {
  st.sql += ' ';
  st.sql += clause;
  st.sql += " $data";
  st.vars.emplace("data", std::move(data));
}

// What a write does to its target: UPDATE and UPSERT change any target;
// CREATE takes no range and makes exactly one record, so it is ONLY for a
// table too.
enum class write_kind { any_target, creates_one };

// CREATE/UPDATE/UPSERT with optional CONTENT.
caf::expected<statement> write(const char* op, const char* verb, value target, value data,
                               write_kind what = write_kind::any_target) {
  bool creates = what == write_kind::creates_one;
  auto kind = check_target(op, target, !creates);
  if (!kind)
    return kind.error();
  if (!no_data(data))
    if (auto err = check_object(op, data))
      return err;
  auto result = on_target(verb, creates ? target_kind::record : *kind, std::move(target));
  if (!no_data(data))
    add_data(result, "CONTENT", std::move(data));
  return result;
}

// INSERT [RELATION] INTO a table: one row or an array of them.
caf::expected<statement> insert_rows(const char* op, row_kind rows, value table, value data) {
  if (auto err = check_table(op, table))
    return err;
  if (auto err = check_rows(op, data, rows))
    return err;
  return statement{rows == row_kind::edge ? "INSERT RELATION INTO $table $data"
                                          : "INSERT INTO $table $data",
                   {{"table", std::move(table)}, {"data", std::move(data)}}};
}

// -- function names for `run` ------------------------------------------------

bool is_identifier(const std::string& x) {
  auto alpha = [](char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; };
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  return !x.empty() && alpha(x.front()) && std::all_of(x.begin() + 1, x.end(), alnum);
}

// Splits at "::"; a name with an empty segment ("a::", "::a", "a::::b")
// yields that empty segment, which `is_identifier` then rejects.
std::vector<std::string> segments_of(const std::string& name) {
  std::vector<std::string> result;
  std::string::size_type pos = 0;
  for (;;) {
    auto next = name.find("::", pos);
    result.push_back(name.substr(pos, next - pos));
    if (next == std::string::npos)
      return result;
    pos = next + 2;
  }
}

bool equals_nocase(const std::string& x, const char* lower) {
  std::string folded = x;
  std::transform(folded.begin(), folded.end(), folded.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return folded == lower;
}

// SurrealML versions are `major.minor.patch`, all digits.
bool is_version(const std::string& x) {
  int parts = 1;
  bool digit_seen = false;
  for (char c : x) {
    if (c == '.') {
      if (!digit_seen)
        return false;
      ++parts;
      digit_seen = false;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      digit_seen = true;
    } else {
      return false;
    }
  }
  return parts == 3 && digit_seen;
}

// The single-segment builtins of SurrealDB 3.x. Other single words are not
// accepted: `RETURN RETURN($arg0)`, for one, parses as a nested statement.
constexpr std::array<const char*, 4> single_segment_builtins{"count", "not", "rand", "sleep"};

caf::error check_function(const std::string& name, const std::optional<std::string>& version) {
  auto bad = [&](const std::string& why) {
    // The name is user input: keep it out of the error text, which may be
    // logged; the reason says enough.
    return invalid("run: " + why);
  };
  auto segments = segments_of(name);
  if (!std::all_of(segments.begin(), segments.end(), is_identifier))
    return bad("a function name is identifiers ([A-Za-z_][A-Za-z0-9_]*) separated by ::");
  auto& head = segments.front();
  if (equals_nocase(head, "mod") || equals_nocase(head, "silo"))
    return bad("mod:: and silo:: functions (experimental) are not supported");
  if (equals_nocase(head, "ml")) {
    if (segments.size() < 2)
      return bad("ml:: needs a model name");
    if (!version)
      return bad("ml:: models need a version");
    if (!is_version(*version))
      return bad("a model version is major.minor.patch (digits)");
    return {};
  }
  if (version)
    return bad("only ml:: models take a version");
  if (equals_nocase(head, "fn")) {
    if (segments.size() < 2)
      return bad("fn:: needs a function name");
    return {};
  }
  if (segments.size() == 1
      && std::none_of(single_segment_builtins.begin(), single_segment_builtins.end(),
                      [&](const char* builtin) { return equals_nocase(head, builtin); }))
    return bad("a single-word function must be count, not, rand or sleep");
  return {};
}

} // namespace

bool operator==(const statement& a, const statement& b) {
  return a.sql == b.sql && a.vars == b.vars;
}

caf::expected<statement> select(value target) {
  auto kind = check_target("select", target);
  if (!kind)
    return kind.error();
  return on_target("SELECT * FROM", *kind, std::move(target));
}

caf::expected<statement> create(value target, value data) {
  return write("create", "CREATE", std::move(target), std::move(data), write_kind::creates_one);
}

caf::expected<statement> insert(value table, value data) {
  return insert_rows("insert", row_kind::record, std::move(table), std::move(data));
}

caf::expected<statement> insert_relation(value table, value data) {
  return insert_rows("insert_relation", row_kind::edge, std::move(table), std::move(data));
}

caf::expected<statement> update(value target, value data) {
  return write("update", "UPDATE", std::move(target), std::move(data));
}

caf::expected<statement> upsert(value target, value data) {
  return write("upsert", "UPSERT", std::move(target), std::move(data));
}

caf::expected<statement> merge(value target, value data) {
  auto kind = check_target("merge", target);
  if (!kind)
    return kind.error();
  if (auto err = check_object("merge", data))
    return err;
  auto result = on_target("UPDATE", *kind, std::move(target));
  add_data(result, "MERGE", std::move(data));
  return result;
}

caf::expected<statement> patch(value target, value patches, bool return_diff) {
  auto kind = check_target("patch", target);
  if (!kind)
    return kind.error();
  auto ops = patches.get_if<value::array>();
  if (ops == nullptr
      || !std::all_of(ops->begin(), ops->end(),
                      [](const value& op) { return op.is<value::object>(); }))
    return invalid("patch: the patches must be an array of JSON Patch objects");
  auto result = on_target("UPDATE", *kind, std::move(target));
  add_data(result, "PATCH", std::move(patches));
  if (return_diff)
    result.sql += " RETURN DIFF";
  return result;
}

caf::expected<statement> delete_(value target) {
  auto kind = check_target("delete", target);
  if (!kind)
    return kind.error();
  auto result = on_target("DELETE", *kind, std::move(target));
  result.sql += " RETURN BEFORE";
  return result;
}

caf::expected<statement> relate(value from, value edge, value to, value data) {
  auto single_from = check_end("from", from);
  if (!single_from)
    return single_from.error();
  auto single_to = check_end("to", to);
  if (!single_to)
    return single_to.error();
  if (auto err = check_table("relate", edge))
    return err;
  if (!no_data(data))
    if (auto err = check_object("relate", data))
      return err;
  statement result;
  result.sql = *single_from && *single_to ? "RELATE ONLY $from->$edge->$to"
                                          : "RELATE $from->$edge->$to";
  result.vars.emplace("from", std::move(from));
  result.vars.emplace("edge", std::move(edge));
  result.vars.emplace("to", std::move(to));
  if (!no_data(data))
    add_data(result, "CONTENT", std::move(data));
  return result;
}

caf::expected<statement> run(const std::string& name, std::optional<std::string> version,
                             value::array args) {
  if (auto err = check_function(name, version))
    return err;
  statement result;
  result.sql = "RETURN " + name;
  if (version)
    result.sql += "<" + *version + ">";
  result.sql += '(';
  for (size_t i = 0; i < args.size(); ++i) {
    auto var = "arg" + std::to_string(i);
    result.sql += (i == 0 ? "$" : ", $") + var;
    result.vars.emplace(std::move(var), std::move(args[i]));
  }
  result.sql += ')';
  return result;
}

} // namespace surrealcaf::crud
