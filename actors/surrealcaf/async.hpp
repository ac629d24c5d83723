#pragma once

// The async face: the calls of the blocking face, each returning a
// std::future at once (`get()` returns the result or rethrows
// `surreal_error`). `async_connection`, `async_session` and
// `async_transaction` are the `async_face` instances of the handle
// templates; `x.blocking()` gives the same object on the blocking face. No
// actor-system header is included here (nor by what follows; of CAF only
// `expected` comes in, through `data_calls.hpp`).
//
// Why futures and not callbacks: a future can be waited on, polled or
// collected from any plain thread, composes with the standard library, and
// never runs user code on an actor system's worker threads. A callback would
// run there, where blocking stalls every actor of the system and dropping the
// last handle would have to shut that system down from one of its own
// threads.

#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/session.hpp"
#include "surrealcaf/transaction.hpp"
