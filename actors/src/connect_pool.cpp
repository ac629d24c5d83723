// How the blocking and async faces open a pool (detail/connect_pool.hpp):
// the pool actor stands where the connection actor would, so the handshake
// wait, its bounds and the cleanup of a failed attempt are connect's own.

#include "surrealcaf/detail/connect_pool.hpp"

#include <memory>
#include <utility>

#include "caf/actor_cast.hpp"

#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"
#include "surrealcaf/pool.hpp"

namespace surrealcaf::detail {

namespace {

// A connector that ignores its URL and options (the pool's are in `opts`)
// and makes the pool, which answers every message of a connection actor.
connector pool_connector(pool_options opts, pool_spawner spawn) {
  auto shared = std::make_shared<const pool_options>(std::move(opts));
  return
    [shared, spawn = std::move(spawn)](caf::actor_system& sys, const std::string&,
                                       const client_options&) -> caf::expected<connection_actor> {
      auto pool = spawn(sys, *shared);
      if (!pool)
        return std::move(pool.error());
      return connection_actor{std::move(*pool)};
    };
}

// The name connect's errors and logs give the pool: its first endpoint.
std::string pool_name(const pool_options& opts) {
  return opts.endpoints.empty() ? std::string{"pool"} : opts.endpoints.front();
}

template <class Face>
basic_connection_pool<Face> to_pool(const basic_connection<Face>& conn) {
  return face_access::make<basic_connection_pool<Face>>(face_access::core(conn));
}

} // namespace

pool_spawner default_pool_spawner() {
  return [](caf::actor_system& sys, const pool_options& opts) { return spawn_pool(sys, opts); };
}

future<async_connection_pool> connect_pool_async(pool_options opts, const pool_spawner& spawn) {
  auto copts = opts.connection;
  auto name = pool_name(opts);
  auto started = connect_async(name, copts, pool_connector(std::move(opts), spawn));
  promise<async_connection_pool> p;
  auto result = p.get_future();
  // Runs where the connection's future completes: an actor thread inside
  // its `actor_thread_scope`, or here when it failed at once.
  started.then([p = std::move(p)](future<async_connection> f) mutable {
    try {
      p.set_value(to_pool(f.get()));
    } catch (...) {
      p.set_exception(std::current_exception());
    }
  });
  return result;
}

blocking_connection_pool connect_pool_blocking(pool_options opts, const pool_spawner& spawn) {
  auto copts = opts.connection;
  auto name = pool_name(opts);
  return to_pool(connect_blocking(name, copts, pool_connector(std::move(opts), spawn)));
}

pool_actor pool_of(const session_core& core) {
  return caf::actor_cast<pool_actor>(core.connection()->handle());
}

} // namespace surrealcaf::detail
