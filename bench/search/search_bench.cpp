// Knowledge search: Xapian (src/search) against SQLite FTS5 with the trigram tokenizer, on the same
// corpus and queries: index build rate, query latency p50/p99, top-1/top-5 accuracy.
//   build/bench/search/bench_search                        20,000 synthetic documents
//   HAOBAN_SEARCH_DOCS=1000000 build/bench/search/bench_search   (or --docs 1000000)
//   build/bench/search/bench_search --corpus kb.jsonl --queries questions.jsonl
// The synthetic corpus comes from the item definitions (data/definitions/items): per item and aspect
// (materials, time limit, fee, place, conditions, process, online, basis) one canonical Q&A with
// phrasings, then policy notices, review points and cases about the items up to the size asked.
// The queries ask for a canonical Q&A the way residents do (an alias or a shortened name, a
// colloquial aspect), so the expected document is known by construction. When
// tests/fixtures/kb/eval.jsonl exists its questions are also scored at item level (a hit counts
// when its item code is expected).
// --corpus lines: {"id","title","body","phrasings":[…]}; --queries lines: {"question","expect":[ids]}
// (a hit counts when its id is expected, or starts with an expected id and "/").
// HAOBAN_SEARCH_INDEX=DIR: query the index built there before from the same corpus instead of building
// one (when DIR does not exist yet, the index is built there and kept).
// HAOBAN_SEARCH_SHOW_SLOW=MS: print the questions slower than MS milliseconds (in the last pass).
#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <set>

#include "core/chinese.h"
#include "core/utf8.h"
#include "defs/defs.h"
#include "search/index.h"
#include "testing/testing.h"

namespace haoban::search {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
const fs::path kSource = HAOBAN_SOURCE_DIR;

// ---- options ------------------------------------------------------------------------------------

struct Options {
  std::size_t docs = 20000;
  std::string corpus, queries;
};
Options& options() {
  static Options o;
  return o;
}

// ---- the corpus ---------------------------------------------------------------------------------

struct QueryCase {
  std::string question;
  std::vector<std::string> expect;  // document ids, or item codes (prefix before "/")
};

struct Aspect {
  const char* key;
  const char* title;                  // {} = the item name
  std::vector<const char*> phrasings; // ways the title is also asked
  std::vector<const char*> asked;     // how residents ask (queries; never in the corpus)
};

const std::vector<Aspect>& aspects() {
  static const std::vector<Aspect> a{
      {"materials", "{}需要提交哪些材料？", {"办理{}要准备什么材料", "{}的申请材料清单"},
       {"{}要带啥东西", "办{}准备什么资料", "{}需要啥证件"}},
      {"time", "{}的办理时限是多久？", {"{}多少个工作日办结", "{}承诺时限"}, {"{}多久能办好", "{}几天能拿到", "办{}要等多长时间"}},
      {"fee", "{}收费吗？", {"{}的收费标准", "办理{}是否收费"}, {"{}要交钱吗", "办{}花多少钱"}},
      {"place", "{}在哪里办理？", {"{}的办理地点", "{}受理窗口在哪里"}, {"{}去哪办", "{}在哪个窗口"}},
      {"conditions", "申请{}需要符合什么条件？", {"{}的受理条件", "谁可以申请{}"}, {"什么人能办{}", "{}有啥要求"}},
      {"process", "{}的办理流程是怎样的？", {"{}怎么办理", "{}办理步骤"}, {"{}怎么弄", "办{}分几步"}},
      {"online", "{}可以网上办理吗？", {"{}能否在一网通办办理", "{}线上申请"}, {"{}手机上能办吗", "{}能不能在网上申请"}},
      {"basis", "{}的设定依据是什么？", {"{}依据哪些法律法规", "{}的政策依据"}, {"{}是根据哪个法规", "{}有啥法律规定"}},
  };
  return a;
}

const std::vector<std::string> kStreets{"友谊路街道", "吴淞街道", "张庙街道", "庙行镇", "淞南镇", "高境镇",
                                        "大场镇",     "杨行镇",   "月浦镇",   "罗店镇", "顾村镇", "罗泾镇"};
const std::vector<std::string> kSurnames{"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙"};
const std::vector<std::string> kPolicySentences{
    "各单位要进一步提高政治站位，切实把优化营商环境各项措施落到实处。",
    "对符合条件的申请人实行告知承诺制，申请人书面承诺符合条件的，审批部门当场作出决定。",
    "推行“一网通办”，除法律法规另有规定外，原则上全程网上办理，实现“最多跑一次”。",
    "窗口工作人员应当一次性告知申请人需要补正的全部内容，不得要求申请人重复提交材料。",
    "能够通过数据共享获取的材料，不再要求申请人提交，实现“两个免于提交”。",
    "本通知自印发之日起施行，有效期五年，此前规定与本通知不一致的，以本通知为准。",
    "各街镇社区事务受理服务中心应当做好政策宣传和咨询解答工作。",
    "申请人对审批结果有异议的，可以依法申请行政复议或者提起行政诉讼。",
    "建立容缺受理机制，次要材料欠缺的，可先行受理并在规定期限内补齐。",
    "加强事中事后监管，对承诺不实的依法撤销相关决定并纳入信用记录。"};

std::string fill(const char* pattern, const std::string& name) {
  std::string out = pattern;
  if (auto p = out.find("{}"); p != std::string::npos) out.replace(p, 2, name);
  return out;
}

// The item name without a parenthesised qualifier: 食品经营许可（新办） → 食品经营许可.
std::string short_name(const std::string& name) {
  auto p = name.find("（");
  return p == std::string::npos || p == 0 ? name : name.substr(0, p);
}

// How people write a qualified name: 食品经营许可（延续） → 食品经营许可延续.
std::string spoken_name(const std::string& name) {
  std::string out;
  for (std::size_t pos = 0; pos < name.size();) {
    std::size_t at = pos;
    char32_t c = decode_at(name, pos);
    if (c != U'（' && c != U'）') out.append(name, at, pos - at);
  }
  return out;
}

struct Corpus {
  defs::Definitions defs = defs::load_dir_or_throw(kSource / "data/definitions");
  std::map<std::string, std::string> department_names;
  std::vector<QueryCase> constructed;  // expected: one canonical Q&A
  std::vector<QueryCase> eval;         // tests/fixtures/kb/eval.jsonl, item level
  std::vector<Document> file_docs;     // --corpus
  std::vector<QueryCase> file_queries;

  Corpus() {
    for (const auto& d : defs.departments) department_names[d.id] = d.name;
    std::mt19937 rng(11);
    for (const auto& it : defs.items) {
      std::vector<std::string> subjects{spoken_name(it.name)};
      for (const auto& a : it.aliases) subjects.push_back(a);
      for (const auto& a : aspects()) {
        const auto& subject = subjects[rng() % subjects.size()];
        constructed.push_back({fill(a.asked[rng() % a.asked.size()], subject), {it.code + "/qa/" + a.key}});
      }
    }
    std::shuffle(constructed.begin(), constructed.end(), rng);
    if (constructed.size() > 1000) constructed.resize(1000);
    if (auto eval_file = kSource / "tests/fixtures/kb/eval.jsonl"; fs::exists(eval_file)) eval = read_queries(eval_file);
    if (!options().corpus.empty()) file_docs = read_corpus(options().corpus);
    if (!options().queries.empty()) file_queries = read_queries(options().queries);
  }

  static std::vector<QueryCase> read_queries(const fs::path& file) {
    std::vector<QueryCase> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto o = json::parse(line).as_object();
      QueryCase q{std::string(o.at("question").as_string()), {}};
      for (const auto& e : o.at("expect").as_array()) q.expect.emplace_back(e.as_string());
      out.push_back(std::move(q));
    }
    return out;
  }

  static std::vector<Document> read_corpus(const fs::path& file) {
    std::vector<Document> out;
    std::ifstream in(file);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto o = json::parse(line).as_object();
      Document d;
      d.id = std::string(o.at("id").as_string());
      d.title = std::string(o.at("title").as_string());
      if (auto* b = o.if_contains("body")) d.body = std::string(b->as_string());
      if (auto* p = o.if_contains("phrasings"))
        for (const auto& s : p->as_array()) d.phrasings.emplace_back(s.as_string());
      out.push_back(std::move(d));
    }
    return out;
  }

  std::size_t size() const {
    return options().corpus.empty() ? std::max(options().docs, defs.items.size() * aspects().size()) : file_docs.size();
  }

  std::string answer(const defs::Item& it, const Aspect& a) const {
    const auto& g = it.guide;
    std::string k = a.key, out;
    if (k == "materials") {
      out = "办理" + it.name + "需提交以下材料：";
      int n = 1;
      for (const auto& m : it.materials) {
        out += std::to_string(n++) + "．" + m.name + "（" + std::string(defs::label(m.type)) + "）";
        if (!m.note.empty()) out += "，" + m.note;
        out += "；";
      }
      out += "能够通过数据共享获取的材料免于提交。";
    } else if (k == "time") {
      out = it.name + "的法定办结时限为" + std::to_string(it.statutory_days) + "个工作日，承诺办结时限为" +
            std::to_string(it.promised_days) + "个工作日，自受理之次日起计算，补正材料的时间不计算在内。";
    } else if (k == "fee") {
      out = it.name + "：" + g.fee + "。";
    } else if (k == "place") {
      out = it.name + "的办理地点：" + g.location + "。办理时间：" + g.hours + "。咨询电话：" + g.phone + "。";
    } else if (k == "conditions") {
      out = g.conditions;
    } else if (k == "process") {
      out = it.name + "的办理流程：";
      for (std::size_t i = 0; i < g.process.size(); ++i) out += (i ? "→" : "") + g.process[i];
      out += "。";
    } else if (k == "online") {
      out = std::string(g.online ? "可以。" : "暂不支持全程网办。") + it.name +
            (g.online ? "可通过“一网通办”平台在线申请，材料以电子件提交。" : "请携带材料到窗口办理。");
    } else {
      out = it.name + "的设定依据：" + g.basis + "。";
    }
    return out;
  }

  // Document i: the first items × aspects are the canonical Q&A, the rest fillers.
  Document document(std::size_t i) const {
    if (!options().corpus.empty()) return file_docs[i];
    const std::size_t canonical = defs.items.size() * aspects().size();
    Document d;
    if (i < canonical) {
      const auto& it = defs.items[i / aspects().size()];
      const auto& a = aspects()[i % aspects().size()];
      d.id = it.code + "/qa/" + a.key;
      d.title = fill(a.title, it.name);
      for (const char* p : a.phrasings) d.phrasings.push_back(fill(p, it.name));
      for (const auto& alias : it.aliases) d.phrasings.push_back(fill(a.phrasings[0], alias));
      d.body = answer(it, a);
      d.filters = {{"type", {"qa"}}, {"item", {it.code}}, {"department", {it.department.id}}};
      return d;
    }
    std::mt19937 rng(static_cast<std::uint32_t>(i));
    const auto& it = defs.items[rng() % defs.items.size()];
    const auto& a = aspects()[rng() % aspects().size()];
    const std::string& dept = department_names.at(it.department.id);
    const std::string street = kStreets[rng() % kStreets.size()];
    const std::string year = std::to_string(2018 + rng() % 9);
    auto policy = [&] { return kPolicySentences[rng() % kPolicySentences.size()]; };
    switch (rng() % 3) {
      case 0:
        d.id = it.code + "/policy/" + std::to_string(i);
        d.title = (rng() % 2 ? "关于进一步优化" + short_name(it.name) + "办理服务的通知（" + year + "）"
                             : dept + "关于" + short_name(it.name) + "的实施细则（" + year + "年修订）");
        d.body = "为贯彻落实" + it.guide.basis + "，结合本区实际，现就" + it.name + "有关事项通知如下。" + policy() +
                 "一、" + answer(it, a) + "二、" + policy() + "三、" + it.guide.conditions + policy();
        d.filters = {{"type", {"policy"}}, {"item", {it.code}}, {"department", {it.department.id}}};
        break;
      case 1: {
        const auto& m = it.materials.empty() ? std::string("申请书") : it.materials[rng() % it.materials.size()].name;
        d.id = it.code + "/review/" + std::to_string(i);
        d.title = it.name + "审查要点：" + m;
        d.body = "审查" + m + "时，应当核对其真实性、完整性和有效性，" + m + "应与申请人信息一致。" + policy() +
                 "受理人员应当对照" + it.name + "受理条件逐项核查：" + it.guide.conditions;
        d.filters = {{"type", {"review"}}, {"item", {it.code}}, {"department", {it.department.id}}, {"visibility", {"staff"}}};
        break;
      }
      default:
        d.id = it.code + "/case/" + std::to_string(i);
        d.title = street + kSurnames[rng() % kSurnames.size()] + "某" + short_name(it.name) + "办理案例（" + year + "）";
        d.body = year + "年，" + street + "居民" + kSurnames[rng() % kSurnames.size()] + "某到社区事务受理服务中心咨询" +
                 it.name + "。工作人员告知：" + answer(it, a) + "经帮办人员指导，申请人当日完成申请，" +
                 std::to_string(1 + rng() % std::max(1, it.promised_days)) + "个工作日后办结。" + policy();
        d.filters = {{"type", {"case"}}, {"item", {it.code}}, {"department", {it.department.id}}};
    }
    return d;
  }
};

Corpus& corpus() {
  static Corpus c;
  return c;
}

// ---- the two engines ----------------------------------------------------------------------------

struct Xapian {
  haoban::testing::TempDir dir;
  Segmenter segmenter = Segmenter::load(kJiebaDictionary);
  std::unique_ptr<Analyzer> analyzer;
  std::unique_ptr<Index> index;
  double build_seconds = 0;

  Xapian() {
    // The domain lexicon the app adds: item names, aliases, material and department names.
    const auto& d = corpus().defs;
    for (const auto& it : d.items) {
      segmenter.add_word(short_name(it.name));
      for (const auto& a : it.aliases) segmenter.add_word(a);
      for (const auto& m : it.materials) segmenter.add_word(m.name);
    }
    for (const auto& dep : d.departments) segmenter.add_word(dep.name);
    analyzer = std::make_unique<Analyzer>(segmenter, Synonyms::load(kSource / "data/search/synonyms.yaml"));
    const char* kept = std::getenv("HAOBAN_SEARCH_INDEX");
    if (kept && fs::exists(kept)) {
      // A corpus indexed before (the same documents): measure queries only.
      index = std::make_unique<Index>(Index::open(kept, *analyzer));
      return;
    }
    // Without one there yet, the index is built there and kept for the next run.
    index = std::make_unique<Index>(Index::open(kept ? fs::path(kept) : dir.path() / "xapian", *analyzer));
    auto start = std::chrono::steady_clock::now();
    for (std::size_t i = 0, n = corpus().size(); i < n; ++i) index->put(corpus().document(i));
    index->commit();
    build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }

  std::vector<std::string> search(const std::string& q) const {
    std::vector<std::string> ids;
    for (auto& h : index->search({.text = q, .limit = 5}).hits) ids.push_back(std::move(h.id));
    return ids;
  }
};

struct Fts5 {
  haoban::testing::TempDir dir;
  sqlite3* db = nullptr;
  sqlite3_stmt* query = nullptr;
  double build_seconds = 0;

  static void check(int rc, sqlite3* db) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) throw std::runtime_error(sqlite3_errmsg(db));
  }

  Fts5() {
    check(sqlite3_open((dir.path() / "fts5.db").string().c_str(), &db), db);
    check(sqlite3_exec(db,
                       "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                       "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, phrasings, body, tokenize='trigram');",
                       nullptr, nullptr, nullptr),
          db);
    sqlite3_stmt* insert = nullptr;
    check(sqlite3_prepare_v2(db, "INSERT INTO docs (id, title, phrasings, body) VALUES (?, ?, ?, ?)", -1, &insert, nullptr), db);
    auto start = std::chrono::steady_clock::now();
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
    for (std::size_t i = 0, n = corpus().size(); i < n; ++i) {
      Document d = corpus().document(i);
      std::string phrasings;
      for (const auto& p : d.phrasings) phrasings += p + "\n";
      // The same normal form as the Xapian side, so only tokenisation and ranking differ.
      std::string fields[] = {d.id, normalize_for_search(d.title), normalize_for_search(phrasings), normalize_for_search(d.body)};
      for (int k = 0; k < 4; ++k) sqlite3_bind_text(insert, k + 1, fields[k].c_str(), static_cast<int>(fields[k].size()), SQLITE_TRANSIENT);
      check(sqlite3_step(insert), db);
      sqlite3_reset(insert);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
    sqlite3_finalize(insert);
    build_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    check(sqlite3_prepare_v2(db, "SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs, 0, 5.0, 5.0, 1.0) LIMIT 5",
                             -1, &query, nullptr),
          db);
  }
  ~Fts5() {
    sqlite3_finalize(query);
    sqlite3_close(db);
  }

  // The question's trigrams OR'ed (a natural-language question as one FTS5 phrase matches nearly
  // nothing); at most 64, like the Xapian side's words.
  static std::string match_expression(const std::string& q) {
    std::u32string n = decode_utf8(normalize_for_search(q));
    std::set<std::u32string> grams;
    std::size_t run = 0;
    for (std::size_t i = 0; i < n.size(); ++i) {
      char32_t c = n[i];
      bool word = is_han(c) || (c < 0x80 && std::isalnum(static_cast<int>(c)));
      run = word ? run + 1 : 0;
      if (run >= 3 && grams.size() < 64) grams.insert(n.substr(i - 2, 3));
    }
    std::string expr;
    for (const auto& g : grams) expr += (expr.empty() ? "\"" : " OR \"") + encode_utf8(g) + "\"";
    return expr;
  }

  std::vector<std::string> search(const std::string& q) const {
    std::vector<std::string> ids;
    std::string expr = match_expression(q);
    if (expr.empty()) return ids;
    sqlite3_bind_text(query, 1, expr.c_str(), static_cast<int>(expr.size()), SQLITE_TRANSIENT);
    while (sqlite3_step(query) == SQLITE_ROW) ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
    sqlite3_reset(query);
    return ids;
  }
};

Xapian& xapian() {
  static Xapian x;
  return x;
}
Fts5& fts5() {
  static Fts5 f;
  return f;
}

// ---- measurements -------------------------------------------------------------------------------

bool expected(const std::string& id, const std::vector<std::string>& expect) {
  for (const auto& e : expect)
    if (id == e || id.rfind(e + "/", 0) == 0) return true;
  return false;
}

double thread_cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

template <typename Engine>
void run_queries(benchmark::State& state, const Engine& engine, const std::vector<QueryCase>& cases) {
  if (cases.empty()) return state.SkipWithError("no queries");
  std::vector<double> latencies;
  std::size_t top1 = 0, top5 = 0;
  const char* slow = std::getenv("HAOBAN_SEARCH_SHOW_SLOW");
  const double slow_ms = slow ? std::strtod(slow, nullptr) : 0;
  std::vector<std::pair<double, std::string>> slow_ones;
  std::vector<double> cpu_latencies;
  for (auto _ : state) {
    latencies.clear();
    cpu_latencies.clear();
    slow_ones.clear();
    top1 = top5 = 0;
    for (const auto& c : cases) {
      auto start = std::chrono::steady_clock::now();
      const double cpu_start = thread_cpu_ms();
      auto ids = engine.search(c.question);
      latencies.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
      cpu_latencies.push_back(thread_cpu_ms() - cpu_start);
      if (slow_ms > 0 && latencies.back() > slow_ms) slow_ones.emplace_back(latencies.back(), c.question);
      if (!ids.empty() && expected(ids[0], c.expect)) {
        ++top1;
      } else if (std::getenv("HAOBAN_SEARCH_SHOW_MISSES") && state.iterations() == 0) {
        std::fprintf(stderr, "miss: %s expect %s got %s\n", c.question.c_str(), c.expect.front().c_str(),
                     ids.empty() ? "-" : ids.front().c_str());
      }
      if (std::any_of(ids.begin(), ids.end(), [&](const std::string& id) { return expected(id, c.expect); })) ++top5;
    }
  }
  for (const auto& [ms, question] : slow_ones) std::fprintf(stderr, "slow: %.1f ms %s\n", ms, question.c_str());
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, static_cast<std::size_t>(p * latencies.size()))]; };
  state.counters["docs"] = static_cast<double>(corpus().size());
  state.counters["queries"] = static_cast<double>(cases.size());
  state.counters["p50_ms"] = pct(0.50);
  state.counters["p99_ms"] = pct(0.99);
  // The same in this thread's CPU time: what the query costs, whatever else the machine runs.
  std::sort(cpu_latencies.begin(), cpu_latencies.end());
  state.counters["p99_cpu_ms"] = cpu_latencies[std::min(cpu_latencies.size() - 1, static_cast<std::size_t>(0.99 * cpu_latencies.size()))];
  state.counters["top1"] = static_cast<double>(top1) / static_cast<double>(cases.size());
  state.counters["top5"] = static_cast<double>(top5) / static_cast<double>(cases.size());
}

const std::vector<QueryCase>& main_queries() {
  return options().queries.empty() ? corpus().constructed : corpus().file_queries;
}

template <typename Engine>
void build(benchmark::State& state, Engine& (*engine)()) {
  for (auto _ : state) benchmark::DoNotOptimize(engine());
  double s = engine().build_seconds;
  state.counters["docs"] = static_cast<double>(corpus().size());
  state.counters["build_s"] = s;
  state.counters["docs_per_s"] = static_cast<double>(corpus().size()) / s;
}

void BM_XapianBuild(benchmark::State& state) { build(state, xapian); }
void BM_Fts5Build(benchmark::State& state) { build(state, fts5); }
void BM_XapianQuery(benchmark::State& state) { run_queries(state, xapian(), main_queries()); }
void BM_Fts5Query(benchmark::State& state) { run_queries(state, fts5(), main_queries()); }
void BM_XapianEval(benchmark::State& state) { run_queries(state, xapian(), corpus().eval); }
void BM_Fts5Eval(benchmark::State& state) { run_queries(state, fts5(), corpus().eval); }

BENCHMARK(BM_XapianBuild)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_Fts5Build)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();
BENCHMARK(BM_XapianQuery)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Fts5Query)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_XapianEval)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Fts5Eval)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace haoban::search

int main(int argc, char** argv) {
  auto& o = haoban::search::options();
  if (const char* d = std::getenv("HAOBAN_SEARCH_DOCS")) o.docs = std::strtoul(d, nullptr, 10);
  if (const char* c = std::getenv("HAOBAN_SEARCH_CORPUS")) o.corpus = c;
  if (const char* q = std::getenv("HAOBAN_SEARCH_QUERIES")) o.queries = q;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "--docs" || a == "--corpus" || a == "--queries") && i + 1 < argc) {
      std::string v = argv[++i];
      if (a == "--docs") o.docs = std::strtoul(v.c_str(), nullptr, 10);
      if (a == "--corpus") o.corpus = v;
      if (a == "--queries") o.queries = v;
    } else {
      rest.push_back(argv[i]);
    }
  }
  int n = static_cast<int>(rest.size());
  benchmark::Initialize(&n, rest.data());
  if (benchmark::ReportUnrecognizedArguments(n, rest.data())) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
