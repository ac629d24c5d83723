#pragma once

#include <chrono>
#include <string>

#include "surrealcaf/exception.hpp"
#include "surrealcaf/rpc/notification.hpp"
#include "surrealcaf/rpc/query_result.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::sql {

// How the shell shows results, errors and live notifications. Pure text:
// every function returns what to write, ending with a newline.

struct print_options {
  /// ANSI colours (the shell turns them on only for a terminal without
  /// NO_COLOR).
  bool color = false;
  /// One JSON document per statement instead of pretty SurrealQL.
  bool json = false;
  /// Containers whose one-line form fits this many columns stay on one line.
  size_t width = 80;
};

/// A value as indented SurrealQL (or one line of JSON).
std::string format_value(const value& x, const print_options& opts);

/// "2.1 ms", "850 µs", "1.25 s".
std::string format_elapsed(std::chrono::microseconds elapsed);

/// One statement's outcome: "-- 3 results in 2.1 ms" and the value (an array
/// counts its elements, NONE none, anything else one); for a failed
/// statement, its error as `format_server_error` writes it. With `json`, the
/// value alone on one line.
std::string format_result(const rpc::query_result& r, std::chrono::microseconds elapsed,
                          const print_options& opts);

/// "error: server_error [NotFound/Table]: The table 'x' does not exist": the
/// error's code name (`errc`), the server's kind and detail path, and its
/// message (with its causes).
std::string format_server_error(const rpc::server_error& err, const print_options& opts,
                                const char* code = "server_error");

/// A thrown error: a server error as above, else "error: timeout: query: no
/// reply within 30000 ms" (the code name and the client's context).
std::string format_error(const surreal_error& err, const print_options& opts);

/// A plain message in the error style ("error: ...").
std::string format_message_error(const std::string& text, const print_options& opts);

/// A live notification, one line, tagged with the session:
/// "[second] live CREATE person:1 { id: person:1, name: 'ada' }".
std::string format_notification(const std::string& session, const rpc::notification& n,
                                const print_options& opts);

} // namespace surrealcaf::sql
