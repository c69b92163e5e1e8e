#include "app/history.h"

#include <gtest/gtest.h>

#include "app/seed.h"
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
