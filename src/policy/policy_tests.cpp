// Running the `tests:` written in each policy file.
#include <fmt/format.h>

#include <algorithm>

#include "core/error.h"
#include "policy/engine.h"

namespace haoban::policy {

namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return "[" + out + "]";
}

bool same_set(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

std::string describe(const Decision& d) {
  std::string s(to_string(d.outcome));
  if (d.amount) s += " " + d.amount->to_string();
  if (!d.failed.empty()) s += " (failed: " + joined(d.failed) + ")";
  if (!d.missing.empty()) s += " (missing: " + joined(d.missing) + ")";
  if (!d.blocked_by.empty()) s += " (blocked by: " + joined(d.blocked_by) + ")";
  if (!d.error.empty()) s += " (" + d.error + ")";
  return s;
}

}  // namespace

std::string TestFailure::to_string() const {
  return fmt::format("{}:{}:{}: policy {} test '{}': {}", test->pos.file, test->pos.line, test->pos.column, policy->id,
                     test->name, message);
}

TestReport run_tests(const Engine& engine) {
  TestReport report;
  const auto& defs = engine.definitions();
  for (std::size_t i = 0; i < defs.policies.size(); ++i) {
    const auto& p = defs.policies[i];
    for (const auto& t : p.tests) {
      std::string why;
      try {
        Population pop(defs.entities, p.target);
        pop.add("test", t.entity);
        Decision d = engine.decide(i, pop, 0, t.as_of);
        if (to_string(d.outcome) != t.outcome) {
          why = fmt::format("expected {}, got {}", t.outcome, describe(d));
        } else if (t.amount && (!d.amount || *d.amount != *expr::Decimal::parse(*t.amount))) {
          why = fmt::format("expected amount {}, got {}", *t.amount, d.amount ? d.amount->to_string() : "none");
        } else if (t.failed && !same_set(*t.failed, d.failed)) {
          why = fmt::format("expected failed {}, got {}", joined(*t.failed), joined(d.failed));
        } else if (t.missing && !same_set(*t.missing, d.missing)) {
          why = fmt::format("expected missing {}, got {}", joined(*t.missing), joined(d.missing));
        } else if (t.blocked_by && !same_set(*t.blocked_by, d.blocked_by)) {
          why = fmt::format("expected blocked by {}, got {}", joined(*t.blocked_by), joined(d.blocked_by));
        }
      } catch (const Error& e) {
        why = e.detail().empty() ? e.what() : e.detail();
      }
      if (why.empty()) ++report.passed;
      else report.failures.push_back({&p, &t, std::move(why)});
    }
  }
  return report;
}

}  // namespace haoban::policy
