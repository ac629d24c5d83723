#pragma once

#include <optional>
#include <string>

#include "caf/expected.hpp"

#include "surrealcaf/value.hpp"

/// CRUD operations as SurrealQL statements for the `query` RPC method.
///
/// SurrealDB 3.x marks the CRUD RPC methods (`select`, `create`, ...) as
/// deprecated, and `update`, `patch`, `relate` and `run` ignore the request's
/// `txn` field, so inside an interactive transaction they would write outside
/// it. Like the official 3.x SDKs, surrealcaf sends every CRUD operation as a
/// `query` with bound variables instead; it then behaves the same inside and
/// outside a transaction. See docs/crud.md for the statement table.
///
/// **Targets.** A target is a `value` of one of three kinds:
/// * a table, `table{"person"}`: every record of the table;
/// * a record id, `record_id{"person", "tobie"}`: one record;
/// * a record-id range, `record_id{"person", range{...}}`: the records whose
///   key lies in the range.
///
/// Anything else (a plain string, a number, NONE, a record id without a key)
/// is rejected with `errc::invalid_argument`: the server would treat a string
/// as a value, not as a table name, and `SELECT * FROM $target` would return
/// the string itself. Targets stay `value`s rather than a type of their own
/// so that an `id` read from a result can be passed back unchanged.
///
/// **Results.** The statement's result (the first and only entry of the
/// `query` reply) has the shape the RPC method of the same name returns: one
/// object (or NONE if no such record exists) for a single record id, an array
/// for a table or a range. The builders use `ONLY` to get the single object.
///
/// **Safety.** Every user-provided value travels as a bound variable
/// (`$target`, `$data`, `$table`, `$from`, `$edge`, `$to`, `$arg0`, ...); the
/// SQL text is fixed per operation. The only text that cannot be bound is the
/// function name of `run`, which is checked against a strict pattern.
///
/// All functions are pure and thread-safe; the data is moved into the
/// returned statement's `vars`.
namespace surrealcaf::crud {

/// One SurrealQL statement and the variables it binds; send it as
/// `query` params `[sql, vars]`.
struct statement {
  std::string sql;    ///< Fixed text per operation; user data only in `vars`.
  value::object vars; ///< The bound variables, by name without the `$`.
};

/// Compare text and variables.
///@{
bool operator==(const statement& a, const statement& b);
inline bool operator!=(const statement& a, const statement& b) {
  return !(a == b);
}
///@}

/// `SELECT * FROM [ONLY] $target`: the record (NONE if absent) or an array.
caf::expected<statement> select(value target);

/// `CREATE ONLY $target [CONTENT $data]`: the created record as one object.
/// The target is a table (a new record with a generated id) or a record id;
/// a range is rejected. `data` is an object, or NONE/NULL for no content.
/// The RPC `create` also answers with one object for a table named by a
/// string; it would answer with an array for a table value, which holds a
/// single record anyway.
caf::expected<statement> create(value target, value data = none);

/// `INSERT INTO $table $data`: always an array of the inserted records.
/// `table` must be a table; `data` an object or an array of objects.
caf::expected<statement> insert(value table, value data);

/// `INSERT RELATION INTO $table $data`: an array of the inserted edges.
/// `table` must be a table; `data` an object or an array of objects, each
/// with an `in` and an `out` field.
caf::expected<statement> insert_relation(value table, value data);

/// `UPDATE [ONLY] $target [CONTENT $data]`: replaces the content of existing
/// records (no record is created). Without data (NONE/NULL) the records are
/// only touched: their fields are recomputed and events run.
caf::expected<statement> update(value target, value data = none);

/// `UPSERT [ONLY] $target [CONTENT $data]`: like `update`, but creates a
/// record id target that does not exist yet.
caf::expected<statement> upsert(value target, value data = none);

/// `UPDATE [ONLY] $target MERGE $data`: merges the fields of `data` (an
/// object) into existing records.
caf::expected<statement> merge(value target, value data);

/// `UPDATE [ONLY] $target PATCH $data [RETURN DIFF]`: applies a JSON Patch
/// (an array of `{op, path, value?, from?}` objects). With `return_diff` the
/// result is the JSON Patch of the change (an array of operations per record)
/// instead of the updated record.
caf::expected<statement> patch(value target, value patches, bool return_diff = false);

/// `DELETE [ONLY] $target RETURN BEFORE`: the deleted records as they were
/// (one object or NONE for a record id, an array otherwise), like the RPC
/// `delete`.
caf::expected<statement> delete_(value target);

/// `RELATE [ONLY] $from->$edge->$to [CONTENT $data]`: creates edges of table
/// `edge` from every record in `from` to every record in `to`. `from` and
/// `to` are each a record id or an array of record ids (ranges are rejected:
/// the engine would store the range itself as `in`/`out`). The result is one
/// object when both are single record ids, an array otherwise. `data` is an
/// object (it may set the edge's `id`), or NONE/NULL.
caf::expected<statement> relate(value from, value edge, value to, value data = none);

/// `RETURN name[<version>]($arg0, $arg1, ...)`: calls a function and returns
/// its result. Accepted names (segments are `[A-Za-z_][A-Za-z0-9_]*`,
/// separated by `::`):
/// * `fn::a`, `fn::a::b`, ...: a function defined with `DEFINE FUNCTION`;
/// * `ml::a`, `ml::a::b`, ...: a SurrealML model; needs `version` (`1.0.0`, digits
///   and dots, three parts);
/// * any other name with two or more segments: a builtin such as
///   `string::len` or `time::now`;
/// * the single-segment builtins `count`, `not`, `rand` and `sleep`.
/// `version` is only allowed (and required) for `ml::`. Everything else,
/// including the experimental `mod::`/`silo::` functions, is rejected with
/// `errc::invalid_argument`, so the name can never carry other SurrealQL.
caf::expected<statement> run(const std::string& name, std::optional<std::string> version = {},
                             value::array args = {});

} // namespace surrealcaf::crud
