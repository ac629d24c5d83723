// The pool calls of both faces (connection_pool.hpp), each written once. A
// pool handle is a connection handle whose connection actor is the pool:
// what a connection answers goes through connection.cpp, only `members` is
// the pool's own.

#include "surrealcaf/connection_pool.hpp"

#include "surrealcaf/detail/connect_pool.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf {

using detail::face_access;
using detail::session_core;

namespace {

future<std::vector<pool_member>> read_members(const std::shared_ptr<session_core>& core) {
  constexpr auto name = "members";
  if (auto err = detail::refused<std::vector<pool_member>>(core, name))
    return std::move(*err);
  auto& conn = core->connection();
  return detail::request<std::vector<pool_member>, std::vector<pool_member>>(
    conn->rt(), detail::pool_of(*core),
    detail::request_limit(conn->timeout(), conn->keeps_deadlines()), conn->life(), name,
    detail::keep, members_atom::value);
}

} // namespace

template <class Face>
auto basic_connection_pool<Face>::connect(pool_options opts) -> result<basic_connection_pool> {
  if constexpr (std::is_same_v<Face, blocking_face>)
    return detail::connect_pool_blocking(std::move(opts), detail::default_pool_spawner());
  else
    return detail::connect_pool_async(std::move(opts), detail::default_pool_spawner());
}

template <class Face>
auto basic_connection_pool<Face>::new_session() -> result<basic_session<Face>> {
  return as_connection().new_session();
}

template <class Face>
auto basic_connection_pool<Face>::members() -> result<std::vector<pool_member>> {
  return detail::finish<Face>(core_, "members", read_members(core_));
}

template <class Face>
auto basic_connection_pool<Face>::counters() -> result<connection_counters> {
  return as_connection().counters();
}

template <class Face>
auto basic_connection_pool<Face>::sessions() -> result<std::vector<uuid>> {
  return as_connection().sessions();
}

template <class Face>
auto basic_connection_pool<Face>::events() -> result<connection_events> {
  return as_connection().events();
}

template <class Face>
auto basic_connection_pool<Face>::close() -> result<void> {
  return as_connection().close();
}

template <class Face>
basic_connection<Face> basic_connection_pool<Face>::as_connection() const {
  return face_access::make<basic_connection<Face>>(core_);
}

template <class Face>
basic_connection_pool<blocking_face> basic_connection_pool<Face>::blocking() const {
  return face_access::make<basic_connection_pool<blocking_face>>(core_);
}

template <class Face>
basic_connection_pool<async_face> basic_connection_pool<Face>::async() const {
  return face_access::make<basic_connection_pool<async_face>>(core_);
}

template class basic_connection_pool<blocking_face>;
template class basic_connection_pool<async_face>;

} // namespace surrealcaf
