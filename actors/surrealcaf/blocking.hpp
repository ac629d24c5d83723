#pragma once

// The blocking face: plain method calls that return the server's answer or
// throw `surreal_error`, never waiting longer than the call's deadline
// (`client_options::request_timeout`). `blocking_connection`,
// `blocking_session` and `blocking_transaction` are the `blocking_face`
// instances of the handle templates; `x.async()` gives the same object on
// the async face. No actor-system header is included here (nor by what
// follows; of CAF only `expected` comes in, through `data_calls.hpp`): the
// actors live behind a pointer.

#include "surrealcaf/connection.hpp"
#include "surrealcaf/connection_events.hpp"
#include "surrealcaf/connection_pool.hpp"
#include "surrealcaf/exception.hpp"
#include "surrealcaf/face.hpp"
#include "surrealcaf/live_stream.hpp"
#include "surrealcaf/session.hpp"
#include "surrealcaf/transaction.hpp"
