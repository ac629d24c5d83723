#pragma once

#include <atomic>
#include "surrealcaf/future.hpp"
#include <memory>
#include <optional>
#include <string>

#include "surrealcaf/detail/session_core.hpp"

namespace surrealcaf::detail {

/// One open-or-closed interactive transaction of a session, owned by its
/// (move-only) transaction handle. `close` flips it closed exactly once,
/// before `commit` or `cancel` leaves, so later calls fail locally. The
/// destructor cancels a transaction still open: it sends a `cancel` request
/// the way the session's calls go and returns at once, ignoring the reply.
class transaction_core {
public:
  transaction_core(std::shared_ptr<session_core> session, uuid id)
    : session_(std::move(session)), id_(id) {
  }

  ~transaction_core() {
    if (close())
      request_ignoring_reply(session_, cancel_atom::value, id_);
  }

  transaction_core(const transaction_core&) = delete;
  transaction_core& operator=(const transaction_core&) = delete;

  const std::shared_ptr<session_core>& session() const noexcept {
    return session_;
  }

  const uuid& id() const noexcept {
    return id_;
  }

  bool open() const noexcept {
    return !closed_.load();
  }

  /// Marks the transaction closed; true if it was open.
  bool close() noexcept {
    return !closed_.exchange(true);
  }

private:
  std::shared_ptr<session_core> session_;
  uuid id_;
  std::atomic<bool> closed_{false};
};

/// The session a handle's calls travel through (a session's own, or its
/// transaction's); null for an empty handle.
inline const std::shared_ptr<session_core>& session_of(const std::shared_ptr<session_core>& s) {
  return s;
}
inline std::shared_ptr<session_core> session_of(const std::shared_ptr<transaction_core>& t) {
  return t ? t->session() : nullptr;
}

inline surreal_error txn_closed(const char* name) {
  return {errc::transaction_closed, std::string{name} + ": the transaction is closed"};
}

/// The error a call on a transaction fails with locally, if any: the handle
/// is empty or the transaction closed.
template <class R>
std::optional<future<R>> refused(const std::shared_ptr<transaction_core>& t,
                                      const char* name) {
  if (!t)
    return failed_future<R>(empty_handle(name));
  if (!t->open())
    return failed_future<R>(txn_closed(name));
  return std::nullopt;
}

} // namespace surrealcaf::detail
