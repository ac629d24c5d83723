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
