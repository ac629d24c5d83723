#include "surrealcaf/credentials.hpp"

namespace surrealcaf {

namespace {

constexpr const char* redacted = "***";


} // namespace

value to_value(const credentials& x) {
  struct visitor {
    value operator()(const root_credentials& c) const {
      return value{{"user", c.user}, {"pass", c.pass}};
    }
    value operator()(const namespace_credentials& c) const {
      return value{{"ns", c.ns}, {"user", c.user}, {"pass", c.pass}};
    }
    value operator()(const database_credentials& c) const {
      return value{{"ns", c.ns}, {"db", c.db}, {"user", c.user}, {"pass", c.pass}};
    }
    value operator()(const record_credentials& c) const {
      // The access method's own fields first; ns/db/ac always win.
      value::object obj = c.fields;
      obj["ns"] = c.ns;
      obj["db"] = c.db;
      obj["ac"] = c.access;
      return obj;
    }
    value operator()(const bearer_credentials& c) const {
      // The level is what is named: an empty slot would name "".
      value::object obj{{"ac", c.access}, {"key", c.key}};
      if (!c.ns.empty())
        obj["ns"] = c.ns;
      if (!c.db.empty())
        obj["db"] = c.db;
      return obj;
    }
  };
  return std::visit(visitor{}, x);
}

std::string to_string(const root_credentials& x) {
  return "root_credentials(user=" + x.user + ", pass=" + redacted + ")";
}

std::string to_string(const namespace_credentials& x) {
  return "namespace_credentials(ns=" + x.ns + ", user=" + x.user + ", pass=" + redacted + ")";
}

std::string to_string(const database_credentials& x) {
  return "database_credentials(ns=" + x.ns + ", db=" + x.db + ", user=" + x.user
         + ", pass=" + redacted + ")";
}

std::string to_string(const record_credentials& x) {
  std::string fields;
  for (auto& [key, ignored] : x.fields)
    fields += (fields.empty() ? "" : ", ") + key + "=" + redacted;
  return "record_credentials(ns=" + x.ns + ", db=" + x.db + ", access=" + x.access
         + ", fields={" + fields + "})";
}

std::string to_string(const bearer_credentials& x) {
  return "bearer_credentials(ns=" + x.ns + ", db=" + x.db + ", access=" + x.access
         + ", key=" + redacted + ")";
}

std::string to_string(const credentials& x) {
  return std::visit([](const auto& c) { return to_string(c); }, x);
}

bool operator==(const root_credentials& a, const root_credentials& b) {
  return a.user == b.user && a.pass == b.pass;
}

bool operator==(const namespace_credentials& a, const namespace_credentials& b) {
  return a.ns == b.ns && a.user == b.user && a.pass == b.pass;
}

bool operator==(const database_credentials& a, const database_credentials& b) {
  return a.ns == b.ns && a.db == b.db && a.user == b.user && a.pass == b.pass;
}

bool operator==(const record_credentials& a, const record_credentials& b) {
  return a.ns == b.ns && a.db == b.db && a.access == b.access && a.fields == b.fields;
}

bool operator==(const bearer_credentials& a, const bearer_credentials& b) {
  return a.ns == b.ns && a.db == b.db && a.access == b.access && a.key == b.key;
}

} // namespace surrealcaf
