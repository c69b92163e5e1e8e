// The situation engine (情形引导): decides which items and materials apply from the answers so far,
// and asks next only the questions that can still change an open decision, guards first.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "catalog/internal.h"
#include "core/error.h"

namespace haoban::catalog::detail {

namespace json = boost::json;

namespace {

enum class Verdict { applies, excluded, open };

struct Evaluated {
  Verdict verdict = Verdict::applies;
  int next_slot = -1;  // open: the first input still needed (the guard, in the rule's reading order)
  std::vector<Basis> basis;
};

class Engine {
 public:
  Engine(const defs::Scope& scope, const json::object& answers, const expr::Context& ctx)
      : scope_(scope), answers_(answers), ctx_(ctx), in_(*scope.schema) {
    throw_answer_errors(bind_answers(scope, in_, answers));
  }

  Evaluated evaluate(const defs::Rule& r) {
    Evaluated out;
    if (!r.when) return out;
    const expr::Outcome& o = ev_.evaluate(*r.when, in_, ctx_);
    switch (o.status) {
      case expr::Status::known:
        out.verdict = o.value.as_bool() ? Verdict::applies : Verdict::excluded;
        out.basis = basis(*r.when);
        return out;
      case expr::Status::unknown:
        out.verdict = Verdict::open;
        if (!o.missing.empty()) out.next_slot = o.missing.front();
        return out;
      case expr::Status::error:
        break;
    }
    throw Error(
        ErrorKind::internal, "rule-failed", "情形规则无法计算",
        fmt::format("{} {}: {}", r.item ? r.item->code : "", r.material ? r.material->id : "", o.error));
  }

  // The answers a decided rule rested on: the questions read by its decisive clauses.
  std::vector<Basis> basis(const expr::Program& p) {
    std::vector<std::string> paths;
    collect(ev_.explain(p, in_, ctx_), paths);
    std::vector<Basis> out;
    for (const auto& path : paths) {
      int i = scope_.question_index(std::string_view(path).substr(8));  // after "answers."
      if (i >= 0) out.push_back(answered(static_cast<std::size_t>(i)));
    }
    return out;
  }

  Basis answered(std::size_t i) const {
    const defs::Question& q = *scope_.questions[i];
    auto it = answers_.find(q.id);
    return {q.id, q.text, it == answers_.end() ? std::string() : answer_text(q, it->value())};
  }

  bool is_answered(std::size_t i) const {
    auto it = answers_.find(scope_.questions[i]->id);
    return it != answers_.end() && !it->value().is_null();
  }

 private:
  static void collect(const expr::Explanation& e, std::vector<std::string>& paths) {
    if (e.children.empty() && e.text.rfind("answers.", 0) == 0) {
      if (std::find(paths.begin(), paths.end(), e.text) == paths.end()) paths.push_back(e.text);
      return;
    }
    for (const auto& c : e.children)
      if (c.decisive) collect(c, paths);
  }

  const defs::Scope& scope_;
  const json::object& answers_;
  const expr::Context& ctx_;
  expr::Bindings in_;
  expr::Evaluator ev_;
};

std::string with_basis(std::string reason, const std::vector<Basis>& basis) {
  if (basis.empty()) return reason;
  std::string b;
  for (const auto& x : basis) b += fmt::format("{}「{}」：{}", b.empty() ? "" : "；", x.question, x.answer);
  return reason + "（依据：" + b + "）";
}

std::string material_label(const defs::Rule& r) {
  return fmt::format("{}（{}）", r.material->name, r.item->name);
}

}  // namespace

Resolution resolve(const defs::Scope& scope, const defs::Bundle* bundle, const defs::Item* item,
                   const json::object& answers, const expr::Context& ctx) {
  Engine engine(scope, answers, ctx);
  Resolution res;
  std::map<int, std::vector<std::string>> asks;  // slot → what it decides
  std::set<const defs::Item*> applying;

  if (bundle) {
    for (const auto& r : scope.item_rules) {
      Evaluated e = engine.evaluate(r);
      if (e.verdict == Verdict::open) {
        if (e.next_slot >= 0) asks[e.next_slot].push_back(r.item->name);
        continue;
      }
      ItemDecision d{r.item, {}, e.basis};
      if (e.verdict == Verdict::applies) {
        d.reason = with_basis(r.when ? (r.reason.empty() ? "符合办理情形" : r.reason) : "本一件事的必办事项",
                              e.basis);
        applying.insert(r.item);
        res.items.push_back(std::move(d));
      } else {
        d.reason = with_basis("不符合办理情形", e.basis);
        res.excluded.push_back(std::move(d));
      }
    }
  } else {
    applying.insert(item);
    res.items.push_back({item, "所申办的事项", {}});
  }

  // Materials of the items that apply, merged across items by category and name (一套材料).
  std::vector<std::pair<const defs::Rule*, Evaluated>> material_hits;
  for (const auto& r : scope.material_rules) {
    if (!applying.count(r.item)) continue;
    Evaluated e = engine.evaluate(r);
    if (e.verdict == Verdict::open) {
      if (e.next_slot >= 0) asks[e.next_slot].push_back(material_label(r));
    } else if (e.verdict == Verdict::applies) {
      material_hits.emplace_back(&r, std::move(e));
    }
  }

  for (std::size_t i = 0; i < scope.questions.size(); ++i)
    if (engine.is_answered(i)) res.answers.push_back(engine.answered(i));

  if (!asks.empty()) {
    for (std::size_t i = 0; i < scope.questions.size(); ++i) {
      auto it = asks.find(scope.question_slots[i]);
      if (it != asks.end()) res.questions.push_back({scope.questions[i], std::move(it->second)});
    }
    return res;
  }

  res.done = true;
  for (auto& [r, e] : material_hits) {
    auto same = std::find_if(res.materials.begin(), res.materials.end(), [&](const MaterialDecision& m) {
      return m.material->category.id == r->material->category.id && m.material->name == r->material->name;
    });
    if (same != res.materials.end()) {
      if (std::find(same->items.begin(), same->items.end(), r->item) != same->items.end()) continue;
      same->items.push_back(r->item);
      if (!r->when && same->basis.empty()) {  // unconditional: name every item that needs it
        std::string names;
        for (const auto* it : same->items)
          names += (names.empty() ? "" : "、") + fmt::format("《{}》", it->name);
        same->reason = names + "共同需要的材料，提交一份即可";
      }
      continue;
    }
    std::string reason = r->when ? (r->reason.empty() ? "符合提交情形" : r->reason)
                                 : fmt::format("《{}》的必交材料", r->item->name);
    res.materials.push_back(
        {r->material, {r->item}, with_basis(std::move(reason), e.basis), std::move(e.basis)});
  }

  // The form: the applying items' sections, each shared field kept where it first appears.
  res.form.scope = &scope;
  res.form.id = bundle ? "bundle:" + bundle->code : "item:" + item->code;
  res.form.title = bundle ? bundle->name + "申请表" : item->name;
  std::set<int> seen;
  for (int s = 0; s < static_cast<int>(scope.sections.size()); ++s) {
    const auto& sec = scope.sections[static_cast<std::size_t>(s)];
    if (sec.item && !applying.count(sec.item)) continue;
    FormView::Section vs{s, {}};
    for (int f = 0; f < static_cast<int>(sec.fields.size()); ++f)
      if (seen.insert(sec.fields[static_cast<std::size_t>(f)].slot).second) vs.fields.push_back(f);
    if (!vs.fields.empty()) res.form.sections.push_back(std::move(vs));
  }
  return res;
}

}  // namespace haoban::catalog::detail
