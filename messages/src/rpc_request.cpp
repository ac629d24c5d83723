#include "surrealcaf/rpc/request.hpp"

namespace surrealcaf::rpc {

value to_value(request x) {
  value::object result{
    {"id", x.id},
    {"method", to_string(x.method)},
    {"params", std::move(x.params)},
  };
  if (x.session)
    result.emplace("session", *x.session);
  if (x.txn)
    result.emplace("txn", *x.txn);
  return result;
}

} // namespace surrealcaf::rpc
