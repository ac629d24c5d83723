#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>

#include "surrealcaf/rpc/method.hpp"
#include "surrealcaf/value.hpp"

namespace surrealcaf::testing {

/// Takes the secrets out of the frames of one conversation, consistently:
/// each secret becomes a placeholder string, `<token N>` for tokens and
/// `<secret N>` for anything else, and the same secret always becomes the
/// same placeholder, so a recording still replays: the client that signs in
/// gets `<token 1>` back and authenticates with `<token 1>`.
///
/// What counts as a secret:
/// - in `signin` and `signup` params, every field of the credentials object
///   except `ns`, `db` and `ac` (and `namespace`, `database`, `access`):
///   user names, passwords, keys and a record access's own variables;
/// - the `authenticate` param, every string in `refresh` and `revoke`
///   params;
/// - every string in the result of `signin`, `signup`, `authenticate` and
///   `refresh` (a token, or an `{access, refresh}` pair);
/// - anywhere: a string that looks like a JWT (or holds one: the JWT part
///   is replaced), a password hash (`$argon2...`, `$2b$...`, `$scrypt$...`,
///   `$pbkdf2...`), and a string equal to a secret seen before.
/// Secrets you write into query texts or variables yourself are not found.
///
/// Not thread-safe: one owner (the recorder guards it with its mutex).
class redactor {
public:
  /// A frame the client wrote, secrets replaced. Remembers the method of
  /// each request id, for `server_frame`.
  value client_frame(value frame);

  /// A frame the server sent, secrets replaced; a reply's result is a
  /// secret when it answers a request whose method returns tokens.
  value server_frame(value frame);

  /// `text` with JWT-shaped runs and known secrets replaced (error
  /// contexts, frames that did not decode).
  std::string text(const std::string& text);

  /// How many different secrets were replaced so far.
  size_t secrets() const noexcept {
    return placeholders_.size();
  }

private:
  enum class sort { token, secret };

  std::string placeholder(const value& secret, sort kind);
  void all_strings(value& x, sort kind);
  void anywhere(value& x);
  std::string scrub(const std::string& text);

  std::unordered_map<std::string, std::string> placeholders_;
  std::unordered_map<int64_t, rpc::method> methods_;
  size_t tokens_ = 0;
  size_t others_ = 0;
};

/// True for the placeholders a `redactor` writes: `<token N>`, `<secret N>`.
bool is_placeholder(const std::string& text);

} // namespace surrealcaf::testing
