#include "surrealcaf/faces_from_actor.hpp"

#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf {

using detail::face_access;

blocking_connection make_blocking_connection(caf::actor_system& sys, connection_actor conn,
                                             client_options opts) {
  return detail::wrap_connection(sys, std::move(conn), opts);
}

async_connection make_async_connection(caf::actor_system& sys, connection_actor conn,
                                       client_options opts) {
  return detail::wrap_connection(sys, std::move(conn), opts).async();
}

namespace {

session_actor session_of(const std::shared_ptr<detail::session_core>& core) {
  return core ? core->handle() : session_actor{};
}

connection_actor connection_of(const std::shared_ptr<detail::session_core>& core) {
  return core ? core->connection()->handle() : connection_actor{};
}

} // namespace

session_actor actor_of(const blocking_session& x) {
  return session_of(face_access::core(x));
}

session_actor actor_of(const async_session& x) {
  return session_of(face_access::core(x));
}

connection_actor actor_of(const blocking_connection& x) {
  return connection_of(face_access::core(x));
}

connection_actor actor_of(const async_connection& x) {
  return connection_of(face_access::core(x));
}

} // namespace surrealcaf
