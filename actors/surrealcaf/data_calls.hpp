#pragma once

#include "surrealcaf/future.hpp"
#include <memory>
#include <optional>
#include <string>

#include "surrealcaf/crud.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/value.hpp"

// The calls that sessions and transactions share on both faces: `query`,
// `query_value` and CRUD, written once for the four handle classes. Each
// CRUD call is defined here, next to its contract, as the crud.hpp builder it
// sends (crud.hpp and query_result.hpp bring caf/expected.hpp, no actor
// header); sending and waiting live in actors/src/data_calls.cpp.

namespace surrealcaf {

namespace detail {

class session_core;
class transaction_core;
struct face_access;

} // namespace detail

/// `query`, `query_value` and the CRUD calls of a session or transaction
/// handle: the public base of `basic_session<Face>` and
/// `basic_transaction<Face>`; not used on its own.
///
/// A call returns `result<T>` as `Face` says (face.hpp): the result itself on
/// the blocking face, which throws the call's `surreal_error`; a
/// `surrealcaf::future` at once on the async face, whose `get()` returns the result
/// or throws. Errors, timeouts and closed handles are as session.hpp and
/// transaction.hpp document. On a transaction (`Core` is
/// `detail::transaction_core`) every call runs inside the transaction and
/// fails with `errc::transaction_closed` after `commit` or `cancel`, nothing
/// sent.
template <class Face, class Core>
class data_calls {
public:
  /// What a call returns: `T` on the blocking face, `future<T>` on the
  /// async one.
  template <class T>
  using result = typename Face::template result<T>;

  /// Runs SurrealQL with `vars` bound: one result per statement. A failed
  /// statement is an entry with `error`; the call itself does not fail for
  /// it.
  result<query_results> query(const std::string& sql, value::object vars = {});

  /// Runs SurrealQL and returns the last statement's result (a script's
  /// value, as a SurrealQL block's is its last expression's); NONE for no
  /// statement. Fails with the first failed statement's error as a server
  /// error (`server()->code` is then unset: statement errors carry none), or
  /// as `errc::transaction_conflict` (with `server()`) for a write conflict.
  result<value> query_value(const std::string& sql, value::object vars = {});

  // -- CRUD (docs/crud.md) ---------------------------------------------------
  //
  // Each call sends one SurrealQL statement built by crud.hpp (all data as
  // bound variables) and returns its result. A target is a `table`, a
  // `record_id` or a record-id range; arguments crud.hpp rejects fail with
  // `errc::invalid_argument` without sending anything. A failed statement
  // fails with `errc::server_error`.

  /// `SELECT`: the record (NONE if absent) for a record id, else an array.
  result<value> select(value target) {
    return crud_call("select", crud::select(std::move(target)));
  }
  /// `CREATE`: the created record (one object); `data` an object or NONE.
  result<value> create(value target, value data = none) {
    return crud_call("create", crud::create(std::move(target), std::move(data)));
  }
  /// `INSERT INTO`: an array of the inserted records.
  result<value> insert(value table, value data) {
    return crud_call("insert", crud::insert(std::move(table), std::move(data)));
  }
  /// `INSERT RELATION INTO`: an array of the inserted edges.
  result<value> insert_relation(value table, value data) {
    return crud_call("insert_relation", crud::insert_relation(std::move(table), std::move(data)));
  }
  /// `UPDATE ... CONTENT`: replaces existing records' content.
  result<value> update(value target, value data = none) {
    return crud_call("update", crud::update(std::move(target), std::move(data)));
  }
  /// `UPSERT ... CONTENT`: like `update`, creating a missing record id.
  result<value> upsert(value target, value data = none) {
    return crud_call("upsert", crud::upsert(std::move(target), std::move(data)));
  }
  /// `UPDATE ... MERGE`: merges `data`'s fields into existing records.
  result<value> merge(value target, value data) {
    return crud_call("merge", crud::merge(std::move(target), std::move(data)));
  }
  /// `UPDATE ... PATCH`: applies a JSON Patch; with `diff` returns the diff.
  result<value> patch(value target, value patches, bool diff = false) {
    return crud_call("patch", crud::patch(std::move(target), std::move(patches), diff));
  }
  /// `DELETE ... RETURN BEFORE`: the deleted records as they were. Named
  /// with a trailing underscore because `delete` is a C++ keyword.
  result<value> delete_(value target) {
    return crud_call("delete", crud::delete_(std::move(target)));
  }
  /// `RELATE $from->$edge->$to`: the created edge(s).
  result<value> relate(value from, value edge, value to, value data = none) {
    auto stmt = crud::relate(std::move(from), std::move(edge), std::move(to), std::move(data));
    return crud_call("relate", std::move(stmt));
  }
  /// Calls a function (`fn::x`, a builtin such as `string::len`, or
  /// `ml::x` with a version) and returns its result.
  result<value> run(const std::string& name, std::optional<std::string> version = {},
                    value::array args = {}) {
    return crud_call("run", crud::run(name, std::move(version), std::move(args)));
  }

  /// True unless the handle is empty (default-constructed or moved from).
  /// A transaction stays non-empty after `commit` or `cancel` (see `open`).
  explicit operator bool() const noexcept {
    return core_ != nullptr;
  }

protected:
  friend struct detail::face_access;

  data_calls() = default;

  /// Copied and moved only as part of a handle: a public copy would slice a
  /// (move-only) transaction into a second owner. Sessions are copyable and
  /// transactions move-only by their own classes' rules.
  ///@{
  data_calls(const data_calls&) = default;
  data_calls(data_calls&&) noexcept = default;
  data_calls& operator=(const data_calls&) = default;
  data_calls& operator=(data_calls&&) noexcept = default;
  ///@}

  /// A handle on `core`. Protected, and so is the handle classes' copy of it
  /// (an inherited constructor keeps the base's access): only the faces'
  /// sources make handles from a core, through `detail::face_access`, a
  /// friend of this class.
  explicit data_calls(std::shared_ptr<Core> core) : core_(std::move(core)) {
  }

  /// The handle's session or transaction; null for an empty handle.
  std::shared_ptr<Core> core_;

private:
  /// Sends `stmt` for the session or inside the transaction, or fails with
  /// the builder's error (`errc::invalid_argument`) without sending.
  result<value> crud_call(const char* name, caf::expected<crud::statement> stmt);
};

// The four instantiations, compiled once in data_calls.cpp.
extern template class data_calls<blocking_face, detail::session_core>;
extern template class data_calls<blocking_face, detail::transaction_core>;
extern template class data_calls<async_face, detail::session_core>;
extern template class data_calls<async_face, detail::transaction_core>;

} // namespace surrealcaf
