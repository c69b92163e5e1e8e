#include "policy/authoring.h"

#include <algorithm>

#include "core/error.h"

namespace haoban::policy {

Draft compile_draft(const defs::Definitions& published, std::string_view text) {
  Draft d;
  auto checked = defs::check_policy_text(published, text);
  d.defs = std::make_unique<defs::Definitions>(std::move(checked.defs));
  d.errors = std::move(checked.problems);
  const defs::Policy* p = d.policy();
  if (!d.errors.empty() || !p) return d;
  try {
    d.engine.emplace(*d.defs);
  } catch (const Error& e) {
    // The engine's own limits (16 criteria, 8 risk checks): reported where the policy starts.
    std::string message = e.detail();
    if (message.rfind(p->pos.file + ": ", 0) == 0) message.erase(0, p->pos.file.size() + 2);
    d.errors.push_back({p->pos, message});
    return d;
  }
  auto report = run_tests(*d.engine);
  for (const auto& t : p->tests) {
    auto failed = std::find_if(report.failures.begin(), report.failures.end(),
                               [&](const TestFailure& f) { return f.test == &t; });
    d.tests.push_back({t.name, t.pos.line, failed == report.failures.end(),
                       failed == report.failures.end() ? "" : failed->message});
  }
  return d;
}

namespace {

// Checks whose verdict differs. A check one version's decision did not get to (risks of an ineligible
// entity) is no change; one that only one version has is "" on the other side.
void compare(const std::vector<CriterionResult>& before, const std::vector<defs::Criterion>& before_checks,
             const std::vector<CriterionResult>& after, const std::vector<defs::Criterion>& after_checks, bool risk,
             std::vector<VerdictChange>& out) {
  auto result = [](const std::vector<CriterionResult>& v, const std::string& id) {
    auto it = std::find_if(v.begin(), v.end(), [&](const CriterionResult& c) { return c.id == id; });
    return it == v.end() || it->verdict == Verdict::not_evaluated ? nullptr : &*it;
  };
  auto has = [](const std::vector<defs::Criterion>& v, const std::string& id) {
    return std::any_of(v.begin(), v.end(), [&](const defs::Criterion& c) { return c.id == id; });
  };
  for (const auto& c : after_checks) {
    const auto* a = result(after, c.id);
    const auto* b = result(before, c.id);
    bool existed = has(before_checks, c.id);
    if (!a || (existed && !b)) continue;
    if (!existed) out.push_back({c.id, c.reason, risk, "", std::string(to_string(a->verdict))});
    else if (b->verdict != a->verdict)
      out.push_back({c.id, c.reason, risk, std::string(to_string(b->verdict)), std::string(to_string(a->verdict))});
  }
  for (const auto& c : before_checks)
    if (!has(after_checks, c.id))
      if (const auto* b = result(before, c.id)) out.push_back({c.id, c.reason, risk, std::string(to_string(b->verdict)), ""});
}

std::string amount_of(const Decision& d) { return d.amount ? d.amount->to_string() : ""; }

}  // namespace

DraftImpact draft_impact(const Engine& published, const Draft& draft, const Population& population,
                         const std::vector<std::string>& names, Date as_of, std::size_t samples) {
  const defs::Policy& p = *draft.policy();
  DraftImpact out;
  out.entities = population.size();
  out.counts = impact(published, *draft.engine, p.id, population, as_of, samples);
  out.unchanged_eligible = out.counts.eligible_before - out.counts.lost;
  // Gains and losses share the samples; either takes what the other does not need.
  std::size_t gains = std::min(out.counts.gained_examples.size(),
                               std::max(samples / 2, samples - std::min(samples, out.counts.lost_examples.size())));
  std::size_t losses = std::min(out.counts.lost_examples.size(), samples - gains);
  int was = out.counts.is_new ? -1 : published.index(p.id);
  auto sample = [&](const std::string& id, bool gained) {
    std::size_t row = population.find(id);
    ImpactSample s;
    s.entity = id;
    s.name = row < names.size() ? names[row] : "";
    s.gained = gained;
    Decision after = draft.engine->decide(0, population, row, as_of);
    s.after = to_string(after.outcome);
    s.amount_after = amount_of(after);
    if (was >= 0) {
      Decision before = published.decide(static_cast<std::size_t>(was), population, row, as_of);
      s.before = to_string(before.outcome);
      s.amount_before = amount_of(before);
      const defs::Policy& old = published.definitions().policies[static_cast<std::size_t>(was)];
      compare(before.criteria, old.eligibility, after.criteria, p.eligibility, false, s.changed);
      compare(before.risks, old.risks, after.risks, p.risks, true, s.changed);
    }
    out.samples.push_back(std::move(s));
  };
  for (std::size_t i = 0; i < gains; ++i) sample(out.counts.gained_examples[i], true);
  for (std::size_t i = 0; i < losses; ++i) sample(out.counts.lost_examples[i], false);
  return out;
}

}  // namespace haoban::policy
