#include "policy/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <span>
#include <thread>

#include "core/error.h"

namespace haoban::policy {

namespace json = boost::json;

namespace {

constexpr std::size_t kMaxCriteria = 16;  // two bits each in a 32-bit word
constexpr std::size_t kMaxRisks = 8;      // two bits each in a 16-bit word

constexpr std::string_view kOutcomeNames[] = {"eligible", "ineligible", "undecided", "blocked", "not_in_force", "error"};
constexpr std::string_view kVerdictNames[] = {"not_evaluated", "held", "failed", "unknown"};

Verdict verdict_of(const expr::Outcome& o) {
  if (o.status == expr::Status::unknown) return Verdict::unknown;
  return o.value.as_bool() ? Verdict::held : Verdict::failed;
}

}  // namespace

std::string_view to_string(Outcome o) { return kOutcomeNames[static_cast<int>(o)]; }
std::string_view to_string(Verdict v) { return kVerdictNames[static_cast<int>(v)]; }

// ---- compiled policies --------------------------------------------------------------------------

struct Engine::Compiled {
  const defs::Policy* policy = nullptr;
  defs::PolicyScope scope;
  // Binds the policy's parameters at `as_of` (every parameter has a value from effective.from on;
  // after a dated value ends without a successor the parameter is unknown).
  void bind_parameters(expr::Bindings& b, Date as_of) const {
    for (std::size_t i = 0; i < policy->parameters.size(); ++i) {
      int slot = scope.first_parameter_slot + static_cast<int>(i);
      if (const auto* v = policy->parameters[i].at(as_of)) b.set_decimal(slot, v->value);
      else b.set_unknown(slot);
    }
  }
  // Binds the entity attributes `program` reads.
  void bind_inputs(const expr::Program& program, const Population& pop, std::size_t row, expr::Bindings& b) const {
    for (int slot : program.input_slots())
      if (slot < scope.first_parameter_slot) pop.bind(row, slot, slot, b);
  }
  std::string path(int slot) const { return scope.schema->path(slot); }
  // Every entity attribute any of the policy's programs reads (slots below first_parameter_slot).
  std::vector<int> attribute_slots;
};

Engine::Engine(const defs::Definitions& defs) : defs_(&defs) {
  for (const auto& p : defs.policies) {
    std::vector<defs::Problem> problems;
    Compiled c{&p, defs::compile_policy(defs, p, problems)};
    if (!problems.empty() || !c.scope.ok())
      throw invalid("definitions-invalid", "业务定义有误，请运行 haoban defs check",
                    problems.empty() ? "policy " + p.id + " does not compile" : problems.front().to_string());
    if (p.eligibility.size() > kMaxCriteria || p.risks.size() > kMaxRisks)
      throw invalid("definitions-invalid", "业务定义有误，请运行 haoban defs check",
                    fmt::format("{}: policy {} has more than {} criteria or {} risk checks", p.pos.file, p.id,
                                kMaxCriteria, kMaxRisks));
    auto note = [&](const expr::Program& prog) {
      for (int slot : prog.input_slots())
        if (slot < c.scope.first_parameter_slot &&
            std::find(c.attribute_slots.begin(), c.attribute_slots.end(), slot) == c.attribute_slots.end())
          c.attribute_slots.push_back(slot);
    };
    for (const auto& prog : c.scope.eligibility) note(*prog);
    for (const auto& prog : c.scope.risks) note(*prog);
    note(*c.scope.amount);
    compiled_.push_back(std::move(c));
  }
}

Engine::~Engine() = default;
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;

int Engine::index(std::string_view id) const {
  for (std::size_t i = 0; i < compiled_.size(); ++i)
    if (compiled_[i].policy->id == id) return static_cast<int>(i);
  return -1;
}

// ---- one entity, explained ----------------------------------------------------------------------

Decision Engine::decide(std::size_t index, const Population& pop, std::size_t row, Date as_of) const {
  const Compiled& c = compiled_.at(index);
  const defs::Policy& p = *c.policy;
  if (pop.kind() != p.target)
    throw invalid("policy-target-mismatch", "该政策不适用于此类主体",
                  fmt::format("policy {} is for {}, the entity is a {}", p.id, to_string(p.target), to_string(pop.kind())));
  Decision d;
  d.policy = &p;
  d.entity = pop.id(row);
  d.as_of = as_of;
  if (!p.in_force(as_of)) {
    d.outcome = Outcome::not_in_force;
    return d;
  }
  expr::Bindings b(*c.scope.schema);
  c.bind_parameters(b, as_of);
  for (int slot : c.attribute_slots) pop.bind(row, slot, slot, b);
  expr::Evaluator ev;
  expr::Context ctx{as_of, nullptr};
  std::vector<int> read;

  auto judge = [&](const defs::Criterion& crit, const expr::Program& prog, std::vector<std::string>& missing) {
    CriterionResult r{crit.id, crit.reason, Verdict::not_evaluated, {}, {}};
    for (int s : prog.input_slots()) read.push_back(s);
    const auto& o = ev.evaluate(prog, b, ctx);
    if (o.status == expr::Status::error) {
      if (d.error.empty()) d.error = fmt::format("{}: {}", crit.id, o.error);
      return r;
    }
    r.verdict = verdict_of(o);
    if (r.verdict == Verdict::unknown)
      for (int s : o.missing) {
        r.missing.push_back(c.path(s));
        if (std::find(missing.begin(), missing.end(), c.path(s)) == missing.end()) missing.push_back(c.path(s));
      }
    if (r.verdict != Verdict::held) r.explanation = ev.explain(prog, b, ctx).to_string();
    return r;
  };

  std::vector<std::string> missing;
  for (std::size_t i = 0; i < p.eligibility.size(); ++i) {
    d.criteria.push_back(judge(p.eligibility[i], *c.scope.eligibility[i], missing));
    if (d.criteria.back().verdict == Verdict::failed) d.failed.push_back(p.eligibility[i].id);
  }
  auto finish_inputs = [&] {
    std::sort(read.begin(), read.end());
    read.erase(std::unique(read.begin(), read.end()), read.end());
    for (int s : read) {
      if (s < c.scope.first_parameter_slot) d.inputs[c.path(s)] = pop.value_json(row, s);
      else if (const auto* v = p.parameters[static_cast<std::size_t>(s - c.scope.first_parameter_slot)].at(as_of))
        d.inputs[c.path(s)] = v->value.to_string();
      else d.inputs[c.path(s)] = nullptr;
    }
  };
  if (!d.error.empty()) {
    d.outcome = Outcome::error;
    finish_inputs();
    return d;
  }
  if (!d.failed.empty()) {
    d.outcome = Outcome::ineligible;
    d.missing = missing;
    finish_inputs();
    return d;
  }
  for (std::size_t i = 0; i < p.risks.size(); ++i) {
    d.risks.push_back(judge(p.risks[i], *c.scope.risks[i], missing));
    if (d.risks.back().verdict == Verdict::held) d.blocked_by.push_back(p.risks[i].id);
  }
  for (int s : c.scope.amount->input_slots()) read.push_back(s);
  const auto& amount = ev.evaluate(*c.scope.amount, b, ctx);
  if (amount.status == expr::Status::error) {
    d.error = "amount: " + amount.error;
  } else if (amount.status == expr::Status::unknown) {
    for (int s : amount.missing)
      if (std::find(missing.begin(), missing.end(), c.path(s)) == missing.end()) missing.push_back(c.path(s));
  } else if (amount.value.as_decimal() < expr::Decimal()) {
    d.error = fmt::format("amount: {} is negative", amount.value.as_decimal().to_string());
  } else {
    d.amount = amount.value.as_decimal();
  }
  if (!d.error.empty()) d.outcome = Outcome::error;
  else if (!missing.empty()) d.outcome = Outcome::undecided;
  else if (!d.blocked_by.empty()) d.outcome = Outcome::blocked;
  else d.outcome = Outcome::eligible;
  if (d.outcome == Outcome::undecided) d.amount.reset();
  d.missing = std::move(missing);
  finish_inputs();
  return d;
}

std::vector<Decision> Engine::checkup(const Population& pop, std::size_t row, Date as_of) const {
  std::vector<Decision> out;
  for (std::size_t i = 0; i < compiled_.size(); ++i)
    if (compiled_[i].policy->target == pop.kind()) out.push_back(decide(i, pop, row, as_of));
  return out;
}

// ---- batch --------------------------------------------------------------------------------------

struct RunResult::Data {
  struct PerPolicy {
    const defs::Policy* policy = nullptr;
    const Engine::Compiled* compiled = nullptr;
    std::vector<Outcome> outcome;
    std::vector<std::uint32_t> criteria;  // 2-bit Verdict per criterion
    std::vector<std::uint16_t> risks;     // 2-bit Verdict per risk
    std::vector<std::pair<std::uint32_t, expr::Decimal>> amounts;            // sorted by row
    std::vector<std::pair<std::uint32_t, std::vector<int>>> missing;        // slots, sorted by row
    std::vector<std::pair<std::uint32_t, std::string>> errors;              // sorted by row
  };
  const Population* population = nullptr;
  Date as_of;
  std::vector<PerPolicy> policies;
};

namespace {

// The sparse entries of one thread's rows, merged in row order afterwards.
struct Sparse {
  std::vector<std::pair<std::uint32_t, expr::Decimal>> amounts;
  std::vector<std::pair<std::uint32_t, std::vector<int>>> missing;
  std::vector<std::pair<std::uint32_t, std::string>> errors;
};

// Missing inputs per row of one thread's range while a policy is evaluated, emitted in row order.
class MissingInputs {
 public:
  MissingInputs(std::size_t begin, std::size_t end) : begin_(begin), rows_(end - begin) {}
  void add(std::uint32_t row, std::span<const int> slots) {
    auto& v = rows_[row - begin_];
    if (v.empty()) touched_.push_back(row);
    for (int slot : slots)
      if (std::find(v.begin(), v.end(), slot) == v.end()) v.push_back(slot);
  }
  void move_to(std::vector<std::pair<std::uint32_t, std::vector<int>>>& out) {
    std::sort(touched_.begin(), touched_.end());
    for (auto row : touched_) out.push_back({row, std::move(rows_[row - begin_])});
    for (auto row : touched_) rows_[row - begin_].clear();
    touched_.clear();
  }

 private:
  std::size_t begin_;
  std::vector<std::vector<int>> rows_;
  std::vector<std::uint32_t> touched_;
};

}  // namespace

RunResult Engine::run(const Population& pop, const RunOptions& options) const {
  RunResult result;
  result.d_ = std::make_unique<RunResult::Data>();
  auto& data = *result.d_;
  data.population = &pop;
  data.as_of = options.as_of;
  std::vector<const Compiled*> chosen;
  if (options.policies.empty()) {
    for (const auto& c : compiled_)
      if (c.policy->target == pop.kind()) chosen.push_back(&c);
  } else {
    for (const auto& id : options.policies) {
      int i = index(id);
      if (i < 0) throw invalid("policy-unknown", "没有该政策", fmt::format("no policy '{}'", id));
      if (compiled_[static_cast<std::size_t>(i)].policy->target != pop.kind())
        throw invalid("policy-target-mismatch", "该政策不适用于此类主体",
                      fmt::format("policy {} is not for {}", id, to_string(pop.kind())));
      chosen.push_back(&compiled_[static_cast<std::size_t>(i)]);
    }
  }
  const std::size_t n = pop.size();
  for (const Compiled* c : chosen) {
    RunResult::Data::PerPolicy pp;
    pp.policy = c->policy;
    pp.compiled = c;
    pp.outcome.assign(n, Outcome::ineligible);
    pp.criteria.assign(n, 0);
    pp.risks.assign(n, 0);
    data.policies.push_back(std::move(pp));
  }
  int threads = options.threads > 0 ? options.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  threads = static_cast<int>(std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(1, n / 1024)));
  std::vector<std::vector<Sparse>> sparse(static_cast<std::size_t>(threads), std::vector<Sparse>(chosen.size()));
  const int stop_after = options.stop_after_failures;
  expr::Context ctx{options.as_of, nullptr};

  auto work = [&](int t, std::size_t begin, std::size_t end) {
    expr::Evaluator ev;
    std::vector<std::uint32_t> candidates, next;
    std::vector<std::uint8_t> failures(end - begin);
    std::vector<std::uint8_t> unknown(end - begin);
    MissingInputs missing(begin, end);
    for (std::size_t pi = 0; pi < chosen.size(); ++pi) {
      const Compiled& c = *chosen[pi];
      const defs::Policy& p = *c.policy;
      auto& pp = data.policies[pi];
      Sparse& sp = sparse[static_cast<std::size_t>(t)][pi];
      if (!p.in_force(options.as_of)) {
        std::fill(pp.outcome.begin() + static_cast<std::ptrdiff_t>(begin), pp.outcome.begin() + static_cast<std::ptrdiff_t>(end),
                  Outcome::not_in_force);
        continue;
      }
      expr::Bindings b(*c.scope.schema);
      c.bind_parameters(b, options.as_of);
      std::fill(failures.begin(), failures.end(), 0);
      std::fill(unknown.begin(), unknown.end(), 0);
      candidates.clear();
      for (std::size_t r = begin; r < end; ++r) candidates.push_back(static_cast<std::uint32_t>(r));
      auto error_out = [&](std::uint32_t row, std::string_view what, const std::string& message) {
        pp.outcome[row] = Outcome::error;
        sp.errors.push_back({row, fmt::format("{}: {}", what, message)});
      };
      // Eligibility, criterion by criterion over the candidates still in play.
      for (std::size_t ci = 0; ci < p.eligibility.size(); ++ci) {
        const expr::Program& prog = *c.scope.eligibility[ci];
        next.clear();
        for (std::uint32_t row : candidates) {
          c.bind_inputs(prog, pop, row, b);
          const auto& o = ev.evaluate(prog, b, ctx);
          if (o.status == expr::Status::error) {
            error_out(row, p.eligibility[ci].id, o.error);
            continue;
          }
          Verdict v = verdict_of(o);
          pp.criteria[row] |= static_cast<std::uint32_t>(v) << (2 * ci);
          auto& f = failures[row - begin];
          if (v == Verdict::failed) ++f;
          if (v == Verdict::unknown) {
            unknown[row - begin] = 1;
            missing.add(row, o.missing);
          }
          if (stop_after == 0 || f < stop_after) next.push_back(row);
        }
        candidates.swap(next);
      }
      // Candidates left with no failure: risks, then the amount.
      for (std::uint32_t row : candidates) {
        if (pp.outcome[row] == Outcome::error || failures[row - begin] > 0) continue;
        bool blocked = false, undecided = unknown[row - begin] != 0, failed = false;
        for (std::size_t ri = 0; ri < p.risks.size() && !failed; ++ri) {
          const expr::Program& prog = *c.scope.risks[ri];
          c.bind_inputs(prog, pop, row, b);
          const auto& o = ev.evaluate(prog, b, ctx);
          if (o.status == expr::Status::error) {
            error_out(row, p.risks[ri].id, o.error);
            failed = true;
            break;
          }
          Verdict v = verdict_of(o);
          pp.risks[row] |= static_cast<std::uint16_t>(static_cast<unsigned>(v) << (2 * ri));
          if (v == Verdict::held) blocked = true;
          if (v == Verdict::unknown) {
            undecided = true;
            missing.add(row, o.missing);
          }
        }
        if (failed) continue;
        const expr::Program& amount = *c.scope.amount;
        c.bind_inputs(amount, pop, row, b);
        const auto& o = ev.evaluate(amount, b, ctx);
        if (o.status == expr::Status::error) {
          error_out(row, "amount", o.error);
          continue;
        }
        if (o.status == expr::Status::unknown) {
          undecided = true;
          missing.add(row, o.missing);
        } else if (o.value.as_decimal() < expr::Decimal()) {
          error_out(row, "amount", o.value.as_decimal().to_string() + " is negative");
          continue;
        } else if (!undecided) {
          sp.amounts.push_back({row, o.value.as_decimal()});
        }
        pp.outcome[row] = undecided ? Outcome::undecided : blocked ? Outcome::blocked : Outcome::eligible;
      }
      // The rest: ineligible when something failed (already the default), undecided when only unknowns.
      for (std::size_t r = begin; r < end; ++r)
        if (pp.outcome[r] == Outcome::ineligible && failures[r - begin] == 0 && unknown[r - begin])
          pp.outcome[r] = Outcome::undecided;
      missing.move_to(sp.missing);
    }
  };

  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errors(static_cast<std::size_t>(threads));
  std::size_t chunk = (n + static_cast<std::size_t>(threads) - 1) / static_cast<std::size_t>(threads);
  for (int t = 0; t < threads; ++t) {
    std::size_t begin = std::min(n, static_cast<std::size_t>(t) * chunk), end = std::min(n, begin + chunk);
    pool.emplace_back([&, t, begin, end] {
      try {
        work(t, begin, end);
      } catch (...) {
        errors[static_cast<std::size_t>(t)] = std::current_exception();
      }
    });
  }
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
  // Threads own consecutive row ranges, so appending in thread order keeps every list sorted.
  for (std::size_t pi = 0; pi < chosen.size(); ++pi) {
    auto& pp = data.policies[pi];
    for (auto& per_thread : sparse) {
      auto& sp = per_thread[pi];
      std::move(sp.amounts.begin(), sp.amounts.end(), std::back_inserter(pp.amounts));
      std::move(sp.missing.begin(), sp.missing.end(), std::back_inserter(pp.missing));
      std::move(sp.errors.begin(), sp.errors.end(), std::back_inserter(pp.errors));
    }
  }
  return result;
}

// ---- run results --------------------------------------------------------------------------------

RunResult::RunResult() = default;
RunResult::~RunResult() = default;
RunResult::RunResult(RunResult&&) noexcept = default;
RunResult& RunResult::operator=(RunResult&&) noexcept = default;

std::size_t RunResult::policies() const { return d_->policies.size(); }
std::size_t RunResult::entities() const { return d_->population->size(); }
const defs::Policy& RunResult::policy(std::size_t p) const { return *d_->policies.at(p).policy; }
Outcome RunResult::outcome(std::size_t p, std::size_t row) const { return d_->policies.at(p).outcome.at(row); }

namespace {
template <class V>
const V* sparse_at(const std::vector<std::pair<std::uint32_t, V>>& v, std::size_t row) {
  auto it = std::lower_bound(v.begin(), v.end(), row, [](const auto& e, std::size_t r) { return e.first < r; });
  return it != v.end() && it->first == row ? &it->second : nullptr;
}
}  // namespace

Decision RunResult::decision(std::size_t p, std::size_t row) const {
  const auto& pp = d_->policies.at(p);
  const defs::Policy& policy = *pp.policy;
  Decision d;
  d.policy = &policy;
  d.entity = d_->population->id(row);
  d.as_of = d_->as_of;
  d.outcome = pp.outcome.at(row);
  if (d.outcome == Outcome::not_in_force) return d;
  for (std::size_t ci = 0; ci < policy.eligibility.size(); ++ci)
    if (static_cast<Verdict>((pp.criteria[row] >> (2 * ci)) & 3u) == Verdict::failed)
      d.failed.push_back(policy.eligibility[ci].id);
  for (std::size_t ri = 0; ri < policy.risks.size(); ++ri)
    if (static_cast<Verdict>((pp.risks[row] >> (2 * ri)) & 3u) == Verdict::held) d.blocked_by.push_back(policy.risks[ri].id);
  if (const auto* slots = sparse_at(pp.missing, row))
    for (int s : *slots) d.missing.push_back(pp.compiled->path(s));
  if (const auto* a = sparse_at(pp.amounts, row)) d.amount = *a;
  if (const auto* e = sparse_at(pp.errors, row)) d.error = *e;
  if (d.outcome == Outcome::blocked || d.outcome == Outcome::undecided) {
    // blocked keeps its list; undecided has no amount; both are what decide() reports.
  }
  return d;
}

RunResult::PolicyTotals RunResult::totals(std::size_t p) const {
  const auto& pp = d_->policies.at(p);
  PolicyTotals t;
  t.policy = pp.policy->id;
  for (std::size_t row = 0; row < pp.outcome.size(); ++row) {
    ++t.counts[static_cast<int>(pp.outcome[row])];
    if (pp.outcome[row] == Outcome::ineligible) {
      int failed = 0;
      for (std::size_t ci = 0; ci < pp.policy->eligibility.size(); ++ci) {
        auto v = static_cast<Verdict>((pp.criteria[row] >> (2 * ci)) & 3u);
        if (v == Verdict::failed) ++failed;
        if (v == Verdict::unknown) failed = 99;
      }
      if (failed == 1) ++t.near_misses;
    }
  }
  for (const auto& [row, amount] : pp.amounts)
    if (pp.outcome[row] == Outcome::eligible) t.amount = *expr::Decimal::add(t.amount, amount);
  return t;
}

// ---- change impact ------------------------------------------------------------------------------

Impact impact(const Engine& published, const Engine& proposed, std::string_view policy, const Population& pop,
              Date as_of, std::size_t examples) {
  Impact out;
  out.policy = std::string(policy);
  int was_index = published.index(policy);
  out.is_new = was_index < 0 ||
               published.definitions().policies[static_cast<std::size_t>(was_index)].target != pop.kind();
  auto after = proposed.run(pop, {as_of, {std::string(policy)}, 0, 2});
  std::optional<RunResult> before;
  if (!out.is_new) before = published.run(pop, {as_of, {std::string(policy)}, 0, 2});
  for (std::size_t row = 0; row < pop.size(); ++row) {
    bool was = before && before->outcome(0, row) == Outcome::eligible;
    bool is = after.outcome(0, row) == Outcome::eligible;
    if (was) {
      ++out.eligible_before;
      out.amount_before = *expr::Decimal::add(out.amount_before, *before->decision(0, row).amount);
    }
    if (is) {
      ++out.eligible_after;
      out.amount_after = *expr::Decimal::add(out.amount_after, *after.decision(0, row).amount);
    }
    if (is && !was && out.gained++ < examples) out.gained_examples.push_back(pop.id(row));
    if (was && !is && out.lost++ < examples) out.lost_examples.push_back(pop.id(row));
  }
  return out;
}

}  // namespace haoban::policy
