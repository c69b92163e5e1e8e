#include "defs/compile.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

namespace haoban::defs {

namespace {

using expr::Kind;
using expr::Type;

// Builds one scope: declares inputs, compiles expressions and records problems at file positions.
class ScopeBuilder {
 public:
  ScopeBuilder(std::vector<Problem>& problems) : problems_(problems) {
    scope_.schema = std::make_unique<expr::Schema>();
  }

  // Declares answers.<id>. A question already declared with another type or options is a problem
  // reported at `conflict_pos` (or at the question when empty).
  void add_question(const Question& q, const Pos* conflict_pos, std::string_view owner) {
    if (q.id.empty()) return;
    int at = scope_.question_index(q.id);
    if (at >= 0) {
      const Question& first = *scope_.questions[static_cast<std::size_t>(at)];
      bool same = first.type == q.type && first.decimals == q.decimals &&
                  first.options.size() == q.options.size() &&
                  std::equal(first.options.begin(), first.options.end(), q.options.begin(),
                             [](const Option& a, const Option& b) { return a.value == b.value; });
      if (!same)
        problem(conflict_pos ? *conflict_pos : q.pos,
                fmt::format(
                    "question '{}' of {} differs from the one already declared at {}:{} (type and options "
                    "must match to be asked once)",
                    q.id, owner, first.pos.file, first.pos.line));
      return;
    }
    auto slot = declare("answers." + q.id, answer_type(q), q.pos);
    if (!slot) return;
    scope_.questions.push_back(&q);
    scope_.question_slots.push_back(*slot);
  }

  // Declares form.<key> for every field of `form`. A key already declared with another type is a
  // problem reported at `conflict_pos`.
  void add_form_fields(const Form& form, const Pos* conflict_pos) {
    for (const auto& s : form.sections)
      for (const auto& f : s.fields) {
        if (f.key.empty() || (f.type == FieldType::table && f.columns.empty())) continue;
        std::string path = "form." + f.key;
        Type t;
        try {
          t = value_type(f);
        } catch (const std::exception&) {
          continue;  // a malformed column, already reported
        }
        if (auto slot = scope_.schema->find(path)) {
          if (!(scope_.schema->type(*slot) == t) && conflict_pos)
            problem(*conflict_pos,
                    fmt::format("field '{}' of form '{}' is {} but another member form has it as {}", f.key,
                                form.id, t.to_string(), scope_.schema->type(*slot).to_string()));
          continue;
        }
        declare(path, t, f.pos);
      }
  }

  std::optional<expr::Program> compile(const std::optional<Expression>& e, std::string_view key,
                                       std::optional<Type> expected) {
    if (!e) return std::nullopt;
    std::optional<Kind> kind;
    if (expected) kind = expected->kind();
    auto r = expr::Program::try_compile(e->source, *scope_.schema, kind);
    if (auto* err = std::get_if<expr::CompileError>(&r)) {
      problem(e->at(err->line, err->column), fmt::format("'{}': {}", key, err->message));
      return std::nullopt;
    }
    auto& p = std::get<expr::Program>(r);
    if (expected && expected->kind() != Kind::decimal && !(p.result_type() == *expected)) {
      problem(e->at(1, 1), fmt::format("'{}': expected {} result, got {}", key, expected->to_string(),
                                       p.result_type().to_string()));
      return std::nullopt;
    }
    return std::move(p);
  }

  void add_section(const Item* item, const Section& s, std::string id) {
    CompiledSection cs;
    cs.id = std::move(id);
    cs.item = item;
    cs.def = &s;
    cs.visible = compile(s.visible_when, "visible_when", Type::boolean());
    for (const auto& f : s.fields) {
      CompiledField cf;
      cf.def = &f;
      if (auto slot = scope_.schema->find("form." + f.key)) cf.slot = *slot;
      cf.visible = compile(f.visible_when, "visible_when", Type::boolean());
      if (cf.slot >= 0) cf.compute = compile(f.compute, "compute", scope_.schema->type(cf.slot));
      cf.rule = compile(f.validation.rule, "rule", Type::boolean());
      cs.fields.push_back(std::move(cf));
    }
    scope_.sections.push_back(std::move(cs));
  }

  void add_rule(Rule::Target target, const Item& item, const Material* m,
                const std::optional<Expression>& when, std::string reason, std::string_view key) {
    Rule r;
    r.target = target;
    r.item = &item;
    r.material = m;
    r.when = compile(when, key, Type::boolean());
    r.reason = std::move(reason);
    (target == Rule::Target::item ? scope_.item_rules : scope_.material_rules).push_back(std::move(r));
  }

  Scope finish() {
    order_computed();
    order_questions();
    return std::move(scope_);
  }

 private:
  std::optional<int> declare(const std::string& path, const Type& t, const Pos& pos) {
    try {
      return scope_.schema->add(path, t);
    } catch (const std::exception& e) {
      problem(pos, fmt::format("cannot declare '{}': {}", path, e.what()));
      return std::nullopt;
    }
  }

  void problem(const Pos& pos, std::string message) { problems_.push_back({pos, std::move(message)}); }

  // Computed fields after the computed fields they read; a cycle is a problem.
  void order_computed() {
    std::vector<std::pair<int, int>> computed;
    std::map<int, std::vector<std::size_t>> producers;  // slot → indexes into computed
    for (int s = 0; s < static_cast<int>(scope_.sections.size()); ++s)
      for (int f = 0; f < static_cast<int>(scope_.sections[s].fields.size()); ++f)
        if (scope_.sections[s].fields[f].compute) {
          producers[scope_.sections[s].fields[f].slot].push_back(computed.size());
          computed.emplace_back(s, f);
        }
    auto field = [&](std::size_t i) -> const CompiledField& {
      return scope_.sections[computed[i].first].fields[computed[i].second];
    };
    std::vector<int> state(computed.size(), 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::size_t> stack;
    bool cycle_reported = false;
    std::function<void(std::size_t)> visit = [&](std::size_t i) {
      if (state[i] == 2) return;
      if (state[i] == 1) {
        if (!cycle_reported) {
          std::string path;
          auto from = std::find(stack.begin(), stack.end(), i);
          for (auto it = from; it != stack.end(); ++it) path += field(*it).def->key + " → ";
          path += field(i).def->key;
          problem(field(i).def->compute->at(1, 1),
                  "computed fields depend on each other in a cycle: " + path);
          cycle_reported = true;
        }
        return;
      }
      state[i] = 1;
      stack.push_back(i);
      for (int slot : field(i).compute->input_slots())
        if (auto p = producers.find(slot); p != producers.end())
          for (std::size_t j : p->second) visit(j);
      stack.pop_back();
      state[i] = 2;
      scope_.compute_order.push_back(computed[i]);
    };
    for (std::size_t i = 0; i < computed.size(); ++i) visit(i);
  }

  // Dependency order: within each rule, a question read earlier guards those read later (Kleene
  // short-circuit makes later ones unnecessary for some answers). Kahn's algorithm with declaration
  // order breaking ties; edges that would close a cycle are ignored.
  void order_questions() {
    const std::size_t n = scope_.questions.size();
    std::map<int, std::size_t> index;
    for (std::size_t i = 0; i < n; ++i) index[scope_.question_slots[i]] = i;
    std::vector<std::set<std::size_t>> after(n);  // after[a]: questions that must come after a
    std::vector<int> indegree(n, 0);
    auto add_edges = [&](const std::optional<expr::Program>& p) {
      if (!p) return;
      std::vector<std::size_t> qs;
      for (int slot : p->input_slots())
        if (auto it = index.find(slot); it != index.end()) qs.push_back(it->second);
      for (std::size_t k = 1; k < qs.size(); ++k)
        if (qs[k - 1] != qs[k] && !after[qs[k]].count(qs[k - 1]) && after[qs[k - 1]].insert(qs[k]).second)
          ++indegree[qs[k]];
    };
    for (const auto& r : scope_.item_rules) add_edges(r.when);
    for (const auto& r : scope_.material_rules) add_edges(r.when);
    std::vector<std::size_t> order;
    std::vector<bool> placed(n, false);
    while (order.size() < n) {
      std::size_t pick = n;
      for (std::size_t i = 0; i < n && pick == n; ++i)
        if (!placed[i] && indegree[i] == 0) pick = i;
      if (pick == n)  // a cycle: take the first unplaced question in declaration order
        for (std::size_t i = 0; i < n && pick == n; ++i)
          if (!placed[i]) pick = i;
      placed[pick] = true;
      order.push_back(pick);
      for (std::size_t j : after[pick]) --indegree[j];
    }
    std::vector<const Question*> qs;
    std::vector<int> slots;
    for (std::size_t i : order) {
      qs.push_back(scope_.questions[i]);
      slots.push_back(scope_.question_slots[i]);
    }
    scope_.questions = std::move(qs);
    scope_.question_slots = std::move(slots);
  }

  std::vector<Problem>& problems_;
  Scope scope_;
};

}  // namespace

int Scope::question_index(std::string_view id) const {
  for (std::size_t i = 0; i < questions.size(); ++i)
    if (questions[i]->id == id) return static_cast<int>(i);
  return -1;
}

Type answer_type(const Question& q) {
  switch (q.type) {
    case QuestionType::boolean:
      return Type::boolean();
    case QuestionType::select:
      return Type::string();
    case QuestionType::multi_select:
      return Type::list_of(Type::string());
    case QuestionType::number:
      return q.decimals > 0 ? Type::decimal() : Type::integer();
  }
  return Type::boolean();
}

Type value_type(const Field& f) {
  switch (f.type) {
    case FieldType::number:
      return f.decimals > 0 ? Type::decimal() : Type::integer();
    case FieldType::money:
      return Type::decimal();
    case FieldType::boolean:
      return Type::boolean();
    case FieldType::date:
      return Type::date();
    case FieldType::multi_select:
      return Type::list_of(Type::string());
    case FieldType::table: {
      std::vector<expr::Field> cols;
      for (const auto& c : f.columns) cols.push_back({c.key, value_type(c)});
      return Type::list_of(Type::record(std::move(cols)));
    }
    default:
      return Type::string();
  }
}

Scope compile_item(const Definitions& defs, const Item& item, std::vector<Problem>& problems) {
  ScopeBuilder b(problems);
  for (const auto& q : item.questions) b.add_question(q, nullptr, "item '" + item.code + "'");
  const Form* form = defs.form(item.form.id);
  if (form) b.add_form_fields(*form, nullptr);
  for (const auto& m : item.materials) b.add_rule(Rule::Target::material, item, &m, m.when, m.reason, "when");
  if (form)
    for (const auto& s : form->sections) b.add_section(&item, s, s.id);
  return b.finish();
}

Scope compile_follow(const Item& dependent, const Item& trigger, std::vector<Problem>& problems) {
  ScopeBuilder b(problems);
  for (const auto& q : trigger.questions) b.add_question(q, nullptr, "item '" + trigger.code + "'");
  const Follow* f = dependent.follows ? &*dependent.follows : nullptr;
  b.add_rule(Rule::Target::item, dependent, nullptr, f ? f->when : std::nullopt, f ? f->reason : "", "follows.when");
  return b.finish();
}

Scope compile_bundle(const Definitions& defs, const Bundle& bundle, std::vector<Problem>& problems) {
  ScopeBuilder b(problems);
  std::vector<const Item*> members;
  std::vector<const BundleItem*> entries;
  for (const auto& bi : bundle.items)
    if (const Item* it = defs.item(bi.item.id)) {
      members.push_back(it);
      entries.push_back(&bi);
    }
  for (const auto& q : bundle.questions) b.add_question(q, nullptr, "bundle '" + bundle.code + "'");
  for (std::size_t i = 0; i < members.size(); ++i)
    for (const auto& q : members[i]->questions)
      b.add_question(q, &entries[i]->item.pos, "item '" + members[i]->code + "'");
  for (std::size_t i = 0; i < members.size(); ++i)
    if (const Form* f = defs.form(members[i]->form.id)) b.add_form_fields(*f, &entries[i]->item.pos);
  for (std::size_t i = 0; i < members.size(); ++i) {
    const Item& it = *members[i];
    b.add_rule(Rule::Target::item, it, nullptr, entries[i]->when, entries[i]->reason, "when");
  }
  for (const Item* it : members)
    for (const auto& m : it->materials) {
      auto over = std::find_if(bundle.materials.begin(), bundle.materials.end(), [&](const MaterialRule& r) {
        return r.item.id == it->code && r.material.id == m.id;
      });
      if (over != bundle.materials.end())
        b.add_rule(Rule::Target::material, *it, &m, over->when, over->reason, "when");
      else
        b.add_rule(Rule::Target::material, *it, &m, m.when, m.reason, "when");
    }
  for (const Item* it : members)
    if (const Form* f = defs.form(it->form.id))
      for (const auto& s : f->sections) b.add_section(it, s, it->code + "/" + s.id);
  return b.finish();
}

Scope compile_form(const Form& form, std::vector<Problem>& problems) {
  ScopeBuilder b(problems);
  b.add_form_fields(form, nullptr);
  for (const auto& s : form.sections) b.add_section(nullptr, s, s.id);
  return b.finish();
}

PrefillScope compile_prefill(const Definitions& defs, const Form& form, std::vector<Problem>& problems) {
  PrefillScope scope;
  scope.schema = std::make_unique<expr::Schema>();
  for (const auto& src : defs.sources)
    for (const auto& f : src.fields) {
      scope.schema->add(src.id + "." + f.def.key, value_type(f.def));
      scope.slots.push_back({&src, &f});
    }
  for (const auto& section : form.sections)
    for (const auto& f : section.fields) {
      if (!f.prefill) continue;
      Type expected = value_type(f);
      auto r = expr::Program::try_compile(f.prefill->source, *scope.schema, expected.kind());
      if (auto* err = std::get_if<expr::CompileError>(&r)) {
        problems.push_back({f.prefill->at(err->line, err->column), fmt::format("'prefill': {}", err->message)});
        continue;
      }
      auto& program = std::get<expr::Program>(r);
      if (expected.kind() != Kind::decimal && !(program.result_type() == expected)) {
        problems.push_back({f.prefill->at(1, 1), fmt::format("'prefill': expected {} result, got {}",
                                                               expected.to_string(), program.result_type().to_string())});
        continue;
      }
      PrefillField pf{&f, std::move(program), {}, !f.prefill_editable};
      for (int slot : pf.program.input_slots()) {
        pf.reads.push_back(scope.slots[static_cast<size_t>(slot)]);
        pf.locked = pf.locked && scope.slots[static_cast<size_t>(slot)].field->verified;
      }
      if (pf.reads.empty()) {
        problems.push_back({f.prefill->at(1, 1), "'prefill' reads no source field"});
        continue;
      }
      scope.fields.push_back(std::move(pf));
    }
  return scope;
}

Type attribute_type(const Attribute& a) {
  switch (a.type) {
    case AttributeType::boolean:
      return Type::boolean();
    case AttributeType::integer:
      return Type::integer();
    case AttributeType::decimal:
      return Type::decimal();
    case AttributeType::string:
      return Type::string();
    case AttributeType::date:
      return Type::date();
    case AttributeType::string_list:
      return Type::list_of(Type::string());
  }
  return Type::string();
}

bool PolicyScope::ok() const {
  auto all = [](const auto& v) { return std::all_of(v.begin(), v.end(), [](const auto& p) { return p.has_value(); }); };
  return all(eligibility) && all(risks) && amount.has_value();
}

PolicyScope compile_policy(const Definitions& defs, const Policy& policy, std::vector<Problem>& problems) {
  PolicyScope scope;
  scope.schema = std::make_unique<expr::Schema>();
  auto target = std::string(to_string(policy.target));
  for (const auto& a : defs.entities.of(policy.target)) scope.schema->add(target + "." + a.path, attribute_type(a));
  scope.first_parameter_slot = scope.schema->size();
  for (const auto& p : policy.parameters) scope.schema->add("params." + p.name, Type::decimal());
  auto compile = [&](const Expression& e, Kind kind, std::string_view what) -> std::optional<expr::Program> {
    if (e.source.empty()) return std::nullopt;  // missing, already reported
    auto r = expr::Program::try_compile(e.source, *scope.schema, kind);
    if (auto* err = std::get_if<expr::CompileError>(&r)) {
      problems.push_back({e.at(err->line, err->column), fmt::format("'{}': {}", what, err->message)});
      return std::nullopt;
    }
    return std::get<expr::Program>(std::move(r));
  };
  for (const auto& c : policy.eligibility) scope.eligibility.push_back(compile(c.when, Kind::boolean, "when"));
  for (const auto& c : policy.risks) scope.risks.push_back(compile(c.when, Kind::boolean, "when"));
  scope.amount = compile(policy.amount, Kind::decimal, "amount");
  return scope;
}

}  // namespace haoban::defs
