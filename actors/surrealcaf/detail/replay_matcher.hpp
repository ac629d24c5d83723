#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "surrealcaf/value.hpp"

namespace surrealcaf::detail {

/// Where a client frame first differs from the recorded one.
struct replay_difference {
  /// The path to the differing part, e.g. "params[0]" ("" for the whole frame).
  std::string path;
  /// The recorded part, printed as SurrealQL.
  std::string expected;
  /// The part the client wrote, printed as SurrealQL (never a secret: a
  /// value that differs from one bound to a placeholder reads as such).
  std::string got;
};

/// Compares the frames a client writes in a replay with the recorded ones
/// and translates the recorded server frames back. What legitimately
/// differs between the recording run and the replay is mapped, one to one,
/// from first sight on:
/// - the top-level request `id` of a client frame (and of the replies);
/// - UUIDs (a session's, which the client generates), as uuid values or as
///   canonical UUID text (the JSON subprotocol);
/// - placeholders (`<token N>`, `<secret N>`, redactor.hpp): the recorded
///   placeholder stands for whatever value the client sends there first, and
///   for that value only from then on.
/// Recorded server frames get the client's ids, UUIDs and the values bound
/// to placeholders. Sans-I/O, one owner.
class replay_matcher {
public:
  /// Nothing when `got` matches the recorded client frame `expected`
  /// (binding what it sees for the first time), else where they differ.
  /// `shown` is `got` with its secrets replaced (`testing::redactor`), of
  /// the same shape: what a difference prints of the client's side.
  std::optional<replay_difference> match(const value& expected, const value& got,
                                         const value& shown);

  /// A recorded server frame as this client must see it.
  value translate(value recorded) const;

private:
  std::optional<replay_difference> walk(const value& expected, const value& got, const value& shown,
                                        const std::string& path);
  value put_back(value x) const;

  std::map<int64_t, int64_t> ids_;
  std::map<int64_t, int64_t> ids_back_;
  std::map<uuid, uuid> uuids_;
  std::map<uuid, uuid> uuids_back_;
  std::map<std::string, value> bound_;
};

} // namespace surrealcaf::detail
