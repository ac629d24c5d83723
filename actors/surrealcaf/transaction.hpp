#pragma once

#include "surrealcaf/data_calls.hpp"
#include "surrealcaf/detail/move_only.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/value.hpp"

// An interactive transaction of the blocking or the async face. No
// actor-system header is included here (CAF's `expected` comes in through
// `data_calls.hpp`).

namespace surrealcaf {

/// An interactive transaction of one session (`begin_transaction`): its
/// `query`, `query_value` and CRUD calls (`data_calls`) run inside it until
/// `commit` or `cancel`.
///
/// Rules: every call after `commit` or `cancel` (whatever their outcome)
/// fails at once with `errc::transaction_closed`, nothing sent; the handle
/// closes itself before the commit leaves, so calls racing with it fail
/// locally or run before it, never after it. A commit refused for a write
/// conflict fails with `errc::transaction_conflict` (with `server()` set);
/// retry with a new transaction. Calls made from one thread reach the
/// session in order, so an async `commit()` issued after `create(...)`
/// commits that write. Closing the session or connection ends the
/// transaction on the server too. So does losing the socket: every later
/// call, `commit` and `cancel` included, fails at once with
/// `errc::transaction_lost`, nothing sent (the RAII cancel sends nothing).
///
/// RAII: a transaction destroyed (or assigned over) while open is cancelled,
/// never committed: the destructor sends `cancel` without waiting and never
/// throws.
///
/// Handles: move-only; a moved-from or default-constructed handle fails
/// with `errc::invalid_argument`. Calls may come from any thread.
template <class Face>
class basic_transaction : public data_calls<Face, detail::transaction_core>,
                          detail::move_only {
public:
  /// What a call returns: `T` on the blocking face, `future<T>` on the
  /// async one.
  template <class T>
  using result = typename Face::template result<T>;

  /// An empty handle.
  basic_transaction() = default;

  /// Commits; the transaction is closed afterwards whatever the outcome.
  result<void> commit();

  /// Discards the transaction's writes; closed afterwards.
  result<void> cancel();

  /// The transaction's id on the server (nil for an empty handle).
  uuid id() const;

  /// True until `commit` or `cancel` was called (false for an empty handle).
  bool open() const;

protected:
  using data_calls<Face, detail::transaction_core>::data_calls; // as in basic_session
};

/// A transaction of the blocking face (blocking.hpp) or the async face
/// (async.hpp), from a session's `begin_transaction()`.
///@{
using blocking_transaction = basic_transaction<blocking_face>;
using async_transaction = basic_transaction<async_face>;
///@}

// Compiled once, in transaction.cpp.
extern template class basic_transaction<blocking_face>;
extern template class basic_transaction<async_face>;

} // namespace surrealcaf
