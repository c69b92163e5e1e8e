// Expression language throughput. Items/s is evaluations per second on one thread.
//   build/bench/expr/bench_expr [--benchmark_filter=Policy]
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "expr/expr.h"

namespace haoban::expr {
namespace {

constexpr const char* kPolicyRule =
    "enterprise.district_code == \"310113\" && \"专精特新\" in enterprise.qualifications && "
    "enterprise.employees >= 10 && enterprise.employees <= 1000";
constexpr const char* kBenefitFormula =
    "round(min(enterprise.rd_expense * 0.2 + enterprise.employees * 1500 + enterprise.revenue * 0.001, "
    "2000000), 2)";
constexpr const char* kDateRule =
    "years_between(applicant.birth_date, today()) >= 18 && years_between(applicant.birth_date, today()) < 60";
constexpr const char* kListMacro = "enterprise.shareholders.exists(s, s.ratio > 0.5 && !s.foreign)";
constexpr const char* kWorkingDays = "working_days_between(form.submitted, today()) <= 20";

Date day(const char* s) { return *parse_date(s); }

Schema make_schema() {
  Schema s;
  s.add("applicant.birth_date", Type::date());
  s.add("enterprise.district_code", Type::string());
  s.add("enterprise.qualifications", Type::list_of(Type::string()));
  s.add("enterprise.employees", Type::integer());
  s.add("enterprise.revenue", Type::decimal());
  s.add("enterprise.rd_expense", Type::decimal());
  s.add("enterprise.shareholders",
        Type::list_of(Type::record(
            {{"name", Type::string()}, {"ratio", Type::decimal()}, {"foreign", Type::boolean()}})));
  s.add("form.submitted", Type::date());
  return s;
}

const Schema& schema() {
  static const Schema s = make_schema();
  return s;
}

const WorkingCalendar& calendar() {
  static const WorkingCalendar c =
      WorkingCalendar::load_dir(std::filesystem::path(HAOBAN_SOURCE_DIR) / "data/calendar");
  return c;
}

// One synthetic enterprise, deterministic in i.
struct Enterprise {
  std::string district;
  std::vector<std::string> qualifications;
  std::int64_t employees = 0;
  Decimal revenue;
  Decimal rd_expense;
  Date birth{};
  std::vector<Decimal> ratios;
};

Enterprise enterprise(int i) {
  std::mt19937 rng(static_cast<unsigned>(i));
  Enterprise e;
  e.district = rng() % 4 == 0 ? "310113" : "310112";
  e.qualifications = {"高新技术企业"};
  if (rng() % 3 == 0) e.qualifications.emplace_back("专精特新");
  e.employees = static_cast<std::int64_t>(rng() % 2000);
  e.revenue = *Decimal::from_units(static_cast<Int128>(rng() % 1'000'000'000) * Decimal::kOne / 100);
  e.rd_expense = *Decimal::from_units(static_cast<Int128>(rng() % 100'000'000) * Decimal::kOne / 100);
  e.birth = Date{std::chrono::year{1950 + static_cast<int>(rng() % 60)},
                 std::chrono::month{static_cast<unsigned>(1 + rng() % 12)},
                 std::chrono::day{static_cast<unsigned>(1 + rng() % 28)}};
  for (int k = 0; k < 5; ++k) e.ratios.push_back(*Decimal::from_units((rng() % 60) * Decimal::kOne / 100));
  return e;
}

void fill(Bindings& in, const Enterprise& e) {
  in.clear();
  in.set_string(1, e.district);
  {
    auto list = in.set_list(2);
    for (const auto& q : e.qualifications) list.add_string(q);
  }
  in.set_int(3, e.employees);
  in.set_decimal(4, e.revenue);
  in.set_decimal(5, e.rd_expense);
  in.set_date(0, e.birth);
  {
    auto list = in.set_list(6);
    for (std::size_t k = 0; k < e.ratios.size(); ++k) {
      list.add_record()
          .set_string("name", "股东")
          .set_decimal("ratio", e.ratios[k])
          .set_bool("foreign", k == 3);
    }
  }
  in.set_date(7, day("2026-03-02"));
}

Context context() { return Context{.today = day("2026-03-15"), .calendar = &calendar()}; }

// Evaluates one program over a fixed set of 1024 enterprises whose bindings are prepared up front.
void evaluate_prepared(benchmark::State& state, const char* source) {
  const Program p = Program::compile(source, schema());
  std::vector<Bindings> population;
  population.reserve(1024);
  for (int i = 0; i < 1024; ++i) {
    population.emplace_back(schema());
    fill(population.back(), enterprise(i));
  }
  Evaluator ev;
  const Context ctx = context();
  std::size_t i = 0;
  for (auto _ : state) {
    const Outcome& o = ev.evaluate(p, population[i++ & 1023], ctx);
    benchmark::DoNotOptimize(o.value);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_PolicyRule(benchmark::State& state) { evaluate_prepared(state, kPolicyRule); }
void BM_BenefitFormula(benchmark::State& state) { evaluate_prepared(state, kBenefitFormula); }
void BM_DateRule(benchmark::State& state) { evaluate_prepared(state, kDateRule); }
void BM_ListMacro(benchmark::State& state) { evaluate_prepared(state, kListMacro); }
void BM_WorkingDays(benchmark::State& state) { evaluate_prepared(state, kWorkingDays); }

// A population scan as the policy engine runs it: per enterprise, refill the bindings from its
// record, then evaluate several programs. Items are evaluations.
void BM_PopulationScan(benchmark::State& state) {
  const std::vector<Program> programs = {
      Program::compile(kPolicyRule, schema()), Program::compile(kBenefitFormula, schema()),
      Program::compile(kDateRule, schema()), Program::compile(kListMacro, schema())};
  std::vector<Enterprise> population;
  population.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) population.push_back(enterprise(i));
  Bindings in(schema());
  Evaluator ev;
  const Context ctx = context();
  for (auto _ : state) {
    for (const Enterprise& e : population) {
      fill(in, e);
      for (const Program& p : programs) benchmark::DoNotOptimize(ev.evaluate(p, in, ctx).status);
    }
  }
  state.SetItemsProcessed(
      static_cast<std::int64_t>(state.iterations() * population.size() * programs.size()));
  state.counters["enterprises/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * population.size()), benchmark::Counter::kIsRate);
}

void BM_Compile(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Program::compile(kPolicyRule, schema()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_CompileBenefitFormula(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Program::compile(kBenefitFormula, schema()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_ExplainPolicyRule(benchmark::State& state) {
  const Program p = Program::compile(kPolicyRule, schema());
  Bindings in(schema());
  fill(in, enterprise(7));
  Evaluator ev;
  const Context ctx = context();
  for (auto _ : state) benchmark::DoNotOptimize(ev.explain(p, in, ctx));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

BENCHMARK(BM_PolicyRule);
BENCHMARK(BM_BenefitFormula);
BENCHMARK(BM_DateRule);
BENCHMARK(BM_ListMacro);
BENCHMARK(BM_WorkingDays);
BENCHMARK(BM_PopulationScan)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Compile)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_CompileBenefitFormula)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ExplainPolicyRule)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace haoban::expr
