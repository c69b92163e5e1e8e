// The sources' store behaviour on PostgreSQL (its DDL differs: identity ids, the append-only trigger).
#include <gtest/gtest.h>

#include "sources/sources_contract_test.h"

namespace haoban::sources {
namespace {

class PgSources : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!haoban::testing::PgDatabase::available()) GTEST_SKIP() << "HAOBAN_PG_ENV not set";
    pg_ = std::make_unique<haoban::testing::PgDatabase>();
    env_ = std::make_unique<contract::Env>(pg_->url());
  }
  void TearDown() override { env_.reset(); }
  std::unique_ptr<haoban::testing::PgDatabase> pg_;
  std::unique_ptr<contract::Env> env_;
};

TEST_F(PgSources, FetchReturnsTheStoredRecord) { contract::fetch_returns_the_stored_record(*env_); }
TEST_F(PgSources, UnknownSubjectIsNotFoundAndLogged) {
  contract::unknown_subject_is_not_found_and_logged(*env_);
}
TEST_F(PgSources, OutageRefusesAndIsLogged) { contract::outage_refuses_and_is_logged(*env_); }
TEST_F(PgSources, PutRefusesWrongTypesNamingTheField) {
  contract::put_refuses_wrong_types_naming_the_field(*env_);
}
TEST_F(PgSources, QueriesAboutReturnsOnlyThatSubject) {
  contract::queries_about_returns_only_that_subject(*env_);
}
TEST_F(PgSources, TheQueryLogIsAppendOnly) { contract::the_query_log_is_append_only(*env_); }

}  // namespace
}  // namespace haoban::sources
