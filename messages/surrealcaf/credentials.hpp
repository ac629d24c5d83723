#pragma once

#include <string>
#include <variant>

#include "surrealcaf/value.hpp"

namespace surrealcaf {

/// A root user (`DEFINE USER ... ON ROOT`).
struct root_credentials {
  std::string user; ///< The user's name.
  std::string pass; ///< The password; secret (never printed).
};

/// A namespace user (`DEFINE USER ... ON NAMESPACE`).
struct namespace_credentials {
  std::string ns;   ///< The namespace the user is defined on.
  std::string user; ///< The user's name.
  std::string pass; ///< The password; secret (never printed).
};

/// A database user (`DEFINE USER ... ON DATABASE`).
struct database_credentials {
  std::string ns;   ///< The namespace of the database.
  std::string db;   ///< The database the user is defined on.
  std::string user; ///< The user's name.
  std::string pass; ///< The password; secret (never printed).
};

/// A record user through a record access method (`DEFINE ACCESS ... TYPE
/// RECORD`): `fields` are what its SIGNIN/SIGNUP clause reads, e.g.
/// `{{"email", "a@b.c"}, {"pass", "..."}}`. Every field counts as secret.
struct record_credentials {
  std::string ns;       ///< The namespace of the database.
  std::string db;       ///< The database the access method is defined on.
  std::string access;   ///< The access method's name (sent as `ac`).
  value::object fields; ///< What SIGNIN/SIGNUP reads; all secret.
};

/// A bearer access key (`DEFINE ACCESS ... TYPE BEARER`, a grant's key).
/// With `FOR USER` grants this is how a system user signs in through an
/// access method: the session becomes that user, with its roles.
///
/// The level is where the access method is defined: `ns` and `db` for
/// `ON DATABASE`, `ns` only for `ON NAMESPACE`, neither for `ON ROOT`. An
/// empty `ns` or `db` is left out of the signin map (the server would read
/// an empty name as a namespace or database called ""). A `db` without
/// `ns` names no signin target, and the server refuses it. Signing in
/// selects exactly the namespace and database named: at namespace level
/// the session has no database afterwards (docs/protocol.md §3.1).
struct bearer_credentials {
  std::string ns;     ///< The namespace of the access method; empty at root level.
  std::string db;     ///< The database of the access method; empty above database level.
  std::string access; ///< The access method's name (sent as `ac`).
  std::string key;    ///< The grant's key; secret (never printed).
};

/// What `signin` accepts: one of a closed set, never a loose map.
using credentials = std::variant<root_credentials, namespace_credentials, database_credentials,
                                 record_credentials, bearer_credentials>;

/// The signin/signup parameter object (`{user, pass}`, `{ns, db, ac, ...}`;
/// a `bearer_credentials` without its empty `ns`/`db`). This is the only
/// place secrets leave the credential types.
value to_value(const credentials& x);

/// Text for logs and errors with every secret replaced by `***`, e.g.
/// `root_credentials(user=root, pass=***)`.
///@{
std::string to_string(const root_credentials& x);
std::string to_string(const namespace_credentials& x);
std::string to_string(const database_credentials& x);
std::string to_string(const record_credentials& x);
std::string to_string(const bearer_credentials& x);
std::string to_string(const credentials& x);
///@}

/// Equal when every field is, secrets included.
///@{
bool operator==(const root_credentials& a, const root_credentials& b);
bool operator==(const namespace_credentials& a, const namespace_credentials& b);
bool operator==(const database_credentials& a, const database_credentials& b);
bool operator==(const record_credentials& a, const record_credentials& b);
bool operator==(const bearer_credentials& a, const bearer_credentials& b);
///@}

} // namespace surrealcaf
