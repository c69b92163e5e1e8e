#include "app/policy_cli.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "app/app.h"
#include "app/synthetic_entities.h"
#include "core/error.h"
#include "core/id_codes.h"
#include "core/principal.h"
#include "defs/defs.h"
#include "policy/engine.h"
#include "policy/gather.h"
#include "policy/json.h"
#include "policy/service.h"

namespace haoban::app {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

Date parse_as_of(const std::string& s) {
  if (s.empty()) return china_date(std::chrono::system_clock::now());
  if (auto d = parse_date(s)) return *d;
  throw invalid("bad-date", "日期格式应为 YYYY-MM-DD", "--as-of '" + s + "'");
}

// The definitions with the policies of `policies_dir` (default: the definitions' own), or the
// problems as FILE:LINE:COL lines and nullopt.
std::optional<defs::Definitions> load(const Config& c, const std::string& policies_dir) {
  std::optional<fs::path> alt;
  if (!policies_dir.empty()) alt = fs::path(policies_dir);
  auto res = defs::load_dir(c.resources / "definitions", alt);
  if (res.problems.empty()) return std::move(res.defs);
  for (const auto& p : res.problems) fmt::print(stderr, "{}\n", p.to_string());
  return std::nullopt;
}

// Buffers output lines and writes them in large blocks (an evaluation can print millions).
class LineWriter {
 public:
  ~LineWriter() { flush(); }
  void line(const json::object& o) {
    buf_ += json::serialize(o);
    buf_ += '\n';
    if (buf_.size() > (1u << 20)) flush();
  }
  void flush() {
    std::fwrite(buf_.data(), 1, buf_.size(), stdout);
    buf_.clear();
  }

 private:
  std::string buf_;
};

std::string_view outcome_label(policy::Outcome o) {
  switch (o) {
    case policy::Outcome::eligible: return "符合";
    case policy::Outcome::ineligible: return "不符合";
    case policy::Outcome::undecided: return "待确认（信息不全）";
    case policy::Outcome::blocked: return "符合但暂缓（风险核查）";
    case policy::Outcome::not_in_force: return "不在有效期";
    case policy::Outcome::error: return "计算出错";
  }
  return "";
}

}  // namespace

struct PolicyCli::Impl {
  CLI::App* eval = nullptr;
  CLI::App* test = nullptr;
  CLI::App* checkup = nullptr;
  CLI::App* impact = nullptr;
  CLI::App* population = nullptr;
  int enterprises = 1000, persons = 1000;
  std::uint64_t seed = 20261127;
  std::string policies, entities, as_of, entity, dir;
  std::vector<std::string> only;
  bool all_failures = false, summary = false, as_json = false;
  int threads = 0;
};

PolicyCli::PolicyCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags)
    : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  auto* cmd = cli.add_subcommand("policy", "免申即享 policies: evaluate a population, run the policies' tests, check up one entity");
  cmd->require_subcommand(1);
  m.eval = cmd->add_subcommand("eval", "one JSON line per (entity, policy): outcome, amount, failed, missing, blocked_by");
  m.eval->add_option("--resources", m.dir, "the repository's data/ folder (entities.yaml, departments)");
  m.eval->add_option("--policies", m.policies, "policies directory (default: <resources>/definitions/policies)");
  m.eval->add_option("--entities", m.entities, "JSON Lines, one entity per line: {\"id\", \"kind\", …attributes}")->required();
  m.eval->add_option("--as-of", m.as_of, "evaluation date YYYY-MM-DD (default: today in China)");
  m.eval->add_option("--policy", m.only, "only this policy (repeatable)");
  m.eval->add_flag("--all-failures", m.all_failures, "list every failing criterion (default: stop after two)");
  m.eval->add_flag("--summary", m.summary, "print per-policy totals instead of one line per pair");
  m.eval->add_option("--threads", m.threads, "worker threads (default: one per core)")->check(CLI::Range(1, 64));
  m.test = cmd->add_subcommand("test", "run every policy's tests; print N passed, N failed");
  m.test->add_option("--resources", m.dir, "the repository's data/ folder");
  m.test->add_option("DIR", m.policies, "policies directory (default: <resources>/definitions/policies)");
  m.impact = cmd->add_subcommand("impact", "change impact: each policy of DIR that differs from the published one, over an entities file");
  m.impact->add_option("--resources", m.dir, "the repository's data/ folder");
  m.impact->add_option("--policies", m.policies, "the proposed policies' directory")->required();
  m.impact->add_option("--entities", m.entities, "JSON Lines, one entity per line")->required();
  m.impact->add_option("--as-of", m.as_of, "evaluation date YYYY-MM-DD (default: today in China)");
  m.population = cmd->add_subcommand("population", "write a synthetic district population (JSON Lines) for eval and benchmarks");
  m.population->add_option("--enterprises", m.enterprises, "enterprises (default 1000)")->check(CLI::Range(0, 10000000));
  m.population->add_option("--persons", m.persons, "residents (default 1000)")->check(CLI::Range(0, 10000000));
  m.population->add_option("--seed", m.seed, "random seed (same seed, same file)");
  m.checkup = cmd->add_subcommand("checkup", "政策体检 of one seeded enterprise or resident, from the authoritative sources");
  state_flags(m.checkup);
  m.checkup->add_option("--entity", m.entity, "统一社会信用代码 or 居民身份证号码")->required();
  m.checkup->add_option("--as-of", m.as_of, "evaluation date YYYY-MM-DD (default: today in China)");
  m.checkup->add_flag("--json", m.as_json, "print the explained decisions as JSON");
}

PolicyCli::~PolicyCli() = default;

std::optional<int> PolicyCli::run(const std::function<Config()>& config) {
  auto& m = *impl_;
  if (!m.eval->parsed() && !m.test->parsed() && !m.checkup->parsed() && !m.impact->parsed() &&
      !m.population->parsed())
    return std::nullopt;
  Config c = config();
  if (!m.dir.empty()) c.resources = m.dir;
  spdlog::set_level(spdlog::level::warn);

  if (m.test->parsed()) {
    auto defs = load(c, m.policies);
    if (!defs) return 1;
    policy::Engine engine(*defs);
    auto report = policy::run_tests(engine);
    for (const auto& f : report.failures) fmt::print("{}\n", f.to_string());
    fmt::print("{} passed, {} failed\n", report.passed, report.failures.size());
    return report.failures.empty() ? 0 : 1;
  }

  if (m.population->parsed()) {
    std::ostringstream out;
    write_synthetic_population(out, m.enterprises, m.persons, m.seed);
    std::fwrite(out.str().data(), 1, out.str().size(), stdout);
    return 0;
  }

  if (m.impact->parsed()) {
    Date as_of = parse_as_of(m.as_of);
    auto published = load(c, "");
    auto proposed = load(c, m.policies);
    if (!published || !proposed) return 1;
    policy::Engine before(*published), after(*proposed);
    std::ifstream in(m.entities, std::ios::binary);
    if (!in) throw invalid("entities-unreadable", "无法读取实体数据文件", m.entities);
    auto populations = policy::read_entities(in, m.entities, proposed->entities);
    for (const auto& p : proposed->policies) {
      const defs::Policy* old = published->policy(p.id);
      if (old && old->version == p.version) continue;
      auto r = policy::impact(before, after, p.id, populations.of(p.target), as_of);
      json::array gained, lost;
      for (const auto& id : r.gained_examples) gained.push_back(json::value(id));
      for (const auto& id : r.lost_examples) lost.push_back(json::value(id));
      fmt::print("{}\n", json::serialize(json::object{{"policy", r.policy},
                                                      {"status", r.is_new ? "new" : "changed"},
                                                      {"eligible_before", r.eligible_before},
                                                      {"eligible_after", r.eligible_after},
                                                      {"gained", r.gained},
                                                      {"lost", r.lost},
                                                      {"amount_before", r.amount_before.to_string()},
                                                      {"amount_after", r.amount_after.to_string()},
                                                      {"gained_examples", std::move(gained)},
                                                      {"lost_examples", std::move(lost)}}));
    }
    return 0;
  }

  if (m.eval->parsed()) {
    Date as_of = parse_as_of(m.as_of);
    auto defs = load(c, m.policies);
    if (!defs) return 1;
    policy::Engine engine(*defs);
    std::ifstream in(m.entities, std::ios::binary);
    if (!in) throw invalid("entities-unreadable", "无法读取实体数据文件", m.entities);
    auto populations = policy::read_entities(in, m.entities, defs->entities);
    policy::RunOptions options{as_of, {}, m.threads, m.all_failures ? 0 : 2};
    LineWriter out;
    for (auto kind : {defs::EntityKind::enterprise, defs::EntityKind::person}) {
      const auto& pop = populations.of(kind);
      options.policies.clear();
      for (const auto& id : m.only) {
        int i = engine.index(id);
        if (i < 0) throw invalid("policy-unknown", "没有该政策", fmt::format("no policy '{}'", id));
        if (defs->policies[static_cast<std::size_t>(i)].target == kind) options.policies.push_back(id);
      }
      if (pop.size() == 0 || (!m.only.empty() && options.policies.empty())) continue;
      auto result = engine.run(pop, options);
      if (m.summary) {
        for (std::size_t p = 0; p < result.policies(); ++p) {
          auto t = result.totals(p);
          out.line(json::object{{"policy", t.policy},
                                {"entities", result.entities()},
                                {"eligible", t.counts[0]},
                                {"ineligible", t.counts[1]},
                                {"undecided", t.counts[2]},
                                {"blocked", t.counts[3]},
                                {"not_in_force", t.counts[4]},
                                {"error", t.counts[5]},
                                {"near_misses", t.near_misses},
                                {"amount", t.amount.to_string()}});
        }
        continue;
      }
      for (std::size_t row = 0; row < pop.size(); ++row)
        for (std::size_t p = 0; p < result.policies(); ++p) out.line(policy::decision_line(result.decision(p, row)));
    }
    return 0;
  }

  // checkup
  Date as_of = parse_as_of(m.as_of);
  SystemClock clock;
  App app(c, clock);
  const auto& defs = app.catalog().definitions();
  defs::EntityKind kind;
  if (check_credit_code(m.entity).ok) kind = defs::EntityKind::enterprise;
  else if (check_id_number(m.entity, as_of).ok) kind = defs::EntityKind::person;
  else throw invalid("bad-subject", "主体标识应为统一社会信用代码或居民身份证号码", "'" + m.entity + "'");
  auto gathered = policy::gather(app.sources(), kind, m.entity, {std::string(kSystemActor), "", "政策体检", "", ""});
  policy::Population pop(defs.entities, kind);
  pop.add(m.entity, gathered.attributes);
  auto decisions = app.policies().engine().checkup(pop, 0, as_of);
  if (m.as_json) {
    json::array a;
    for (const auto& d : decisions) a.push_back(policy::decision_json(d, true));
    json::object o{{"entity", m.entity}, {"kind", defs::to_string(kind)}, {"as_of", format_date(as_of)}, {"decisions", std::move(a)}};
    json::array unavailable;
    for (const auto& s : gathered.unavailable) unavailable.push_back(json::value(s));
    o["unavailable_sources"] = std::move(unavailable);
    fmt::print("{}\n", json::serialize(o));
    return 0;
  }
  for (const auto& s : gathered.unavailable) fmt::print("注意: 数源 {} 暂不可用，相关信息按未知处理\n", s);
  auto section = [&](policy::Outcome o, bool near) {
    for (const auto& d : decisions) {
      if (d.outcome != o || (o == policy::Outcome::ineligible && d.near_miss() != near)) continue;
      fmt::print("[{}] {} {}{}\n", near ? "差一项" : outcome_label(o), d.policy->id, d.policy->title,
                 d.amount ? fmt::format("  金额 {} 元", d.amount->to_string()) : "");
      for (const auto& r : d.criteria)
        if (r.verdict == policy::Verdict::failed || r.verdict == policy::Verdict::unknown)
          fmt::print("    {} {}（{}）\n", r.verdict == policy::Verdict::failed ? "✗" : "?", r.reason, r.id);
      for (const auto& r : d.risks)
        if (r.verdict == policy::Verdict::held) fmt::print("    ! {}（{}）\n", r.reason, r.id);
      if (!d.missing.empty()) {
        std::string paths;
        for (const auto& p : d.missing) paths += (paths.empty() ? "" : ", ") + p;
        fmt::print("    缺少: {}\n", paths);
      }
      if (!d.error.empty()) fmt::print("    错误: {}\n", d.error);
    }
  };
  section(policy::Outcome::eligible, false);
  section(policy::Outcome::blocked, false);
  section(policy::Outcome::undecided, false);
  section(policy::Outcome::ineligible, true);
  section(policy::Outcome::error, false);
  std::size_t counts[6] = {}, near = 0;
  for (const auto& d : decisions) {
    ++counts[static_cast<int>(d.outcome)];
    near += d.near_miss();
  }
  fmt::print("{} 项政策: 符合 {}，暂缓 {}，待确认 {}，差一项 {}，不符合 {}，不在有效期 {}\n", decisions.size(), counts[0],
             counts[3], counts[2], near, counts[1] - near, counts[4]);
  return 0;
}

}  // namespace haoban::app
