#include "applications/lifecycle.h"

#include <gtest/gtest.h>

namespace haoban::applications {
namespace {

constexpr Status kAll[] = {Status::draft,    Status::submitted, Status::accepted,  Status::not_accepted, Status::returned,
                           Status::approved, Status::denied,    Status::completed, Status::withdrawn};
constexpr Action kActions[] = {Action::submit,   Action::accept, Action::not_accept, Action::return_for_correction,
                               Action::resubmit, Action::approve, Action::deny,      Action::complete,
                               Action::withdraw};

TEST(Lifecycle, FinalStatesAllowNothing) {
  for (Status s : kAll) {
    if (!is_final(s)) continue;
    for (Action a : kActions) EXPECT_FALSE(transition(s, a)) << to_string(s) << " + " << to_string(a);
  }
}

TEST(Lifecycle, DecisionsOnlyAfterAcceptance) {
  for (Status s : kAll) {
    bool ok = s == Status::accepted;
    EXPECT_EQ(transition(s, Action::approve).has_value(), ok) << to_string(s);
    EXPECT_EQ(transition(s, Action::deny).has_value(), ok) << to_string(s);
  }
}

TEST(Lifecycle, ResubmitReturnsWhereItCameFrom) {
  EXPECT_EQ(transition(Status::returned, Action::resubmit, Status::accepted)->to, Status::accepted);
  EXPECT_EQ(transition(Status::returned, Action::resubmit, Status::submitted)->to, Status::submitted);
}

TEST(Lifecycle, RefusalsRequireReasons) {
  EXPECT_TRUE(transition(Status::submitted, Action::not_accept)->reason_required);
  EXPECT_TRUE(transition(Status::accepted, Action::deny)->reason_required);
  EXPECT_TRUE(transition(Status::accepted, Action::return_for_correction)->reason_required);
  EXPECT_FALSE(transition(Status::accepted, Action::approve)->reason_required);
}

TEST(Lifecycle, WhoTakesWhat) {
  EXPECT_TRUE(may_take(Actor::applicant, Action::withdraw));
  EXPECT_FALSE(may_take(Actor::applicant, Action::accept));
  EXPECT_TRUE(may_take(Actor::clerk, Action::accept));
  EXPECT_FALSE(may_take(Actor::clerk, Action::approve));
  EXPECT_TRUE(may_take(Actor::approver, Action::deny));
  EXPECT_FALSE(may_take(Actor::approver, Action::submit));
}

TEST(Lifecycle, NamesRoundTrip) {
  for (Status s : kAll) EXPECT_EQ(status_from_string(to_string(s)), s);
  for (Action a : kActions) EXPECT_EQ(action_from_string(to_string(a)), a);
  EXPECT_EQ(action_from_string("return"), Action::return_for_correction);
  EXPECT_EQ(label(Status::returned), "待补正");
}

}  // namespace
}  // namespace haoban::applications
