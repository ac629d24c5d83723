#pragma once

// surrealcaf's message element types, declared to CAF. They travel between
// actors of one process only (surrealcaf uses no remote actors), so they are
// allowed as "unsafe" (not serializable) types instead of writing inspect()
// overloads for the whole value model.

#include <optional>
#include <vector>

#include "caf/allowed_unsafe_message_type.hpp"

#include "surrealcaf/connection_counters.hpp"
#include "surrealcaf/connection_event.hpp"
#include "surrealcaf/credentials.hpp"
#include "surrealcaf/crud.hpp"
#include "surrealcaf/pool_member.hpp"
#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/rpc/request.hpp"
#include "surrealcaf/rpc/server_error.hpp"
#include "surrealcaf/value.hpp"

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::value)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::value::array)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::value::object)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::uuid)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::optional<surrealcaf::uuid>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<surrealcaf::uuid>)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::crud::statement)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::rpc::request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::rpc::method)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::rpc::server_error)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::rpc::notification)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::rpc::query_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::query_results)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::credentials)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::record_credentials)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::connection_event)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::connection_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(surrealcaf::connection_counters)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(std::vector<surrealcaf::pool_member>)
