// The connection calls of both faces (connection.hpp), each written once.

#include "surrealcaf/connection.hpp"

#include "surrealcaf/detail/connect_faces.hpp"
#include "surrealcaf/detail/connection_events_core.hpp"
#include "surrealcaf/detail/face_access.hpp"
#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf {

using detail::face_access;
using detail::session_core;

void blocking_face::settle(future<void> f, std::chrono::milliseconds deadline) {
  if (f.wait_for(deadline + std::chrono::seconds{1}) == std::future_status::ready)
    f.get();
}

namespace {

// What close() waits for. Its future never fails: the connection actor
// answers close, or it is gone already because the server or the network
// ended the connection, which closed it just as well. Ready once the reply
// (or the failure) is in, or when dropped unanswered (the runtime shut down).
class close_call {
public:
  close_call() = default;
  close_call(const close_call&) = delete;
  close_call& operator=(const close_call&) = delete;

  ~close_call() {
    mark_closed();
  }

  surrealcaf::future<void> future() {
    return promise_.get_future();
  }

  // Called on the bridge only; the destructor runs after it. A `then`
  // continuation may run here and drop the last handle (runtime.hpp).
  void mark_closed() {
    detail::actor_thread_scope scope;
    if (!done_) {
      done_ = true;
      promise_.set_value();
    }
  }

private:
  detail::promise<void> promise_;
  bool done_ = false;
};

future<void> close_connection(const std::shared_ptr<session_core>& core) {
  if (!core)
    return detail::failed_future<void>(detail::empty_handle("close"));
  auto& conn = *core->connection();
  if (conn.life()->closed.exchange(true))
    return detail::ready_future();
  auto st = std::make_shared<close_call>();
  auto result = st->future();
  conn.rt().run([st, dest = conn.handle(), timeout = conn.timeout()](caf::event_based_actor* self) {
    self->request(dest, timeout, close_atom::value)
      .then([st](bool) { st->mark_closed(); }, [st](caf::error&) { st->mark_closed(); });
  });
  return result;
}

template <class Face>
future<basic_session<Face>> open_session(const std::shared_ptr<session_core>& core) {
  constexpr auto name = "new_session";
  // `core` is the default session's, which only its connection can close.
  if (auto err = detail::refused<basic_session<Face>>(core, name))
    return std::move(*err);
  auto& conn = core->connection();
  auto convert = [conn](session_actor& s) {
    return face_access::make<basic_session<Face>>(
      std::make_shared<session_core>(conn, std::move(s), detail::session_kind::added));
  };
  return detail::request<basic_session<Face>, session_actor>(
    conn->rt(), conn->handle(), detail::request_limit(conn->timeout(), conn->keeps_deadlines()),
    conn->life(), name, convert, session_atom::value);
}

future<connection_counters> read_counters(const std::shared_ptr<session_core>& core) {
  constexpr auto name = "counters";
  if (auto err = detail::refused<connection_counters>(core, name))
    return std::move(*err);
  auto& conn = core->connection();
  return detail::request<connection_counters, connection_counters>(
    conn->rt(), conn->handle(), detail::request_limit(conn->timeout(), conn->keeps_deadlines()),
    conn->life(), name, detail::keep, counters_atom::value);
}

future<std::vector<uuid>> list_sessions(const std::shared_ptr<session_core>& core) {
  constexpr auto name = "sessions";
  if (auto err = detail::refused<std::vector<uuid>>(core, name))
    return std::move(*err);
  auto& conn = core->connection();
  return detail::request<std::vector<uuid>, std::vector<uuid>>(
    conn->rt(), conn->handle(), detail::request_limit(conn->timeout(), conn->keeps_deadlines()),
    conn->life(), name, detail::keep, sessions_atom::value);
}

} // namespace

template <class Face>
auto basic_connection<Face>::connect(const std::string& url, client_options opts)
  -> result<basic_connection> {
  if constexpr (std::is_same_v<Face, blocking_face>)
    return detail::connect_blocking(url, opts, detail::websocket_connector());
  else
    return detail::connect_async(url, opts, detail::websocket_connector());
}

template <class Face>
auto basic_connection<Face>::new_session() -> result<basic_session<Face>> {
  return detail::finish<Face>(core_, "new_session", open_session<Face>(core_));
}

template <class Face>
basic_session<Face> basic_connection<Face>::default_session() const {
  return face_access::make<basic_session<Face>>(core_);
}

template <class Face>
auto basic_connection<Face>::events() -> result<connection_events> {
  return detail::finish<Face>(core_, "events", detail::start_events(core_));
}

template <class Face>
auto basic_connection<Face>::counters() -> result<connection_counters> {
  return detail::finish<Face>(core_, "counters", read_counters(core_));
}

template <class Face>
auto basic_connection<Face>::sessions() -> result<std::vector<uuid>> {
  return detail::finish<Face>(core_, "sessions", list_sessions(core_));
}

template <class Face>
auto basic_connection<Face>::close() -> result<void> {
  // The future fails only for an empty handle (ready at once); a slow reply
  // is no failure either: the connection is closed locally already.
  return Face::settle(close_connection(core_), detail::deadline(core_, "close"));
}

template <class Face>
basic_connection<blocking_face> basic_connection<Face>::blocking() const {
  return face_access::make<basic_connection<blocking_face>>(core_);
}

template <class Face>
basic_connection<async_face> basic_connection<Face>::async() const {
  return face_access::make<basic_connection<async_face>>(core_);
}

template class basic_connection<blocking_face>;
template class basic_connection<async_face>;

} // namespace surrealcaf
