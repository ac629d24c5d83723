// `query`, `query_value` and the CRUD calls (data_calls.hpp) of sessions and
// transactions on both faces: for a session, or inside a transaction.

#include "surrealcaf/data_calls.hpp"

#include "surrealcaf/crud.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/detail/transaction_core.hpp"
#include "surrealcaf/detail/to_exception.hpp"

namespace surrealcaf {

using detail::session_core;
using detail::transaction_core;

namespace {

// The first failed statement's error, else the last statement's result. A
// write conflict gets its own code, as a failed CRUD statement's does.
value script_value(query_results& results) {
  for (auto& x : results)
    if (x.error) {
      if (x.error->is_transaction_conflict())
        throw surreal_error{errc::transaction_conflict, std::move(*x.error)};
      throw surreal_error{std::move(*x.error)};
    }
  return results.empty() ? value{} : std::move(results.back().result);
}

using detail::session_of;

// Sends one CRUD statement for the session (inside `txn` if given), or fails
// with the builder's error without sending anything.
future<value> send_crud(const std::shared_ptr<session_core>& core, const char* name,
                             caf::expected<crud::statement> stmt,
                             std::optional<uuid> txn = std::nullopt) {
  if (!stmt)
    return detail::failed_future<value>(
      detail::to_exception(stmt.error(), errc::invalid_argument, name));
  return detail::session_call<value, value>(core, name, detail::keep, crud_atom::value,
                                            std::move(*stmt), txn);
}

future<value> send_crud(const std::shared_ptr<transaction_core>& t, const char* name,
                             caf::expected<crud::statement> stmt) {
  if (auto err = detail::refused<value>(t, name))
    return std::move(*err);
  return send_crud(t->session(), name, std::move(stmt), t->id());
}

// Sends a `query`; `convert` turns its results into the call's result.
template <class R, class Convert>
future<R> send_query(const std::shared_ptr<session_core>& core, const std::string& sql,
                          value::object vars, Convert convert) {
  return detail::session_call<R, query_results>(core, "query", convert, query_atom::value, sql,
                                                std::move(vars));
}

template <class R, class Convert>
future<R> send_query(const std::shared_ptr<transaction_core>& t, const std::string& sql,
                          value::object vars, Convert convert) {
  if (auto err = detail::refused<R>(t, "query"))
    return std::move(*err);
  return detail::session_call<R, query_results>(t->session(), "query", convert,
                                                query_atom::value, sql, std::move(vars),
                                                t->id());
}

} // namespace

template <class Face, class Core>
auto data_calls<Face, Core>::query(const std::string& sql, value::object vars)
  -> result<query_results> {
  auto f = send_query<query_results>(core_, sql, std::move(vars), detail::keep);
  return detail::finish<Face>(session_of(core_), "query", std::move(f));
}

template <class Face, class Core>
auto data_calls<Face, Core>::query_value(const std::string& sql, value::object vars)
  -> result<value> {
  auto f = send_query<value>(core_, sql, std::move(vars), script_value);
  return detail::finish<Face>(session_of(core_), "query", std::move(f));
}

template <class Face, class Core>
auto data_calls<Face, Core>::crud_call(const char* name, caf::expected<crud::statement> stmt)
  -> result<value> {
  auto f = send_crud(core_, name, std::move(stmt));
  return detail::finish<Face>(session_of(core_), name, std::move(f));
}

template class data_calls<blocking_face, session_core>;
template class data_calls<blocking_face, transaction_core>;
template class data_calls<async_face, session_core>;
template class data_calls<async_face, transaction_core>;

} // namespace surrealcaf
