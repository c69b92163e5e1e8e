// Prefill (智能预填) of a 50-field form end to end, draft creation, and the e-material library's
// upload / dedupe / match throughput, through the real stack: App over a SQLite store in a fresh
// temporary directory, seeded with the demo district (seed(app, "demo")), so every source fetch is
// read from the embedded store and logged in source_queries (a durable commit) as in production.
// Prints Markdown tables.
//
//   build/bench/prefill/bench_prefill [--seconds 2] [--warmup 20] [--threads 2]
//       [--resources DIR] [--dir DIR] [--keep] [--skip-prefill] [--skip-materials]
//
// The benchmark form: the repository's definitions are copied into <tmp>/resources/definitions and
// one form (bench50, 50 fields) and one item (BENCH-050, 10 required materials) are added; calendar/
// and gazetteer/ are symlinked. The form binds all 50 fields to 4 sources (法人库 23 fields directly,
// 社保 5, 信用 4, 不动产 2, and 16 expressions over them, 3 of which read two sources), so every
// prefill fetches 4 records; no existing form has 50 fields (the largest, spjyxk, prefills 13).
// The subject is enterprise.demo, whose records are complete: 50 of 50 fields are filled.
//
// Each measurement runs for --seconds after --warmup untimed calls; latencies are per call
// (steady_clock), percentiles nearest-rank. Uploads go to another enterprise's library
// (enterprise.0001) so match() of enterprise.demo is not slowed by the benchmark's own uploads.
// Without --dir everything goes to a fresh directory under /var/tmp, removed at the end (unless --keep).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <soci/soci.h>
#include <boost/json/serialize.hpp>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <condition_variable>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "app/app.h"
#include "app/ports.h"
#include "app/seed.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "ledger/service.h"
#include "materials/formats.h"
#include "materials/samples.h"
#include "prefill/routes.h"

#ifndef HAOBAN_SOURCE_DIR
#define HAOBAN_SOURCE_DIR "."
#endif
#ifndef HAOBAN_BUILD_TYPE
#define HAOBAN_BUILD_TYPE "?"
#endif

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace haoban;
using Steady = std::chrono::steady_clock;

namespace {

constexpr char kItemCode[] = "BENCH-050";

// 50 fields, all bound to 法人库 (enterprise_registry), 社保 (social_security), 信用 (credit) and
// 不动产 (real_estate): 34 direct bindings and 16 expressions.
constexpr char kForm[] = R"(# Benchmark form (bench/prefill): 50 fields bound to four sources.
id: bench50
title: 企业综合信息表（基准测试）
description: 50 个字段，全部来自法人库、社保、信用和不动产四个数源。
sections:
  - id: registry
    title: 登记信息
    fields:
      - {key: company_name, label: 企业名称, type: text, prefill: enterprise_registry.name}
      - {key: credit_code, label: 统一社会信用代码, type: credit_code, prefill: enterprise_registry.credit_code}
      - {key: entity_type, label: 企业类型, type: text, prefill: enterprise_registry.entity_type}
      - {key: legal_representative, label: 法定代表人, type: text, prefill: enterprise_registry.legal_representative}
      - {key: legal_rep_id, label: 法定代表人身份证号码, type: id_number, prefill: enterprise_registry.legal_rep_id_number}
      - {key: registered_capital, label: 注册资本（万元）, type: money, prefill: enterprise_registry.registered_capital}
      - {key: established_on, label: 成立日期, type: date, prefill: enterprise_registry.established_on}
      - {key: business_term, label: 营业期限, type: text, prefill: enterprise_registry.business_term}
      - {key: address, label: 住所, type: address, prefill: enterprise_registry.address}
      - {key: district_code, label: 住所所在区划代码, type: text, prefill: enterprise_registry.district_code}
      - {key: business_scope, label: 经营范围, type: textarea, prefill: enterprise_registry.business_scope}
      - {key: registration_authority, label: 登记机关, type: text, prefill: enterprise_registry.registration_authority}
      - {key: status, label: 登记状态, type: text, prefill: enterprise_registry.status}
      - key: shareholders
        label: 股东（发起人）
        type: table
        columns:
          - {key: name, label: 股东名称, type: text}
          - {key: kind, label: 股东类型, type: text}
          - {key: subscribed, label: 认缴出资额（万元）, type: money}
          - {key: ratio, label: 出资比例（%）, type: number, decimals: 2}
        prefill: enterprise_registry.shareholders
      - {key: employees, label: 从业人数, type: number, prefill: enterprise_registry.employees}
      - {key: contact_name, label: 联系人, type: text, prefill: enterprise_registry.contact_name}
      - {key: contact_phone, label: 联系电话, type: phone, prefill: enterprise_registry.contact_phone}
      - {key: liquidation_filed_on, label: 清算组备案日期, type: date, prefill: enterprise_registry.liquidation_filed_on}
      - {key: dissolution_reason, label: 解散事由, type: text, prefill: enterprise_registry.dissolution_reason}
      - {key: dissolution_date, label: 解散事由发生日期, type: date, prefill: enterprise_registry.dissolution_date}
      - key: liquidation_group
        label: 清算组成员
        type: table
        columns:
          - {key: name, label: 姓名, type: text}
          - {key: id_number, label: 身份证号码, type: text}
          - {key: role, label: 职务, type: text}
          - {key: phone, label: 联系电话, type: text}
        prefill: enterprise_registry.liquidation_group
      - {key: creditor_notice_date, label: 债权人公告日期, type: date, prefill: enterprise_registry.creditor_notice_date}
      - key: qualifications
        label: 资质认定
        type: multi_select
        options: [高新技术企业, 科技型中小企业, 专精特新中小企业]
        prefill: enterprise_registry.qualifications
  - id: social
    title: 社保
    fields:
      - {key: insured_employees, label: 参保职工人数, type: number, prefill: social_security.insured_employees}
      - {key: insurance_status, label: 参保状态, type: text, prefill: social_security.status}
      - {key: insured_since, label: 参保日期, type: date, prefill: social_security.insured_since}
      - {key: contribution_months, label: 累计缴费月数, type: number, prefill: social_security.contribution_months}
      - {key: employer, label: 参保单位, type: text, prefill: social_security.employer}
  - id: credit
    title: 信用
    fields:
      - {key: dishonest, label: 列入严重失信主体名单, type: bool, prefill: credit.dishonest}
      - {key: abnormal_operation, label: 列入经营异常名录, type: bool, prefill: credit.abnormal_operation}
      - {key: credit_rating, label: 公共信用评价等级, type: text, prefill: credit.rating}
      - {key: penalties, label: 近三年行政处罚次数, type: number, prefill: credit.penalties}
  - id: estate
    title: 不动产
    fields:
      - {key: premises_area, label: 经营场所建筑面积（平方米）, type: number, decimals: 2, prefill: real_estate.premises_area}
      - key: properties
        label: 不动产权
        type: table
        columns:
          - {key: certificate_no, label: 不动产权证号, type: text}
          - {key: address, label: 坐落, type: text}
          - {key: area, label: 建筑面积（平方米）, type: number, decimals: 2}
          - {key: usage, label: 用途, type: text}
          - {key: registered_on, label: 登记日期, type: date}
        prefill: real_estate.properties
  - id: derived
    title: 由数源计算
    fields:
      - {key: capital_yuan, label: 注册资本（元）, type: money, prefill: 'enterprise_registry.registered_capital * 10000'}
      - {key: years_established, label: 成立年数, type: number, prefill: 'years_between(enterprise_registry.established_on, date("2026-11-01"))'}
      - {key: shareholder_count, label: 股东人数, type: number, prefill: 'len(enterprise_registry.shareholders)'}
      - {key: corporate_shareholder, label: 有法人股东, type: bool, prefill: 'enterprise_registry.shareholders.exists(s, s.kind == "企业法人")'}
      - {key: controlling_shareholder, label: 有控股股东, type: bool, prefill: 'enterprise_registry.shareholders.exists(s, s.ratio > 50)'}
      - {key: high_tech, label: 高新技术企业, type: bool, prefill: '"高新技术企业" in enterprise_registry.qualifications'}
      - {key: food_business, label: 经营食品, type: bool, prefill: 'contains(enterprise_registry.business_scope, "食品")'}
      - {key: active, label: 存续, type: bool, prefill: 'starts_with(enterprise_registry.status, "存续")'}
      - {key: local_registered, label: 住所在本区, type: bool, prefill: 'starts_with(enterprise_registry.district_code, "310113")'}
      - {key: insured_ratio, label: 参保比例（%）, type: number, decimals: 2, prefill: 'round(social_security.insured_employees * 100.0 / max(enterprise_registry.employees, 1), 2)'}
      - {key: uninsured, label: 未参保人数, type: number, prefill: 'max(enterprise_registry.employees - social_security.insured_employees, 0)'}
      - {key: good_standing, label: 信用良好, type: bool, prefill: '!credit.dishonest && !credit.abnormal_operation && credit.penalties == 0'}
      - {key: credit_label, label: 信用说明, type: text, prefill: '"公共信用评价" + credit.rating + "级"'}
      - {key: owns_premises, label: 自有经营场所, type: bool, prefill: 'len(real_estate.properties) > 0'}
      - {key: area_per_employee, label: 人均面积（平方米）, type: number, decimals: 2, prefill: 'round(real_estate.premises_area / max(enterprise_registry.employees, 1), 2)'}
      - {key: contribution_years, label: 累计缴费年数, type: number, prefill: 'social_security.contribution_months / 12'}
)";

// The item: the form above and 10 materials, none conditional. For enterprise.demo: 营业执照 and
// 不动产权证书 from the e-licence source, 4 from its library, 4 to submit (not reusable, expired,
// revoked).
constexpr char kItem[] = R"(# Benchmark item (bench/prefill).
code: BENCH-050
name: 基准测试：企业综合信息登记
department: scjg
kind: 公共服务
audience: enterprise
guide:
  conditions: 基准测试用事项。
  basis: 无
  process: [申请, 受理, 办结]
  fee: 不收费
  location: 宝山区行政服务中心
  phone: '12345'
  online: true
time_limit: {statutory: 10, promised: 5}
materials:
  - {id: application, name: 申请书, category: application_form, type: original}
  - {id: licence, name: 营业执照, category: business_licence, type: copy}
  - {id: property, name: 不动产权证书, category: property_certificate, type: copy}
  - {id: articles, name: 公司章程, category: articles, type: copy}
  - {id: lease, name: 租赁合同, category: lease_contract, type: copy}
  - {id: premises, name: 经营场所使用证明, category: premises_proof, type: copy}
  - {id: legal_rep_id, name: 法定代表人身份证明, category: legal_rep_id, type: copy}
  - {id: resolution, name: 股东会决议, category: resolution, type: original}
  - {id: health, name: 从业人员健康证明, category: health_certificate, type: copy}
  - {id: financial, name: 财务报表, category: financial_statement, type: copy}
form: bench50
)";

std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }

struct Options {
  double seconds = 2;
  int warmup = 20;
  int threads = 2;
  fs::path resources = fs::path(HAOBAN_SOURCE_DIR) / "data";
  fs::path dir;
  bool keep = false;
  bool prefill = true, materials = true;
};

[[noreturn]] void usage(const std::string& msg) {
  std::fprintf(stderr,
               "%s\nusage: bench_prefill [--seconds S] [--warmup N] [--threads T] [--resources DIR] [--dir DIR]\n"
               "  [--keep] [--skip-prefill] [--skip-materials]\n",
               msg.c_str());
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (auto eq = a.find('='); eq != std::string::npos) return a.substr(eq + 1);
      if (i + 1 >= argc) usage("missing value for " + a);
      return argv[++i];
    };
    auto is = [&](const char* flag) { return a == flag || a.starts_with(std::string(flag) + "="); };
    try {
      if (is("--seconds"))
        o.seconds = std::stod(value());
      else if (is("--warmup"))
        o.warmup = std::stoi(value());
      else if (is("--threads"))
        o.threads = std::stoi(value());
      else if (is("--resources"))
        o.resources = value();
      else if (is("--dir"))
        o.dir = value();
      else if (a == "--keep")
        o.keep = true;
      else if (a == "--skip-prefill")
        o.prefill = false;
      else if (a == "--skip-materials")
        o.materials = false;
      else if (a == "-h" || a == "--help")
        usage("");
      else
        usage("unknown argument: " + a);
    } catch (const std::invalid_argument&) {
      usage("bad value for " + a);
    }
  }
  if (o.seconds <= 0 || o.warmup < 0 || o.threads < 1) usage("bad --seconds, --warmup or --threads");
  return o;
}

double ms_since(Steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

// Nearest-rank percentile of latencies in ms.
double pct(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}
double vmax(const std::vector<double>& v) { return v.empty() ? NAN : *std::max_element(v.begin(), v.end()); }
double vsum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }

struct Run {
  std::vector<double> ms;  // per call
  double wall_s = 0;
  std::vector<std::size_t> per_thread;  // calls per thread (measure_threads)
  std::size_t n() const { return ms.size(); }
  double per_s() const { return wall_s > 0 ? static_cast<double>(ms.size()) / wall_s : 0; }
};

// Calls f(i) `warmup` times untimed, then for `seconds` (at most `max_n` calls), timing each call.
template <class F>
Run measure(double seconds, int warmup, F&& f, std::size_t max_n = SIZE_MAX) {
  for (int i = 0; i < warmup && !g_stop; ++i) f(static_cast<std::size_t>(i));
  Run r;
  auto start = Steady::now();
  auto end = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds));
  for (std::size_t i = 0; Steady::now() < end && i < max_n && !g_stop; ++i) {
    auto t0 = Steady::now();
    f(static_cast<std::size_t>(warmup) + i);
    r.ms.push_back(ms_since(t0));
  }
  r.wall_s = std::chrono::duration<double>(Steady::now() - start).count();
  return r;
}

// `threads` threads each calling f(thread, i) for `seconds`, after a warm-up of `warmup` calls each.
template <class F>
Run measure_threads(int threads, double seconds, int warmup, F&& f) {
  std::vector<std::vector<double>> per(static_cast<std::size_t>(threads));
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Steady::time_point end;
  std::vector<std::thread> ts;
  for (int t = 0; t < threads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < warmup && !g_stop; ++i) f(t, static_cast<std::size_t>(i));
      ++ready;
      while (!go) std::this_thread::yield();
      for (std::size_t i = 0; Steady::now() < end && !g_stop; ++i) {
        auto t0 = Steady::now();
        f(t, static_cast<std::size_t>(warmup) + i);
        per[static_cast<std::size_t>(t)].push_back(ms_since(t0));
      }
    });
  while (ready < threads) std::this_thread::yield();
  auto start = Steady::now();
  end = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds));
  go = true;
  for (auto& t : ts) t.join();
  Run r;
  r.wall_s = std::chrono::duration<double>(Steady::now() - start).count();
  for (auto& v : per) {
    r.ms.insert(r.ms.end(), v.begin(), v.end());
    r.per_thread.push_back(v.size());
  }
  return r;
}

std::string f3(double v) { return std::isnan(v) ? "–" : fmt::format("{:.3f}", v); }

constexpr char kHeader[] =
    "| measurement | calls | p50 | p90 | p99 | max | mean | per s |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";

void row(const std::string& what, const Run& r, const std::string& extra = "") {
  fmt::print("| {} | {} | {} | {} | {} | {} | {} | {} |{}\n", what, r.n(), f3(pct(r.ms, 50)), f3(pct(r.ms, 90)),
             f3(pct(r.ms, 99)), f3(vmax(r.ms)), f3(vsum(r.ms) / std::max<std::size_t>(1, r.n())),
             r.wall_s > 0 ? fmt::format("{:.0f}", r.per_s()) : std::string("–"), extra);
}

void write_file(const fs::path& p, std::string_view text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

// <root>/resources: the repository's data/ with definitions copied and the benchmark form and item added.
fs::path make_resources(const fs::path& src, const fs::path& root) {
  fs::path res = root / "resources";
  fs::create_directories(res);
  for (const auto& e : fs::directory_iterator(src))
    if (e.path().filename() != "definitions")
      fs::create_directory_symlink(fs::absolute(e.path()), res / e.path().filename());
  fs::copy(src / "definitions", res / "definitions", fs::copy_options::recursive);
  write_file(res / "definitions" / "forms" / "bench50.yaml", kForm);
  write_file(res / "definitions" / "items" / (std::string(kItemCode) + ".yaml"), kItem);
  return res;
}

// A ticket lock: threads enter in the order they asked.
class FifoLock {
 public:
  std::uint64_t lock() {
    std::unique_lock l(mu_);
    std::uint64_t mine = next_++;
    cv_.wait(l, [&] { return serving_ == mine; });
    return mine;
  }
  void unlock(std::uint64_t) {
    {
      std::lock_guard l(mu_);
      ++serving_;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t next_ = 0, serving_ = 0;
};

// Times every SourcePort::fetch it forwards (single-threaded use only).
class TimingPort final : public prefill::SourcePort {
 public:
  explicit TimingPort(prefill::SourcePort& inner) : inner_(inner) {}
  std::optional<prefill::SourceValues> fetch(std::string_view source_id, std::string_view subject_key,
                                             const prefill::Purpose& purpose) override {
    auto t0 = Steady::now();
    auto r = inner_.fetch(source_id, subject_key, purpose);
    double ms = ms_since(t0);
    if (recording) per_source[std::string(source_id)].push_back(ms);
    current += ms;
    return r;
  }
  bool recording = false;
  double current = 0;
  std::map<std::string, std::vector<double>> per_source;

 private:
  prefill::SourcePort& inner_;
};

std::size_t count_files(const fs::path& dir) {
  std::size_t n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

long long count_rows(app::App& app, const std::string& table) {
  long long n = 0;
  app.db().read([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM " + table, soci::into(n); });
  return n;
}

// The store's floor for every logged fetch, material row and ledger index: one durable SQLite commit
// of one row (WAL, synchronous=FULL: the WAL is fdatasync'd). Measured at the start and the end of a
// run: on a shared machine the disk's fsync latency changes with other work, and every figure here
// moves with it.
Run commit_probe(app::App& app, double seconds, int warmup) {
  app.db().write([](db::Tx& tx) {
    tx.sql() << "CREATE TABLE IF NOT EXISTS bench_commit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, note TEXT NOT NULL)";
  });
  return measure(seconds, warmup, [&](std::size_t i) {
    std::string at = "2026-11-27T00:00:00Z", note = fmt::format("bench {}", i);
    app.db().write([&](db::Tx& tx) {
      tx.sql() << "INSERT INTO bench_commit (at, note) VALUES (:at, :note)", soci::use(at), soci::use(note);
    });
  });
}

// A valid one-page PDF of about `bytes` bytes whose text is unique to `seed`.
std::string pdf_of_size(std::size_t bytes, std::uint64_t seed) {
  std::vector<std::string> lines;
  std::size_t approx = 400;  // objects, xref, trailer
  std::uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;
  for (std::size_t k = 0; approx < bytes; ++k) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    lines.push_back(fmt::format("haoban bench upload {} line {} {:016x}", seed, k, x));
    approx += lines.back().size() + 5;  // " (" … ") '"
  }
  return materials::sample_pdf(lines);
}

// A valid 1024 x 683 RGB PNG (stored deflate, about 2.0 MiB) whose fill colour is unique to `seed`.
std::string png_2mb(std::uint64_t seed) {
  auto rgb = static_cast<std::uint32_t>((0x204060 + seed * 2654435761ull) & 0xFFFFFF);
  return materials::sample_png(1024, 683, rgb, rgb ^ 0xFFFFFF);
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", std::gmtime(&t));
  return buf;
}

int run(const Options& o, const fs::path& root) {
  fs::path res = make_resources(o.resources, root);
  app::Config c;
  c.data_dir = root / "data";
  c.resources = res;
  SystemClock clock;
  auto t_open = Steady::now();
  auto app = std::make_unique<app::App>(c, clock);
  double open_ms = ms_since(t_open);
  auto t_seed = Steady::now();
  auto report = app::seed(*app, "demo");
  double seed_ms = ms_since(t_seed);

  auto demo = app->identity().principal("enterprise.demo");
  auto other = app->identity().principal("enterprise.0001");
  if (!demo || !other) throw std::runtime_error("the demo seed has no enterprise.demo / enterprise.0001");
  std::string key = *app->identity().subject_key(*demo);
  auto who = prefill::subject_kind(*demo);

  fmt::print("# bench_prefill\n\n");
  fmt::print("{} · build {} · store {} · --seconds {} --warmup {} --threads {}\n\n", now_utc(), HAOBAN_BUILD_TYPE,
             c.store_url(), o.seconds, o.warmup, o.threads);
  fmt::print("Setup: App opened (migrations, definitions) in {:.0f} ms; seed demo ({} persons, {} enterprises) in "
             "{:.0f} ms.\n\n",
             open_ms, report.persons, report.enterprises, seed_ms);

  Run probe_start = commit_probe(*app, 0.5, o.warmup);
  fmt::print("Disk at the start: one durable SQLite commit p50 {} ms, p99 {} ms ({} commits).\n\n",
             f3(pct(probe_start.ms, 50)), f3(pct(probe_start.ms, 99)), probe_start.n());

  // Sanity: every field prefilled, no notes.
  const auto& defs = app->catalog().definitions();
  const defs::Item* item = defs.item(kItemCode);
  if (!item) throw std::runtime_error("the benchmark item was not loaded");
  {
    auto r = app->prefill().prefill(kItemCode, key, who, {demo->username, "", ""});
    std::size_t locked = r.locked().size();
    std::set<std::string> sources;
    for (const auto& f : r.fields)
      for (const auto& p : f.from) sources.insert(p.source);
    fmt::print("Form bench50 for enterprise.demo ({}): {} fields shown, {} prefilled ({} locked), ratio {:.2f}, "
               "{} notes; {} sources fetched per prefill ({}).\n\n",
               key, r.shown, r.prefilled, locked, r.ratio(), r.notes.size(), sources.size(), fmt::join(sources, ", "));
    if (r.shown != 50 || r.prefilled != 50 || !r.notes.empty()) {
      for (const auto& f : r.fields)
        if (!f.prefilled) fmt::print(stderr, "not prefilled: {} ({})\n", f.key, f.note);
      for (const auto& n : r.notes) fmt::print(stderr, "note: {}\n", n);
      throw std::runtime_error("the benchmark form is not fully prefilled");
    }
  }

  if (o.prefill) {
    fmt::print("## Prefill and draft creation (latency in ms)\n\n");
    fmt::print(kHeader);
    const prefill::PrefillService& service = app->prefill();
    Run one = measure(o.seconds, o.warmup, [&](std::size_t) {
      auto r = service.prefill(kItemCode, key, who, {demo->username, "", ""});
      if (r.prefilled != 50) throw std::runtime_error("prefill lost fields");
    });
    row("prefill, 1 thread", one);
    Run multi = measure_threads(o.threads, o.seconds, o.warmup / o.threads, [&](int, std::size_t) {
      auto r = service.prefill(kItemCode, key, who, {demo->username, "", ""});
      if (r.prefilled != 50) throw std::runtime_error("prefill lost fields");
    });
    row(fmt::format("prefill, {} threads", o.threads), multi);
    // Diagnostic: the same threads taking turns through a FIFO ticket lock around each prefill, so a
    // waiting thread is woken when the other finishes instead of polling in SQLite's busy handler
    // (which sleeps 1, 2, 5, 10 … 100 ms between tries). Not what production does: it shows what
    // queueing the store's writers in-process, in order, would do to the tail.
    FifoLock turns;
    Run fifo = measure_threads(o.threads, o.seconds, o.warmup / o.threads, [&](int, std::size_t) {
      auto ticket = turns.lock();
      service.prefill(kItemCode, key, who, {demo->username, "", ""});
      turns.unlock(ticket);
    });
    row(fmt::format("prefill, {} threads taking turns (FIFO lock in the benchmark; diagnostic)", o.threads), fifo);
    std::size_t slow = static_cast<std::size_t>(
        std::count_if(multi.ms.begin(), multi.ms.end(), [](double ms) { return ms > 100; }));
    std::vector<std::string> counts;
    for (auto n : multi.per_thread) counts.push_back(std::to_string(n));
    std::vector<std::string> fifo_counts;
    for (auto n : fifo.per_thread) fifo_counts.push_back(std::to_string(n));
    std::string per_thread_note =
        fmt::format("{} threads: calls per thread {}, {} calls over 100 ms; taking turns: calls per thread {}", o.threads,
                    fmt::join(counts, " / "), slow, fmt::join(fifo_counts, " / "));

    // What the API adds: the result as JSON text.
    auto sample = service.prefill(kItemCode, key, who, {demo->username, "", ""});
    std::size_t json_bytes = 0;
    Run to_json = measure(std::min(1.0, o.seconds), o.warmup, [&](std::size_t) {
      json_bytes = json::serialize(sample.to_json()).size();
    });
    row(fmt::format("Result::to_json + serialize ({} bytes)", json_bytes), to_json);

    // Draft creation: insert, prefill (4 logged fetches), store it, materials check (match, with the
    // e-licence source for 营业执照 and 不动产权证书), read back.
    applications::CreateRequest req;
    req.item = kItemCode;
    {
      auto a = app->applications().create(*demo, req);
      int exempt = 0;
      for (const auto& m : a.materials) exempt += m.as_object().at("exempt").as_bool() ? 1 : 0;
      if (a.prefill_shown != 50 || a.prefill_count != 50 || a.materials.size() != 10)
        throw std::runtime_error("the draft was not prefilled or has not 10 materials");
      fmt::print("\n(draft check: prefill {}/{}, {} materials, {} exempt)\n\n", a.prefill_count, a.prefill_shown,
                 a.materials.size(), exempt);
      fmt::print(kHeader);
    }
    Run create = measure(o.seconds, o.warmup, [&](std::size_t) { app->applications().create(*demo, req); });
    row("ApplicationService::create (draft)", create);

    // Breakdown: the same prefill through a PrefillService whose SourcePort times each fetch.
    app::SourcesForPrefill inner(app->sources());
    TimingPort timing(inner);
    prefill::PrefillService timed(defs, timing);
    std::vector<double> fetch_sum;
    Run total = measure(o.seconds, o.warmup, [&](std::size_t i) {
      timing.recording = i >= static_cast<std::size_t>(o.warmup);
      timing.current = 0;
      timed.prefill(kItemCode, key, who, {demo->username, "", ""});
      if (timing.recording) fetch_sum.push_back(timing.current);
    });
    std::vector<double> outside;
    for (std::size_t i = 0; i < total.ms.size() && i < fetch_sum.size(); ++i)
      outside.push_back(total.ms[i] - fetch_sum[i]);
    row("prefill (instrumented port), total", total);
    Run fs_run{fetch_sum, 0};
    row("  of which the 4 SourceService::fetch calls", fs_run);
    Run out_run{outside, 0};
    row("  of which the rest (bindings, 50 expressions, provenance)", out_run);
    for (const auto& [src, v] : timing.per_source) row("  SourceService::fetch " + src, Run{v, 0});

    // The store underneath a fetch: one record read, and one durable commit of one row (what the
    // access log's INSERT costs; synchronous=FULL in WAL mode: an fsync of the WAL per commit).
    std::string src = "enterprise_registry";
    Run read = measure(std::min(1.0, o.seconds), o.warmup, [&](std::size_t) {
      std::string data, upd;
      app->db().read([&](soci::session& sql) {
        sql << "SELECT data, updated_at FROM source_records WHERE source = :src AND subject = :sub",
            soci::use(src, "src"), soci::use(key, "sub"), soci::into(data), soci::into(upd);
      });
    });
    row("  store: read one source record (SELECT)", read);
    Run commit = commit_probe(*app, std::min(2.0, o.seconds), o.warmup);
    row("  store: durable commit of one row (INSERT)", commit);
    fmt::print("\n({}.)\n", per_thread_note);
    fmt::print("(per s: calls / wall time of the measurement; none for the breakdown rows.)\n");
    fmt::print("source_queries rows after the prefill phase: {}\n\n", count_rows(*app, "source_queries"));
  }

  if (o.materials) {
    auto& lib = app->materials();
    fmt::print("## E-material library (latency in ms)\n\n");

    // match() for the item's 10 materials (enterprise.demo's seeded library), with the e-licence
    // source as App wires it, then without it (library only) to show what the source lookups cost.
    std::vector<materials::RequiredMaterial> required;
    for (const auto& m : item->materials) required.push_back({m.id, m.name, m.category.id});
    std::string subject = ledger::subject_of(*demo);
    Date today = lib.today();
    auto first = lib.match(subject, required, today);
    int exempt = 0, licences = 0;
    for (const auto& m : first) {
      exempt += m.exempt() ? 1 : 0;
      licences += m.kind == materials::MatchKind::e_licence ? 1 : 0;
    }
    fmt::print("match(): {} required, {} exempt ({} from the e-licence source, {} from the library), {} to submit.\n\n",
               first.size(), exempt, licences, exempt - licences, static_cast<int>(first.size()) - exempt);
    fmt::print("| measurement | calls | p50 | p90 | p99 | max | mean | per s | MB/s |\n"
               "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    Run match = measure(std::min(2.0, o.seconds), o.warmup, [&](std::size_t) {
      if (lib.match(subject, required, today).size() != 10) throw std::runtime_error("match lost materials");
    });
    row("match(), 10 materials (e-licence source wired)", match, " |");
    lib.set_issued_licences({});
    Run match_lib = measure(std::min(2.0, o.seconds), o.warmup, [&](std::size_t) { lib.match(subject, required, today); });
    row("match(), 10 materials, library only (no source)", match_lib, " |");
    lib.set_issued_licences(app::licences_from_sources(app->sources(), app->identity()));

    // Uploads of new files, durable (blob fdatasync + rename + dir fsync, the row's commit, the
    // ledger entry, its index): a fresh file per call, generated outside the timed call.
    std::string owner = ledger::subject_of(*other);
    fs::path blobs = c.data_dir / "materials";
    constexpr std::size_t kKeep = 16;  // files kept for the dedupe phases

    struct Phase {
      const char* name;
      const char* category;
      const char* title;
      bool png;
    };
    std::vector<std::pair<std::string, std::vector<std::string>>> kept_files;
    std::map<std::string, std::string> kept_category, kept_title;
    for (const Phase& ph : {Phase{"new 200 KB PDF", "inspection_report", "基准上传PDF", false},
                            Phase{"new 2 MB PNG", "floor_plan", "基准上传PNG", true}}) {
      std::vector<std::string> kept;
      std::uint64_t seq = ph.png ? 1'000'000 : 0;
      auto make = [&] { return ph.png ? png_2mb(seq++) : pdf_of_size(200 * 1024, seq++); };
      // Warm-up uploads (untimed), then timed uploads for --seconds; file generation is outside the timing.
      for (int w = 0; w < std::min(o.warmup, 3); ++w) {
        materials::NewMaterial m{ph.category, fmt::format("{} 预热{}", ph.title, w), "", "", {}, {}, make()};
        lib.upload(owner, m, *other);
      }
      Run r;
      std::size_t bytes = 0;
      auto start = Steady::now();
      auto end = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(o.seconds));
      std::size_t blobs_before = count_files(blobs);
      for (std::size_t i = 0; Steady::now() < end && !g_stop; ++i) {
        materials::NewMaterial m{ph.category, fmt::format("{} {}", ph.title, i), "", "", {}, {}, make()};
        std::size_t n = m.content.size();
        std::string copy = kept.size() < kKeep ? m.content : std::string();
        auto t0 = Steady::now();
        auto up = lib.upload(owner, m, *other);
        r.ms.push_back(ms_since(t0));
        if (!up.created) throw std::runtime_error("a new upload was not created");
        bytes += n;
        if (!copy.empty()) kept.push_back(std::move(copy));
      }
      r.wall_s = vsum(r.ms) / 1000.0;  // upload time only (generation excluded)
      std::size_t new_blobs = count_files(blobs) - blobs_before;
      double mb_s = static_cast<double>(bytes) / 1e6 / r.wall_s;
      row(fmt::format("upload, {} ({:.0f} KB each; {} new blobs)", ph.name,
                      static_cast<double>(bytes) / 1024.0 / static_cast<double>(std::max<std::size_t>(1, r.n())),
                      new_blobs),
          r, fmt::format(" {:.1f} |", mb_s));
      kept_files.emplace_back(ph.name, std::move(kept));
      kept_category[ph.name] = ph.category;
      kept_title[ph.name] = ph.title;
    }

    // The same bytes again. (a) Identical material (same owner, title, metadata): the existing one
    // is returned (created = false), nothing written. (b) Same bytes under a new title: the blob is
    // shared (not rewritten), a new material row and a ledger entry are.
    for (bool new_title : {false, true})
      for (const auto& [name, files] : kept_files) {
        std::size_t blobs_before = count_files(blobs), bytes = 0;
        long long materials_before = count_rows(*app, "materials");
        std::size_t k = files.size();
        Run r = measure(std::min(2.0, o.seconds), 0, [&](std::size_t i) {
          std::string title = new_title ? fmt::format("{} 副本{}", kept_title[name], i)
                                        : fmt::format("{} {}", kept_title[name], i % k);
          materials::NewMaterial m{kept_category[name], title, "", "", {}, {}, files[i % k]};
          bytes += m.content.size();
          auto up = lib.upload(owner, m, *other);
          if (up.created != new_title) throw std::runtime_error("unexpected dedupe outcome");
        });
        r.wall_s = vsum(r.ms) / 1000.0;
        std::size_t new_blobs = count_files(blobs) - blobs_before;
        long long new_rows = count_rows(*app, "materials") - materials_before;
        row(fmt::format("upload again, {}: {} ({} new blobs, {} new rows)", name,
                        new_title ? "same bytes, new title" : "identical (created = false)", new_blobs, new_rows),
            r, fmt::format(" {:.1f} |", static_cast<double>(bytes) / 1e6 / r.wall_s));
      }
    // The CPU an upload spends on the bytes before any I/O: the content id (HMAC-SM3) and the
    // format check (PNG: a CRC-32 of every chunk).
    for (const auto& [name, files] : kept_files) {
      const std::string& f = files.front();
      std::size_t kb = f.size() / 1024;
      Run mac = measure(std::min(1.0, o.seconds), 3, [&](std::size_t) { (void)lib.content_id(f); });
      row(fmt::format("  CPU: content id (HMAC-SM3) of one {} ({} KB)", name.substr(4), kb), mac,
          fmt::format(" {:.0f} |", static_cast<double>(f.size()) / 1e3 / pct(mac.ms, 50)));
      if (!f.starts_with("\x89PNG")) continue;  // a PDF's check reads only its head and tail
      Run sn = measure(std::min(1.0, o.seconds), 3, [&](std::size_t) {
        if (!materials::sniff(f).type) throw std::runtime_error("sniff refused a sample");
      });
      row(fmt::format("  CPU: format check (sniff) of one {} ({} KB)", name.substr(4), kb), sn,
          fmt::format(" {:.0f} |", static_cast<double>(f.size()) / 1e3 / pct(sn.ms, 50)));
    }
    fmt::print("\n(upload rows: per s = calls / total upload time, file generation excluded; MB/s = bytes "
               "uploaded / the same time.)\n");
    fmt::print("Blobs on disk: {}; materials rows: {}; ledger entries: {}.\n\n", count_files(blobs),
               count_rows(*app, "materials"), app->ledger().ledger().log().size());
  }
  Run probe_end = commit_probe(*app, 0.5, o.warmup);
  fmt::print("Disk at the end: one durable SQLite commit p50 {} ms, p99 {} ms ({} commits).\n",
             f3(pct(probe_end.ms, 50)), f3(pct(probe_end.ms, 99)), probe_end.n());
  app.reset();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  spdlog::set_level(spdlog::level::warn);
  fs::path root = o.dir;
  bool temp = root.empty();
  if (temp) {
    std::string tmpl = "/var/tmp/haoban-prefill-bench-XXXXXX";
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    root = tmpl;
  } else {
    if (fs::exists(root / "data") || fs::exists(root / "resources")) usage(root.string() + " already holds a run");
    fs::create_directories(root);
  }
  int rc = 1;
  try {
    rc = run(o, root);
    if (g_stop) {
      std::fprintf(stderr, "interrupted\n");
      rc = 130;
    }
  } catch (const haoban::Error& e) {
    std::fprintf(stderr, "error: %s (%s)\n", e.what(), e.detail().c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
  }
  if (temp && !o.keep) {
    std::error_code ec;
    fs::remove_all(root, ec);
  } else {
    std::fprintf(stderr, "kept %s\n", root.c_str());
  }
  return rc;
}
