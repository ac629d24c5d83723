// The transaction calls of both faces (transaction.hpp), each written once.

#include "surrealcaf/transaction.hpp"

#include "surrealcaf/detail/transaction_core.hpp"

namespace surrealcaf {

namespace {

// Commit or cancel: the transaction closes before the request leaves.
template <class Face, class Atom>
auto end(const std::shared_ptr<detail::transaction_core>& t, const char* name, Atom atom) {
  auto session = detail::session_of(t);
  auto f = [&] {
    if (auto err = detail::refused<void>(t, name))
      return std::move(*err);
    if (!t->close())
      return detail::failed_future<void>(detail::txn_closed(name));
    return detail::session_call<void, value>(session, name, detail::drop, atom, t->id());
  }();
  return detail::finish<Face>(session, name, std::move(f));
}

} // namespace

template <class Face>
auto basic_transaction<Face>::commit() -> result<void> {
  return end<Face>(this->core_, "commit", commit_atom::value);
}

template <class Face>
auto basic_transaction<Face>::cancel() -> result<void> {
  return end<Face>(this->core_, "cancel", cancel_atom::value);
}

template <class Face>
uuid basic_transaction<Face>::id() const {
  return this->core_ ? this->core_->id() : uuid{};
}

template <class Face>
bool basic_transaction<Face>::open() const {
  return this->core_ && this->core_->open();
}

template class basic_transaction<blocking_face>;
template class basic_transaction<async_face>;

} // namespace surrealcaf
