// Writing a policy in the workbench (政策编写): one policy file's text checked as `haoban defs check`
// checks it, its own tests run, and — when it compiles — its change impact over a population: who
// would gain or lose eligibility against the published version of the same id, and why. Nothing is
// saved or published; publishing stays a change to the definitions repository, reviewed there.
//
// Thread-safety: a Draft is immutable once compiled; draft_impact() may run concurrently.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "defs/defs.h"
#include "policy/engine.h"
#include "policy/population.h"

namespace haoban::policy {

// One of the policy's own tests, as `haoban policy test` runs it.
struct DraftTest {
  std::string name;
  int line = 0;
  bool passed = false;
  std::string message;  // why it failed: "expected eligible, got ineligible (failed: [size])"
};

struct Draft {
  std::unique_ptr<defs::Definitions> defs;  // the reference lists and the one policy (stable address)
  std::optional<Engine> engine;             // when the text compiles
  std::vector<defs::Problem> errors;        // at lines and columns of the text; empty when it compiles
  std::vector<DraftTest> tests;             // run only when it compiles
  const defs::Policy* policy() const { return defs && !defs->policies.empty() ? &defs->policies.front() : nullptr; }
};

// Checks `text` (one policy file) against the departments, sources and entity model of `published`,
// and runs its tests when it compiles. Never throws for bad content: every problem is in `errors`
// (the engine's own limits, such as at most 16 criteria, included).
Draft compile_draft(const defs::Definitions& published, std::string_view text);

// A criterion or risk check whose verdict for an entity differs between the versions; a verdict is
// "" where that version does not have the check.
struct VerdictChange {
  std::string id, reason;
  bool risk = false;
  std::string before, after;  // to_string(Verdict) or ""
};

// An entity whose eligibility the draft changes, and why.
struct ImpactSample {
  std::string entity, name;
  bool gained = false;        // false: lost
  std::string before, after;  // outcomes; before is "" for a new policy
  std::string amount_before, amount_after;
  std::vector<VerdictChange> changed;
};

struct DraftImpact {
  Impact counts;  // gained, lost, eligible before and after, amounts
  std::size_t entities = 0;
  std::size_t unchanged_eligible = 0;  // eligible before and after
  std::vector<ImpactSample> samples;   // gains first, then losses, up to `samples` in all
};

// The draft (which must have compiled) against policy `draft.policy()->id` of `published`, over
// `population` of the draft's target kind; `names[row]` names each entity. A published policy of
// another target counts as absent (everyone eligible under the draft gains).
DraftImpact draft_impact(const Engine& published, const Draft& draft, const Population& population,
                         const std::vector<std::string>& names, Date as_of, std::size_t samples = 20);

}  // namespace haoban::policy
