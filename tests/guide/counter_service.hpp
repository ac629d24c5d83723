#pragma once

// The code under test in docs/testing.md: a user's actor that keeps named
// counters in records of the session it is given.

#include <string>

#include "caf/event_based_actor.hpp"

#include "surrealcaf/errc.hpp"
#include "surrealcaf/session_actor.hpp"

using bump_atom = caf::atom_constant<caf::atom("bump")>;

// (bump_atom, name) -> int64_t: adds one to counter:<name> and replies the
// new count.
inline caf::behavior counter_service(caf::event_based_actor* self, surrealcaf::session_actor db) {
  using namespace surrealcaf;
  return {
    [=](bump_atom, const std::string& name) {
      auto rp = self->make_response_promise<int64_t>();
      self
        ->request(db, caf::infinite, query_atom::value,
                  std::string{"UPSERT $id SET n += 1 RETURN VALUE n"},
                  value::object{{"id", record_id{"counter", name}}})
        .then(
          [rp](query_results& res) mutable {
            if (res.size() == 1 && res[0].ok() && res[0].result[0].is<int64_t>())
              rp.deliver(res[0].result[0].get<int64_t>());
            else
              rp.deliver(make_error(errc::protocol_error, "not a count"));
          },
          [rp](caf::error& err) mutable { rp.deliver(std::move(err)); });
      return rp;
    },
  };
}
