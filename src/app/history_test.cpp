#include "app/history.h"

#include <gtest/gtest.h>

#include "analytics/indicators.h"
#include "app/seed.h"
#include "knowledge/knowledge.h"
#include "testing/testing.h"

namespace haoban::app {
namespace {

TEST(DistrictHistory, AYearOfApplicationsGoesThroughTheRealLifecycle) {
  haoban::testing::TempDir dir;
  Config c;
  c.data_dir = dir.path();
  c.resources = haoban::testing::source_dir() / "data";
  SystemClock clock;
  App app(c, clock);
  seed(app, "demo");
  Date end = *parse_date("2026-11-27");
  auto rep = seed_history(app, end, 2, 3);
  EXPECT_GT(rep.applications, 400) << "two or three a working day for a year";
  EXPECT_GT(rep.corrected, 0);
  EXPECT_GT(rep.denied, 0);
  EXPECT_GT(rep.in_progress, 0) << "the last days' applications are still being handled";
  EXPECT_GT(rep.conversations, 200) << "1–4 help questions a working day";
  EXPECT_GT(rep.ratings, 200);
  EXPECT_GT(rep.reports, 40);
  EXPECT_GT(rep.questions, 2000) << "小宝 answers about a dozen questions a working day";
  EXPECT_GT(rep.grants, 0) << "monthly 免申即享 runs";
  EXPECT_GT(rep.paid, 0);

  // The cockpit then has something true to show for every indicator (docs/metrics.md).
  app.sync_cockpit();
  analytics::Filter year{*parse_date("2025-11-27"), *parse_date("2026-11-26"), "", "", ""};
  for (const auto& v : analytics::indicators(app.db(), year)) {
    if (v.key == "prereview_usage") {  // no pre-review module yet: says so instead of a number
      EXPECT_FALSE(v.value);
      EXPECT_FALSE(v.note.empty());
      continue;
    }
    ASSERT_TRUE(v.value.has_value()) << v.key << " has no value on the district history";
    if (v.unit == "ratio") {
      EXPECT_TRUE(*v.value > 0 && *v.value <= 1) << v.key << " = " << *v.value;
    }
  }
  auto resolution = analytics::indicator(app.db(), "help_resolution", year);
  EXPECT_GT(*resolution.value, 0.9);
  auto first_response = analytics::indicator(app.db(), "first_response_seconds", year);
  EXPECT_LT(*first_response.value, 60.0);
  // The knowledge base: the seed's published entries in force at the year's end, and the cockpit
  // counts the same use as the knowledge base's own report (which also counts used entries that
  // were not in force in the period, docs/metrics.md).
  auto in_force = analytics::indicator(app.db(), "kb_entries", year);
  EXPECT_GT(*in_force.value, 15000);
  EXPECT_LE(*in_force.value, static_cast<double>(app.knowledge().count(knowledge::EntryStatus::published)));
  auto admin = app.identity().principal("admin");
  ASSERT_TRUE(admin);
  auto usage = app.knowledge().usage(*admin, "2025-11-27", "2026-11-26");
  auto used = analytics::indicator(app.db(), "kb_usage_rate", year);
  EXPECT_GT(used.numerator, 100);
  EXPECT_LE(used.numerator, static_cast<double>(usage.used));
  EXPECT_GT(*analytics::indicator(app.db(), "policy_amount", year).value, 0);
  // Applications by the enterprise's street/town.
  auto by_street = analytics::breakdown(app.db(), "online_rate", year, analytics::GroupBy::unit);
  EXPECT_GT(by_street.size(), 3u);

  // Every filed application is visible in its department's queue with a consistent record.
  auto clerk = app.identity().principal("clerk.scjg");
  ASSERT_TRUE(clerk);
  auto page = app.applications().list(*clerk, {.limit = 200});
  ASSERT_FALSE(page.items.empty());
  int decided = 0, prefilled = 0;
  for (const auto& summary : page.items) {
    auto a = app.applications().get(*clerk, summary.id);
    prefilled += a.prefill_count > 0;
    EXPECT_EQ(a.department_id, "scjg");
    for (size_t i = 1; i < a.history.size(); ++i)
      EXPECT_LE(a.history[i - 1].at, a.history[i].at) << "history in time order for " << a.id;
    if (a.decision) {
      ++decided;
      ASSERT_TRUE(a.due_on && a.on_time.has_value()) << a.id;
      EXPECT_GE(a.decided_at, a.submitted_at);
    }
  }
  EXPECT_GT(decided, 0);
  EXPECT_GT(prefilled, static_cast<int>(page.items.size()) / 2) << "the enterprises' drafts came prefilled";
}

}  // namespace
}  // namespace haoban::app
