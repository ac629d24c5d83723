#pragma once

// The async face: the calls of the blocking face, each returning a
// `surrealcaf::future` at once (future.hpp: `get()` returns the result or
// rethrows `surreal_error`; `then` runs a continuation when the reply is in;
// it converts to a `std::future`). `async_connection`, `async_session` and
// `async_transaction` are the `async_face` instances of the handle
// templates; `x.blocking()` gives the same object on the blocking face. No
// actor-system header is included here (nor by what follows; of CAF only
// `expected` comes in, through `data_calls.hpp`).
//
// Continuations run on the thread that completed the call (an actor
// system's worker; never block there) or on an executor the caller names;
// `get()` never runs user code on those threads (docs/faces.md).

#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/connection_pool.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/session.hpp"
#include "surrealcaf/transaction.hpp"
