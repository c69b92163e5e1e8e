#include "app/kb_cli.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>

#include "app/app.h"
#include "assistant/assistant.h"
#include "assistant/json.h"
#include "core/error.h"
#include "knowledge/json.h"

namespace haoban::app {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The one reading the CLI does as: an editor for import, an anonymous resident for search and
// ask (what people on the portal get).
Principal cli_editor() {
  Principal p;
  p.username = std::string(kSystemActor);
  p.display_name = "命令行";
  p.kind = AccountKind::staff;
  p.roles = {Role::admin};
  return p;
}

std::optional<knowledge::Entry> entry_from_line(const json::value& v, std::string& problem) {
  if (!v.is_object()) {
    problem = "each line must be a JSON object";
    return std::nullopt;
  }
  const auto& o = v.as_object();
  static const std::string_view known[] = {"code", "type", "title", "body", "variants", "department", "items", "source",
                                           "doc_number", "effective_from", "effective_to", "visibility", "status"};
  for (const auto& kv : o)
    if (std::find(std::begin(known), std::end(known), kv.key()) == std::end(known)) {
      problem = fmt::format("unknown field \"{}\"", std::string_view(kv.key()));
      return std::nullopt;
    }
  for (auto k : {"code", "title", "body"})
    if (!o.contains(k) || !o.at(k).is_string()) {
      problem = fmt::format("\"{}\" is required and must be a string", k);
      return std::nullopt;
    }
  knowledge::Entry e;
  e.code = o.at("code").as_string();
  e.content = knowledge::content_of(v);
  if (auto* t = o.if_contains("type")) {
    if (!t->is_string() || !knowledge::entry_type_from(t->as_string())) {
      problem = "\"type\" must be one of policy, regulation, review_point, qa, case, guide";
      return std::nullopt;
    }
  }
  if (auto* vis = o.if_contains("visibility"); vis && (!vis->is_string() || !knowledge::visibility_from(vis->as_string()))) {
    problem = "\"visibility\" must be public or staff";
    return std::nullopt;
  }
  e.status = knowledge::EntryStatus::published;
  if (auto* s = o.if_contains("status")) {
    auto st = s->is_string() ? knowledge::entry_status_from(s->as_string()) : std::nullopt;
    if (!st) {
      problem = "\"status\" must be one of draft, in_review, published, retired";
      return std::nullopt;
    }
    e.status = *st;
  }
  for (auto k : {"variants", "items"})
    if (auto* a = o.if_contains(k); a && !a->is_array()) {
      problem = fmt::format("\"{}\" must be an array of strings", k);
      return std::nullopt;
    }
  return e;
}

// Reads JSON Lines; problems as FILE:LINE: message.
template <class F>
std::vector<std::string> read_json_lines(const fs::path& path, F&& each) {
  std::ifstream in(path);
  if (!in) throw invalid("no-such-file", "文件不存在", path.string() + ": cannot open");
  std::vector<std::string> problems;
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::error_code ec;
    auto v = json::parse(line, ec);
    if (ec) {
      problems.push_back(fmt::format("{}:{}: not JSON: {}", path.string(), n, ec.message()));
      continue;
    }
    std::string problem;
    each(v, n, problem);
    if (!problem.empty()) problems.push_back(fmt::format("{}:{}: {}", path.string(), n, problem));
  }
  return problems;
}

}  // namespace

struct KbCli::Impl {
  CLI::App* search = nullptr;
  CLI::App* ask = nullptr;
  CLI::App* eval = nullptr;
  CLI::App* import = nullptr;
  CLI::App* export_ = nullptr;
  CLI::App* reindex = nullptr;
  std::string text, file, type;
  bool as_json = false, publish = false, verbose = false;
  std::size_t limit = 10;
};

KbCli::KbCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  auto* cmd = cli.add_subcommand("kb", "knowledge base: search, ask 小宝, evaluate, import, export, reindex");
  cmd->require_subcommand(1);
  m.search = cmd->add_subcommand("search", "search the knowledge base as a resident would");
  state_flags(m.search);
  m.search->add_option("QUERY", m.text, "what to look for, e.g. 执照补办")->required();
  m.search->add_option("--type", m.type, "only entries of this type (policy, regulation, review_point, qa, case, guide)");
  m.search->add_option("--limit", m.limit, "results (default 10)")->check(CLI::Range(1, 50));
  m.search->add_flag("--json", m.as_json, "print JSON (as GET /api/v1/kb/search)");
  m.ask = cmd->add_subcommand("ask", "ask 小宝 a question (as POST /api/v1/assistant/messages)");
  state_flags(m.ask);
  m.ask->add_option("QUESTION", m.text, "e.g. 开饭店要办什么证")->required();
  m.ask->add_flag("--json", m.as_json, "print JSON");
  m.eval = cmd->add_subcommand("eval", "top-1, top-5 and MRR of search over a JSON Lines question set");
  state_flags(m.eval);
  m.eval->add_option("FILE", m.file, "lines of {\"question\": \"…\", \"expect\": [\"item code, entry code or entry id\", …]}")->required();
  m.eval->add_flag("--verbose", m.verbose, "print every question that missed the top 1, with its rank and the top 5");
  m.import = cmd->add_subcommand("import", "import entries from JSON Lines (all or nothing)");
  state_flags(m.import);
  m.import->add_option("FILE", m.file, "one entry per line: {\"code\", \"type\", \"title\", \"body\", …}")->required();
  m.import->add_flag("--publish", m.publish, "entries keep their status (default published) instead of starting as drafts");
  m.export_ = cmd->add_subcommand("export", "write every entry as JSON Lines (the import's format)");
  state_flags(m.export_);
  m.export_->add_option("FILE", m.file, "output file")->required();
  m.reindex = cmd->add_subcommand("reindex", "rebuild the search index and its word vectors from the store");
  state_flags(m.reindex);
}

KbCli::~KbCli() = default;

std::optional<int> KbCli::run(const std::function<Config()>& config) {
  auto& m = *impl_;
  if (!m.search->parsed() && !m.ask->parsed() && !m.eval->parsed() && !m.import->parsed() && !m.export_->parsed() &&
      !m.reindex->parsed())
    return std::nullopt;
  Config c = config();
  spdlog::set_level(spdlog::level::warn);  // stdout is the answer; stderr only for trouble
  SystemClock clock;
  App app(c, clock);
  auto& kb = app.knowledge();

  if (m.reindex->parsed()) {
    auto n = kb.rebuild_index();
    fmt::print("re-indexed {} entries\n", n);
    if (auto texts = kb.train_word_vectors()) fmt::print("word vectors learnt from {} texts\n", texts);
    return 0;
  }
  if (m.import->parsed()) {
    std::vector<knowledge::Entry> entries;
    auto problems = read_json_lines(m.file, [&](const json::value& v, std::size_t, std::string& problem) {
      if (auto e = entry_from_line(v, problem)) entries.push_back(std::move(*e));
    });
    if (problems.empty()) {
      auto editor = cli_editor();
      auto result = kb.import(editor, entries, m.publish);
      for (const auto& p : result.problems) problems.push_back(fmt::format("{}:{}: {}", m.file, p.line, p.message));
      if (problems.empty()) {
        fmt::print("imported {} entries: {} new, {} updated, {} unchanged\n", entries.size(), result.created, result.updated,
                   result.unchanged);
        return 0;
      }
    }
    for (const auto& p : problems) fmt::print(stderr, "{}\n", p);
    fmt::print(stderr, "nothing imported: {} problem(s)\n", problems.size());
    return 1;
  }
  if (m.export_->parsed()) {
    auto editor = cli_editor();
    std::ofstream out(m.file);
    if (!out) throw invalid("cannot-write", "无法写入文件", m.file);
    std::size_t n = 0;
    for (const auto& e : kb.all(editor)) {
      auto o = knowledge::content_json(e.content);
      o["code"] = e.code;
      o["status"] = knowledge::to_string(e.status);
      out << json::serialize(o) << '\n';
      ++n;
    }
    fmt::print("exported {} entries to {}\n", n, m.file);
    return 0;
  }
  if (m.search->parsed()) {
    knowledge::SearchRequest r;
    r.text = m.text;
    r.limit = m.limit;
    r.channel = "cli";
    if (!m.type.empty()) {
      auto t = knowledge::entry_type_from(m.type);
      if (!t) throw invalid("validation-failed", "未知的条目类型", m.type);
      r.types.push_back(*t);
    }
    auto page = kb.search(nullptr, r);
    if (m.as_json) {
      json::array items;
      for (const auto& h : page.hits) {
        auto o = knowledge::entry_json(h.entry, false);
        o["score"] = h.score;
        o["snippet_html"] = h.snippet_html;
        items.push_back(std::move(o));
      }
      fmt::print("{}\n", json::serialize(json::object{{"total", page.total},
                                                      {"words", knowledge::string_array(page.words)},
                                                      {"expansions", knowledge::string_array(page.expansions)},
                                                      {"items", std::move(items)}}));
    } else {
      fmt::print("{} results; words: {}\n", page.total, fmt::join(page.words, " "));
      for (const auto& h : page.hits)
        fmt::print("{:8.3f}  {}  [{}] {}\n", h.score, h.entry.code, knowledge::type_label(h.entry.content.type),
                   h.entry.content.title);
    }
    return 0;
  }
  if (m.ask->parsed()) {
    auto answer = app.assistant().ask(nullptr, "", m.text);
    if (m.as_json) {
      fmt::print("{}\n", json::serialize(assistant::answer_json(answer)));
    } else {
      fmt::print("{}\n", answer.text);
      for (const auto& cit : answer.citations) fmt::print("  引用：{} {}\n", cit.code, cit.title);
      for (const auto& r : answer.related) fmt::print("  相关事项：{} {}\n", r.code, r.name);
      fmt::print("  置信度 {:.2f}；意图 {}\n", answer.confidence, assistant::intent_label(answer.intent));
    }
    return 0;
  }
  // eval
  struct Case {
    std::string question;
    std::vector<std::string> expect;
  };
  std::vector<Case> cases;
  auto problems = read_json_lines(m.file, [&](const json::value& v, std::size_t, std::string& problem) {
    const auto* o = v.if_object();
    const json::value* q = o ? o->if_contains("question") : nullptr;
    const json::value* e = o ? o->if_contains("expect") : nullptr;
    if (!q || !q->is_string() || !e || !e->is_array() || e->as_array().empty()) {
      problem = "expected {\"question\": string, \"expect\": [non-empty list of codes]}";
      return;
    }
    Case c{std::string(q->as_string()), {}};
    for (const auto& x : e->as_array()) {
      if (!x.is_string()) {
        problem = "\"expect\" must list strings";
        return;
      }
      c.expect.emplace_back(x.as_string());
    }
    cases.push_back(std::move(c));
  });
  if (!problems.empty()) {
    for (const auto& p : problems) fmt::print(stderr, "{}\n", p);
    return 1;
  }
  if (cases.empty()) throw invalid("empty-eval", "评测集为空", m.file);
  std::size_t top1 = 0, top5 = 0;
  double mrr = 0;
  for (const auto& cs : cases) {
    knowledge::SearchRequest r;
    r.text = cs.question;
    r.limit = 10;
    r.channel = "eval";
    auto page = kb.search(nullptr, r);
    std::size_t rank = 0;
    for (std::size_t i = 0; i < page.hits.size() && !rank; ++i) {
      const auto& e = page.hits[i].entry;
      for (const auto& x : cs.expect)
        if (x == e.code || x == std::to_string(e.id) ||
            std::find(e.content.items.begin(), e.content.items.end(), x) != e.content.items.end())
          rank = i + 1;
    }
    top1 += rank == 1;
    top5 += rank >= 1 && rank <= 5;
    if (rank) mrr += 1.0 / static_cast<double>(rank);
    if (m.verbose && rank != 1) {
      std::vector<std::string> got;
      for (std::size_t i = 0; i < page.hits.size() && i < 5; ++i) got.push_back(page.hits[i].entry.code);
      fmt::print("{}  expected {}  rank {}  got {}\n", cs.question, fmt::join(cs.expect, ","),
                 rank ? std::to_string(rank) : "-", got.empty() ? "nothing" : fmt::format("{}", fmt::join(got, " ")));
    }
  }
  auto n = static_cast<double>(cases.size());
  fmt::print("questions: {}\ntop-1: {:.3f}\ntop-5: {:.3f}\nMRR: {:.3f}\n", cases.size(), top1 / n, top5 / n, mrr / n);
  return 0;
}

}  // namespace haoban::app
