// The policy engine (免申即享): every policy compiled once, then evaluated for one entity with every
// reason (the check-up, 政策体检) or for a whole population in batch.
//
// Outcomes, kept distinct (docs/policies.md):
//   not_in_force  the evaluation date is outside the policy's `effective` period (nothing evaluated);
//   ineligible    some criterion failed (`failed` lists them);
//   undecided     no criterion failed but some input is unknown (`missing` lists the inputs that could
//                 still change the result; a missing input is never taken as false or zero);
//   blocked       eligible, but a risk check holds (`blocked_by`);
//   eligible      every criterion holds and no risk does, with the amount (exact decimal yuan, may be 0);
//   error         an expression failed at run time (division by zero, overflow) or the amount came out
//                 negative; `error` says where.
// A risk that is unknown makes an otherwise eligible entity undecided: nobody is paid unchecked.
// A near miss is an ineligible entity that failed exactly one criterion and had no unknown input.
//
// Batch runs go criterion by criterion over the candidates still in play, reading only the columns
// each criterion needs; an entity leaves the candidate set once it has failed `stop_after_failures`
// criteria (default 2: it can then be neither eligible nor a near miss), so its `failed` list holds
// the first failures found. decide() always evaluates every criterion.
//
// Thread-safety: an Engine is immutable; decide(), checkup() and run() may be called concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "defs/compile.h"
#include "defs/defs.h"
#include "expr/expr.h"
#include "policy/population.h"

namespace haoban::policy {

enum class Outcome : std::uint8_t { eligible, ineligible, undecided, blocked, not_in_force, error };
std::string_view to_string(Outcome o);  // "eligible", …, "not_in_force", "error"

enum class Verdict : std::uint8_t { not_evaluated, held, failed, unknown };
std::string_view to_string(Verdict v);  // "not_evaluated", "held", "failed", "unknown"

// How one criterion or risk check came out for the entity, with the reason it stands for.
struct CriterionResult {
  std::string id;
  std::string reason;
  Verdict verdict = Verdict::not_evaluated;
  std::vector<std::string> missing;  // unknown: the inputs still needed
  std::string explanation;           // decide(): failed or unknown criteria, clause by clause
};

struct Decision {
  const defs::Policy* policy = nullptr;
  std::string entity;
  Date as_of;
  Outcome outcome = Outcome::undecided;
  std::optional<expr::Decimal> amount;  // eligible and blocked: what it pays (would pay)
  std::vector<std::string> failed;      // criterion ids
  std::vector<std::string> missing;     // input paths, e.g. "enterprise.employees"
  std::vector<std::string> blocked_by;  // risk ids
  std::string error;
  // decide() only: every criterion and risk, and every input the policy read with its value.
  std::vector<CriterionResult> criteria;
  std::vector<CriterionResult> risks;
  boost::json::object inputs;

  bool near_miss() const { return outcome == Outcome::ineligible && failed.size() == 1 && missing.empty(); }
};

class RunResult;

struct RunOptions {
  Date as_of;
  std::vector<std::string> policies;  // ids; empty: every policy for the population's kind
  int threads = 0;                    // 0: one per core
  int stop_after_failures = 2;        // 0: evaluate every criterion
};

class Engine {
 public:
  // Compiles every policy in `defs` (which must outlive the engine). Throws Error(invalid,
  // "definitions-invalid") when a policy's expressions do not compile (defs::load_dir reports those
  // with positions), or a policy has more than 16 criteria or 8 risk checks.
  explicit Engine(const defs::Definitions& defs);
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;

  const defs::Definitions& definitions() const { return *defs_; }
  // Index of policy `id` in definitions().policies, or -1.
  int index(std::string_view id) const;

  // One entity (`row` of `population`) against policy number `policy`, every criterion evaluated and
  // explained. Throws Error(invalid) when the population's kind is not the policy's target.
  Decision decide(std::size_t policy, const Population& population, std::size_t row, Date as_of) const;
  // The check-up (政策体检): decide() for every policy whose target is the population's kind.
  std::vector<Decision> checkup(const Population& population, std::size_t row, Date as_of) const;

  // Every (entity, policy) pair of the population and the chosen policies. Throws Error(invalid) for
  // an unknown policy id or one for another kind of entity.
  RunResult run(const Population& population, const RunOptions& options) const;

  struct Compiled;

 private:
  const defs::Definitions* defs_;
  std::vector<Compiled> compiled_;
};

// The decisions of one run, stored compactly: per (policy, entity) the outcome and each criterion's
// verdict; amounts, missing inputs and errors only where they occur.
class RunResult {
 public:
  struct PolicyTotals {
    std::string policy;
    std::size_t counts[6] = {};  // by Outcome
    std::size_t near_misses = 0;
    expr::Decimal amount;  // sum over eligible entities
  };

  RunResult();
  ~RunResult();
  RunResult(RunResult&&) noexcept;
  RunResult& operator=(RunResult&&) noexcept;

  std::size_t policies() const;
  std::size_t entities() const;
  const defs::Policy& policy(std::size_t p) const;
  // Decision of entity `row` for the run's policy number `p` (no explanations or inputs).
  Decision decision(std::size_t p, std::size_t row) const;
  Outcome outcome(std::size_t p, std::size_t row) const;
  PolicyTotals totals(std::size_t p) const;

  struct Data;

 private:
  friend class Engine;
  std::unique_ptr<Data> d_;
};

// Change impact: a policy's proposed version against the published one over the same population,
// before it is published — who would gain eligibility, who would lose it, and what it would cost.
// `published` may lack the policy, or have it for the other kind of entity (a new one: everyone
// eligible under it "gains"). Both engines must come from definitions with the same entity model as
// the population.
struct Impact {
  std::string policy;
  bool is_new = false;
  std::size_t eligible_before = 0, eligible_after = 0, gained = 0, lost = 0;
  expr::Decimal amount_before, amount_after;  // sums over eligible entities
  std::vector<std::string> gained_examples, lost_examples;  // up to `examples` entity ids each
};
Impact impact(const Engine& published, const Engine& proposed, std::string_view policy, const Population& population,
              Date as_of, std::size_t examples = 10);

// A policy's own tests (the `tests:` in its file), each decided as written and compared with what
// it expects. A failure says what differed.
struct TestFailure {
  const defs::Policy* policy = nullptr;
  const defs::PolicyTest* test = nullptr;
  std::string message;  // "expected eligible, got undecided (missing: enterprise.employees)"
  std::string to_string() const;  // "FILE:LINE:COL: policy ID test 'name': message"
};
struct TestReport {
  int passed = 0;
  std::vector<TestFailure> failures;
};
TestReport run_tests(const Engine& engine);

}  // namespace haoban::policy
