#include "catalog/catalog.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <set>

#include "catalog/internal.h"
#include "defs/compile.h"

namespace haoban::catalog {

namespace json = boost::json;

namespace {

// The same DDL serves both dialects.
constexpr const char* kDefinitionsTable = R"(CREATE TABLE definitions (
  kind TEXT NOT NULL CHECK (kind IN ('item', 'form', 'bundle')),
  code TEXT NOT NULL,
  version TEXT NOT NULL,
  body TEXT NOT NULL,
  first_loaded_at TEXT NOT NULL,
  PRIMARY KEY (kind, code, version)
))";

const db::Migration kMigrations[] = {
    {"catalog", 1, "definition versions", kDefinitionsTable, kDefinitionsTable},
};

constexpr std::string_view kSelectVersions = "SELECT kind, code, version FROM definitions";
constexpr std::string_view kInsertVersion =
    "INSERT INTO definitions (kind, code, version, body, first_loaded_at) VALUES (:kind, :code, :version, "
    ":body, :at)"
    " ON CONFLICT (kind, code, version) DO NOTHING";
constexpr std::string_view kSelectVersion =
    "SELECT body, first_loaded_at FROM definitions WHERE kind = :kind AND code = :code AND version = "
    ":version";

constexpr int kMaxLimit = 100;

struct ItemModel {
  const defs::Item* item;
  defs::Scope scope;
};

struct BundleModel {
  const defs::Bundle* bundle;
  defs::Scope scope;
};

// One item's follows.when compiled against one of the items it follows.
struct FollowModel {
  const defs::Item* item;
  defs::Scope scope;
};

// "<rank>:<code>": where the previous page ended in the (rank, code) order.
std::optional<std::pair<int, std::string>> parse_cursor(std::string_view c) {
  auto colon = c.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == c.size()) return std::nullopt;
  int rank = 0;
  auto [p, ec] = std::from_chars(c.data(), c.data() + colon, rank);
  if (ec != std::errc() || p != c.data() + colon || rank < 0) return std::nullopt;
  return std::make_pair(rank, std::string(c.substr(colon + 1)));
}

}  // namespace

struct Catalog::Impl {
  db::Database& db;
  const Clock& clock;
  const WorkingCalendar& calendar;
  defs::Definitions defs;            // scopes and the index point into it: never moved after construction
  std::vector<ItemModel> items;      // parallel to defs.items
  std::vector<BundleModel> bundles;  // parallel to defs.bundles
  std::map<std::string, std::vector<FollowModel>, std::less<>> follows;  // by the followed item's code
  detail::Patterns patterns;
  std::unique_ptr<detail::SearchIndex> index;

  expr::Context context() const { return {china_date(clock.now()), &calendar}; }

  const ItemModel& item_model(std::string_view code) const {
    const defs::Item* it = defs.item(code);
    if (!it) throw not_found("item " + std::string(code));
    return items[static_cast<std::size_t>(it - defs.items.data())];
  }
  const BundleModel& bundle_model(std::string_view code) const {
    const defs::Bundle* b = defs.bundle(code);
    if (!b) throw not_found("bundle " + std::string(code));
    return bundles[static_cast<std::size_t>(b - defs.bundles.data())];
  }
};

Catalog::Catalog(db::Database& db, defs::Definitions d, const Clock& clock, const WorkingCalendar& calendar)
    : impl_(std::make_unique<Impl>(Impl{db, clock, calendar, std::move(d), {}, {}, {}, {}, {}})) {
  Impl& im = *impl_;
  std::vector<defs::Problem> problems;
  for (const auto& it : im.defs.items) im.items.push_back({&it, defs::compile_item(im.defs, it, problems)});
  for (const auto& b : im.defs.bundles)
    im.bundles.push_back({&b, defs::compile_bundle(im.defs, b, problems)});
  for (const auto& it : im.defs.items)
    if (it.follows)
      for (const auto& f : it.follows->items)
        if (const defs::Item* trigger = im.defs.item(f.id))
          im.follows[trigger->code].push_back({&it, defs::compile_follow(it, *trigger, problems)});
  if (!problems.empty())
    throw invalid("definitions-invalid", "业务定义有误，请运行 haoban defs check",
                  problems.front().to_string());
  im.patterns = detail::compile_patterns(im.defs);
  im.index = std::make_unique<detail::SearchIndex>(im.defs);
  spdlog::info("catalog: {} items, {} forms, {} bundles", im.defs.items.size(), im.defs.forms.size(),
               im.defs.bundles.size());
}

Catalog::~Catalog() = default;

std::span<const db::Migration> Catalog::migrations() { return kMigrations; }

int Catalog::publish(std::string_view actor) {
  Impl& im = *impl_;
  struct Row {
    std::string kind, code, version;
    json::object body;
  };
  std::vector<Row> rows;
  for (const auto& f : im.defs.forms) rows.push_back({"form", f.id, f.version, defs::body_json(f)});
  for (const auto& i : im.defs.items)
    rows.push_back({"item", i.code, i.version, defs::body_json(i, im.defs)});
  for (const auto& b : im.defs.bundles)
    rows.push_back({"bundle", b.code, b.version, defs::body_json(b, im.defs)});

  std::set<std::tuple<std::string, std::string, std::string>> have;
  im.db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs = (sql.prepare << kSelectVersions);
    for (const auto& r : rs)
      have.emplace(r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2));
  });
  std::vector<const Row*> fresh;
  for (const auto& r : rows)
    if (!have.count({r.kind, r.code, r.version})) fresh.push_back(&r);
  if (fresh.empty()) return 0;
  const std::string at = format_iso8601(im.clock.now());
  im.db.write([&](db::Tx& tx) {
    for (const Row* r : fresh) {
      std::string body = json::serialize(r->body);
      tx.sql() << kInsertVersion, soci::use(r->kind), soci::use(r->code), soci::use(r->version),
          soci::use(body), soci::use(at);
      tx.audit({std::string(actor), "definition.publish", "definition", r->kind + "/" + r->code, "",
                json::serialize(json::object{{"version", r->version}})});
    }
  });
  spdlog::info("catalog: published {} new definition versions", fresh.size());
  return static_cast<int>(fresh.size());
}

const defs::Definitions& Catalog::definitions() const { return impl_->defs; }
const defs::Item* Catalog::item(std::string_view code) const { return impl_->defs.item(code); }
const defs::Form* Catalog::form(std::string_view id) const { return impl_->defs.form(id); }
const defs::Bundle* Catalog::bundle(std::string_view code) const { return impl_->defs.bundle(code); }

std::string Catalog::department_name(std::string_view id) const {
  const auto* d = impl_->defs.department(id);
  return d ? d->name : std::string(id);
}

std::string Catalog::category_name(std::string_view id) const {
  const auto* c = impl_->defs.category(id);
  return c ? c->name : std::string(id);
}

ItemPage Catalog::search(const ItemQuery& q) const {
  const defs::Definitions& d = impl_->defs;
  std::vector<FieldError> errors;
  if (q.limit < 1 || q.limit > kMaxLimit)
    errors.push_back({"limit", fmt::format("应为1到{}之间的整数", kMaxLimit)});
  if (!q.department.empty() && !d.department(q.department)) errors.push_back({"department", "没有这个部门"});
  if (!q.kind.empty() && std::find(std::begin(defs::kItemKinds), std::end(defs::kItemKinds), q.kind) ==
                             std::end(defs::kItemKinds))
    errors.push_back({"kind", "没有这个事项类型"});
  if (!q.event.empty() &&
      std::none_of(d.events.begin(), d.events.end(), [&](const defs::Event& e) { return e.name == q.event; }))
    errors.push_back({"event", "没有这个主题"});
  if (q.audience == defs::Audience::both) errors.push_back({"audience", "应为 person 或 enterprise"});
  std::optional<std::pair<int, std::string>> after;
  if (!q.cursor.empty() && !(after = parse_cursor(q.cursor))) errors.push_back({"cursor", "无效的翻页标记"});
  if (!errors.empty()) throw invalid("validation-failed", "查询参数有误", "", std::move(errors));

  ItemPage page;
  bool more = false;
  std::pair<int, std::string> last;
  for (const auto& hit : impl_->index->match(q.q)) {
    const defs::Item& it = *hit.item;
    if (!q.department.empty() && it.department.id != q.department) continue;
    if (!q.kind.empty() && it.kind != q.kind) continue;
    if (!q.event.empty() &&
        std::none_of(it.events.begin(), it.events.end(), [&](const defs::Ref& e) { return e.id == q.event; }))
      continue;
    if (q.audience && !defs::serves(it.audience, *q.audience)) continue;
    ++page.total;
    if (after && std::make_pair(hit.rank, it.code) <= *after) continue;
    if (static_cast<int>(page.items.size()) < q.limit) {
      page.items.push_back(&it);
      last = {hit.rank, it.code};
    } else {
      more = true;
    }
  }
  if (more) page.next_cursor = fmt::format("{}:{}", last.first, last.second);
  return page;
}

std::vector<const defs::Bundle*> Catalog::bundles(std::optional<defs::Audience> audience,
                                                  std::string_view industry) const {
  std::vector<const defs::Bundle*> out;
  for (const auto& b : impl_->defs.bundles) {
    if (audience && !defs::serves(b.audience, *audience)) continue;
    if (!industry.empty() && b.industry != industry) continue;
    out.push_back(&b);
  }
  return out;
}

std::optional<StoredDefinition> Catalog::stored(std::string_view kind, std::string_view code,
                                                std::string_view version) const {
  return impl_->db.read([&](soci::session& sql) -> std::optional<StoredDefinition> {
    std::string body, at, k(kind), c(code), v(version);
    soci::indicator ind = soci::i_null;
    sql << kSelectVersion, soci::use(k), soci::use(c), soci::use(v), soci::into(body, ind), soci::into(at);
    if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
    return StoredDefinition{k, c, v, json::parse(body).as_object(), at};
  });
}

std::vector<const defs::Question*> Catalog::bundle_questions(std::string_view code) const {
  return impl_->bundle_model(code).scope.questions;
}

Resolution Catalog::resolve_bundle(std::string_view code, const json::object& answers) const {
  const BundleModel& m = impl_->bundle_model(code);
  return detail::resolve(m.scope, m.bundle, nullptr, answers, impl_->context());
}

Resolution Catalog::resolve_item(std::string_view code, const json::object& answers) const {
  const ItemModel& m = impl_->item_model(code);
  Resolution r = detail::resolve(m.scope, nullptr, m.item, answers, impl_->context());
  if (r.done)
    if (const defs::Form* f = impl_->defs.form(m.item->form.id)) r.form.title = f->title;
  return r;
}

FormView Catalog::item_form(std::string_view code) const {
  const ItemModel& m = impl_->item_model(code);
  FormView v;
  v.scope = &m.scope;
  v.id = "item:" + m.item->code;
  const defs::Form* f = impl_->defs.form(m.item->form.id);
  v.title = f ? f->title : m.item->name;
  for (int s = 0; s < static_cast<int>(m.scope.sections.size()); ++s) {
    FormView::Section vs{s, {}};
    for (int i = 0; i < static_cast<int>(m.scope.sections[static_cast<std::size_t>(s)].fields.size()); ++i)
      vs.fields.push_back(i);
    v.sections.push_back(std::move(vs));
  }
  return v;
}

namespace {

// Answers must decide everything before a form can be checked.
void require_done(const Resolution& r) {
  if (r.done) return;
  std::vector<FieldError> errors;
  for (const auto& q : r.questions) errors.push_back({"answers/" + q.question->id, "请先回答此问题"});
  throw invalid("situations-incomplete", "请先回答全部情形问题", "", std::move(errors));
}

}  // namespace

Resolution Catalog::decide_bundle(std::string_view code, const json::object& answers) const {
  Resolution r = resolve_bundle(code, answers);
  require_done(r);
  return r;
}

FormCheck Catalog::check_item_form(std::string_view code, const json::object& fields,
                                   const json::object& answers) const {
  Resolution r = resolve_item(code, answers);
  require_done(r);
  return detail::check_form(r.form, impl_->patterns, fields, answers, impl_->context());
}

std::vector<FollowUp> Catalog::follow_ups(std::string_view trigger_code, const json::object& answers) const {
  std::vector<FollowUp> out;
  auto it = impl_->follows.find(trigger_code);
  if (it == impl_->follows.end()) return out;
  auto ctx = impl_->context();
  for (const auto& m : it->second) {
    const defs::Rule& rule = m.scope.item_rules.front();
    FollowUp f{m.item, m.item->follows->licence, m.item->follows->reason, {}, {}};
    for (const auto& q : m.item->questions)
      if (int i = m.scope.question_index(q.id); i >= 0 && answers.contains(q.id)) {
        const defs::Question& asked = *m.scope.questions[static_cast<std::size_t>(i)];
        if (asked.type == q.type && asked.options.size() == q.options.size()) f.answers[q.id] = answers.at(q.id);
      }
    if (rule.when) {
      json::object own;  // the trigger's own questions: a bundle part also carries the bundle's
      for (const auto& kv : answers)
        if (m.scope.question_index(kv.key()) >= 0) own[kv.key()] = kv.value();
      expr::Bindings in(*m.scope.schema);
      if (!detail::bind_answers(m.scope, in, own).empty()) continue;  // answers of the wrong type: not decided
      expr::Evaluator ev;
      const expr::Outcome& o = ev.evaluate(*rule.when, in, ctx);
      if (o.status != expr::Status::known || !o.value.as_bool()) continue;
      for (const auto& q : m.scope.questions)
        if (auto a = own.find(q->id); a != own.end())
          f.basis.push_back({q->id, q->text, detail::answer_text(*q, a->value())});
    }
    out.push_back(std::move(f));
  }
  return out;
}

FormCheck Catalog::check_bundle_form(std::string_view code, const json::object& fields,
                                     const json::object& answers) const {
  Resolution r = decide_bundle(code, answers);
  return detail::check_form(r.form, impl_->patterns, fields, answers, impl_->context());
}

}  // namespace haoban::catalog
