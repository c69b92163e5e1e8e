// The policy engine at the district's scale (docs/benchmarks.md, "Policy engine"):
//   build/bench/policy/bench_policy [ENTERPRISES=100000] [POLICIES=100]
// 1. a synthetic population (app/synthetic_entities.h) read into columns;
// 2. the batch run: every (enterprise, policy) decided with its reasons, 1 and 2 threads, with the
//    candidate set dropping entities after two failures and with every criterion evaluated;
// 3. the baseline in the same run: the one-at-a-time path (Engine::decide per pair, every criterion
//    explained) over a sample, extrapolated;
// 4. check-up latency: every enterprise policy for one entity, p50/p99 over random entities.
// The district has fewer enterprise policies than asked for; the rest are copies of them under new
// ids (the same rules, so the same cost per policy).
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>
#include <sstream>

#include "app/synthetic_entities.h"
#include "defs/defs.h"
#include "policy/engine.h"

namespace {

using namespace haoban;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

int main(int argc, char** argv) {
  int enterprises = argc > 1 ? std::atoi(argv[1]) : 100000;
  std::size_t wanted = argc > 2 ? static_cast<std::size_t>(std::atoi(argv[2])) : 100;
  bool batch_only = argc > 3 && std::string_view(argv[3]) == "batch";  // for profiling the batch alone
  auto defs = defs::load_dir_or_throw(std::filesystem::path(HAOBAN_SOURCE_DIR) / "data/definitions");
  std::vector<defs::Policy> own;
  for (const auto& p : defs.policies)
    if (p.target == defs::EntityKind::enterprise) own.push_back(p);
  std::size_t district = own.size();
  defs.policies = own;
  for (std::size_t i = 0; defs.policies.size() < wanted; ++i) {
    defs::Policy copy = own[i % own.size()];
    copy.id += fmt::format("-COPY{}", i);
    defs.policies.push_back(std::move(copy));
  }
  defs.policies.resize(std::min(defs.policies.size(), wanted));
  std::sort(defs.policies.begin(), defs.policies.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  policy::Engine engine(defs);
  fmt::print("policies: {} ({} of the district's, the rest copies)\n", defs.policies.size(), std::min(district, wanted));

  auto t = Clock::now();
  std::stringstream lines;
  app::write_synthetic_population(lines, enterprises, 0, 20261127);
  double generate = seconds_since(t);
  t = Clock::now();
  auto populations = policy::read_entities(lines, "synthetic", defs.entities);
  const auto& pop = populations.enterprises;
  fmt::print("population: {} enterprises generated in {:.2f} s, read into columns in {:.2f} s\n", pop.size(), generate,
             seconds_since(t));

  Date as_of = *parse_date("2026-11-01");
  const double pairs = static_cast<double>(pop.size()) * static_cast<double>(defs.policies.size());
  for (int stop : {2, 0})
    for (int threads : {1, 2}) {
      t = Clock::now();
      auto result = engine.run(pop, {as_of, {}, threads, stop});
      double s = seconds_since(t);
      std::size_t counts[6] = {}, near = 0;
      for (std::size_t p = 0; p < result.policies(); ++p) {
        auto totals = result.totals(p);
        for (int o = 0; o < 6; ++o) counts[o] += totals.counts[o];
        near += totals.near_misses;
      }
      fmt::print("batch ({}, {} thread{}): {:.2f} s, {:.2f} M decisions/s — eligible {}, ineligible {}, undecided {}, "
                 "blocked {}, error {}, near misses {}\n",
                 stop ? "drop after 2 failures" : "every criterion", threads, threads > 1 ? "s" : "", s, pairs / s / 1e6,
                 counts[0], counts[1], counts[2], counts[3], counts[5], near);
    }

  if (batch_only) return 0;

  // Baseline: one pair at a time, every criterion evaluated and explained (what a per-case engine does).
  std::mt19937 rng(1);
  const std::size_t sample = std::min<std::size_t>(2000, pop.size());
  t = Clock::now();
  std::size_t decided = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    std::size_t row = rng() % pop.size();
    for (std::size_t p = 0; p < defs.policies.size(); ++p, ++decided) engine.decide(p, pop, row, as_of);
  }
  double s = seconds_since(t);
  fmt::print("baseline (decide per pair, explained, 1 thread): {:.0f} decisions/s → {:.1f} s for the whole population\n",
             static_cast<double>(decided) / s, pairs / (static_cast<double>(decided) / s));

  // Check-up latency: all policies for one entity.
  std::vector<double> micros;
  for (int i = 0; i < 5000; ++i) {
    std::size_t row = rng() % pop.size();
    t = Clock::now();
    auto decisions = engine.checkup(pop, row, as_of);
    micros.push_back(seconds_since(t) * 1e6);
    if (decisions.size() != defs.policies.size()) return 1;
  }
  std::sort(micros.begin(), micros.end());
  fmt::print("check-up ({} policies, explained): p50 {:.0f} µs, p99 {:.0f} µs, max {:.0f} µs\n", defs.policies.size(),
             micros[micros.size() / 2], micros[micros.size() * 99 / 100], micros.back());
  return 0;
}
