#define CAF_SUITE credentials

#include "surrealcaf/credentials.hpp"

#include "caf/test/unit_test.hpp"

using namespace surrealcaf;

CAF_TEST(root credentials become user and pass) {
  credentials c = root_credentials{"root", "s3cret"};
  CAF_CHECK(to_value(c) == (value{{"user", "root"}, {"pass", "s3cret"}}));
}

CAF_TEST(namespace and database credentials name their level) {
  credentials ns = namespace_credentials{"app", "u", "p"};
  CAF_CHECK(to_value(ns) == (value{{"ns", "app"}, {"user", "u"}, {"pass", "p"}}));
  credentials db = database_credentials{"app", "main", "u", "p"};
  CAF_CHECK(to_value(db) == (value{{"ns", "app"}, {"db", "main"}, {"user", "u"}, {"pass", "p"}}));
}

CAF_TEST(record credentials merge the access fields under ns db ac) {
  credentials c = record_credentials{"app", "main", "account",
                                     {{"email", "a@b.c"}, {"pass", "pw"}, {"ns", "spoof"}}};
  CAF_CHECK(to_value(c) == (value{{"ns", "app"}, {"db", "main"}, {"ac", "account"},
                                  {"email", "a@b.c"}, {"pass", "pw"}}));
}

CAF_TEST(bearer credentials carry the key) {
  credentials c = bearer_credentials{"app", "main", "api", "surreal-bearer-xyz"};
  CAF_CHECK(to_value(c) == (value{{"ns", "app"}, {"db", "main"}, {"ac", "api"},
                                  {"key", "surreal-bearer-xyz"}}));
}

CAF_TEST(printing never shows a secret) {
  CAF_CHECK_EQUAL(to_string(credentials{root_credentials{"root", "s3cret"}}),
                  "root_credentials(user=root, pass=***)");
  CAF_CHECK_EQUAL(to_string(credentials{database_credentials{"app", "main", "u", "s3cret"}}),
                  "database_credentials(ns=app, db=main, user=u, pass=***)");
  auto rec = to_string(credentials{
    record_credentials{"app", "main", "account", {{"email", "a@b.c"}, {"pass", "s3cret"}}}});
  CAF_CHECK_EQUAL(rec, "record_credentials(ns=app, db=main, access=account, "
                       "fields={email=***, pass=***})");
  auto bearer = to_string(credentials{bearer_credentials{"app", "main", "api", "s3cret"}});
  CAF_CHECK(bearer.find("s3cret") == std::string::npos);
  CAF_CHECK(to_string(credentials{namespace_credentials{"app", "u", "s3cret"}}).find("s3cret")
            == std::string::npos);
}

CAF_TEST(bearer credentials above database level leave out the empty slots) {
  // ON NAMESPACE: no db, so the server signs in at namespace level.
  credentials ns = bearer_credentials{"app", "", "api", "surreal-bearer-xyz"};
  CAF_CHECK(to_value(ns) == (value{{"ns", "app"}, {"ac", "api"}, {"key", "surreal-bearer-xyz"}}));
  // ON ROOT: neither.
  credentials root = bearer_credentials{"", "", "api", "surreal-bearer-xyz"};
  CAF_CHECK(to_value(root) == (value{{"ac", "api"}, {"key", "surreal-bearer-xyz"}}));
  // A database without a namespace is sent as given; the server refuses it.
  credentials db_only = bearer_credentials{"", "main", "api", "k"};
  CAF_CHECK(to_value(db_only) == (value{{"db", "main"}, {"ac", "api"}, {"key", "k"}}));
}

CAF_TEST(bearer credentials at every level never print the key) {
  for (auto& c : {bearer_credentials{"app", "main", "api", "surreal-bearer-s3cret"},
                  bearer_credentials{"app", "", "api", "surreal-bearer-s3cret"},
                  bearer_credentials{"", "", "api", "surreal-bearer-s3cret"}}) {
    auto text = to_string(credentials{c});
    CAF_MESSAGE(text);
    CAF_CHECK(text.find("s3cret") == std::string::npos);
    CAF_CHECK(text.find("key=***") != std::string::npos);
    CAF_CHECK(text.find("access=api") != std::string::npos);
  }
}

CAF_TEST(record credentials with user and pass fields stay record access) {
  // With `ac` the server hands user and pass to the SIGNIN clause as $user
  // and $pass; they never sign in a system user (docs/protocol.md §3.1).
  credentials c = record_credentials{"app", "main", "account", {{"user", "ann"}, {"pass", "pw"}}};
  CAF_CHECK(
    to_value(c)
    == (value{{"ns", "app"}, {"db", "main"}, {"ac", "account"}, {"user", "ann"}, {"pass", "pw"}}));
  auto text = to_string(c);
  CAF_CHECK_EQUAL(text, "record_credentials(ns=app, db=main, access=account, "
                        "fields={pass=***, user=***})");
}
