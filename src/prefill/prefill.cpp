#include "prefill/prefill.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

#include <set>

#include "defs/values.h"
#include "expr/expr.h"

namespace haoban::prefill {

namespace json = boost::json;

namespace {

bool applies(defs::SourceSubject source, defs::SourceSubject who) {
  return source == defs::SourceSubject::any || source == who;
}

json::object provenance_json(const Provenance& p) {
  return {{"source", p.source},         {"source_name", p.source_name}, {"field", p.field},
          {"label", p.label},           {"department", p.department},   {"updated_at", p.updated_at},
          {"fetched_at", p.fetched_at}, {"verified", p.verified}};
}

// A commitment the applicant must tick themselves (承诺): a bool whose rule is the field itself.
bool is_confirmation(const defs::Field& f) {
  return f.type == defs::FieldType::boolean && f.validation.rule && f.validation.rule->source == "form." + f.key;
}

// The data fields the applicant sees whatever the answers: not computed by the server, not
// conditional, not a commitment (which no source may make for them). The prefill ratio counts these.
bool always_shown(const defs::Section& s, const defs::Field& f) {
  return !s.visible_when && !f.visible_when && !f.compute && !is_confirmation(f);
}

}  // namespace

json::object Result::values() const {
  json::object out;
  for (const auto& f : fields)
    if (f.prefilled) out[f.key] = f.value;
  return out;
}

std::vector<std::string> Result::locked() const {
  std::vector<std::string> out;
  for (const auto& f : fields)
    if (f.locked) out.push_back(f.key);
  return out;
}

json::object Result::to_json() const {
  json::array list;
  for (const auto& f : fields) {
    json::array from;
    for (const auto& p : f.from) from.push_back(provenance_json(p));
    json::object o{{"key", f.key},           {"label", f.label},   {"value", f.value},
                   {"prefilled", f.prefilled}, {"locked", f.locked}, {"from", std::move(from)}};
    if (!f.note.empty()) o["note"] = f.note;
    list.push_back(std::move(o));
  }
  json::array note_list;
  for (const auto& n : notes) note_list.emplace_back(n);
  return {{"item", item},        {"form", form},       {"fields", std::move(list)}, {"shown", shown},
          {"prefilled", prefilled}, {"ratio", ratio()}, {"notes", std::move(note_list)}};
}

std::map<std::string, json::value> locked_values(const json::object& stored) {
  std::map<std::string, json::value> out;
  auto it = stored.find("fields");
  if (it == stored.end() || !it->value().is_array()) return out;
  for (const auto& f : it->value().as_array()) {
    const auto& o = f.as_object();
    auto locked = o.find("locked");
    if (locked != o.end() && locked->value().is_bool() && locked->value().as_bool())
      out.emplace(std::string(o.at("key").as_string()), o.at("value"));
  }
  return out;
}

std::vector<SourcePort::Answer> SourcePort::fetch_all(std::span<const std::string> source_ids,
                                                      std::string_view subject_key, const Purpose& purpose) {
  std::vector<Answer> out;
  for (const auto& id : source_ids) {
    try {
      out.push_back({fetch(id, subject_key, purpose), false});
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::unavailable) throw;
      out.push_back({std::nullopt, true});
    }
  }
  return out;
}

struct PrefillService::Impl {
  const defs::Definitions& defs;
  SourcePort& sources;
  std::map<std::string, defs::PrefillScope, std::less<>> scopes;  // by form id
};

PrefillService::PrefillService(const defs::Definitions& defs, SourcePort& sources)
    : impl_(std::make_unique<Impl>(Impl{defs, sources, {}})) {
  for (const auto& form : defs.forms) {
    std::vector<defs::Problem> problems;  // load_dir already reported them; a bad expression is skipped
    impl_->scopes.emplace(form.id, defs::compile_prefill(defs, form, problems));
  }
}

PrefillService::~PrefillService() = default;

Result PrefillService::prefill(std::string_view item_code, std::string_view subject_key, defs::SourceSubject who,
                               const Purpose& purpose) const {
  const defs::Item* item = impl_->defs.item(item_code);
  if (!item) throw not_found("item " + std::string(item_code));
  const defs::Form* form = impl_->defs.form(item->form.id);
  if (!form) throw not_found("form " + item->form.id);
  const defs::PrefillScope& scope = impl_->scopes.at(form->id);
  Purpose why = purpose;
  if (why.purpose.empty()) why.purpose = "预填「" + item->name + "」";

  // Ask each source the form reads once.
  std::set<const defs::SourceDef*> wanted;
  for (const auto& pf : scope.fields)
    for (const auto& r : pf.reads)
      if (applies(r.source->subject, who)) wanted.insert(r.source);
  std::map<const defs::SourceDef*, SourceValues> got;
  Result res;
  res.item = item->code;
  res.form = form->id;
  std::vector<const defs::SourceDef*> asked(wanted.begin(), wanted.end());
  std::vector<std::string> ids;
  for (const auto* src : asked) ids.push_back(src->id);
  auto answers = impl_->sources.fetch_all(ids, subject_key, why);
  for (std::size_t i = 0; i < asked.size() && i < answers.size(); ++i) {
    if (answers[i].values)
      got.emplace(asked[i], std::move(*answers[i].values));
    else if (answers[i].unavailable)
      res.notes.push_back(fmt::format("「{}」暂时无法访问，相关内容请手工填写", asked[i]->name));
    else
      res.notes.push_back(fmt::format("「{}」中没有您的记录，相关内容请手工填写", asked[i]->name));
  }

  expr::Bindings in(*scope.schema);
  for (std::size_t slot = 0; slot < scope.slots.size(); ++slot) {
    const auto& ref = scope.slots[slot];
    auto it = got.find(ref.source);
    if (it == got.end()) continue;
    auto v = it->second.values.find(ref.field->def.key);
    if (v == it->second.values.end() || v->value().is_null()) continue;
    defs::bind_field_value(in, static_cast<int>(slot), ref.field->def, v->value());
  }

  std::map<const defs::Field*, const defs::PrefillField*> by_field;
  for (const auto& pf : scope.fields) by_field.emplace(pf.def, &pf);
  expr::Evaluator ev;
  expr::Context ctx;
  for (const auto& section : form->sections)
    for (const auto& f : section.fields) {
      if (!always_shown(section, f)) continue;
      FieldPrefill fp;
      fp.key = f.key;
      fp.label = f.label;
      ++res.shown;
      auto pit = by_field.find(&f);
      if (pit != by_field.end()) {
        const defs::PrefillField& pf = *pit->second;
        const expr::Outcome& o = ev.evaluate(pf.program, in, ctx);
        bool all_read = true;
        for (const auto& r : pf.reads) {
          auto g = got.find(r.source);
          all_read = all_read && g != got.end();
          fp.from.push_back({r.source->id, r.source->name, r.field->def.key, r.field->def.label,
                             r.field->department.id, g != got.end() ? g->second.updated_at : "",
                             g != got.end() ? g->second.fetched_at : "", r.field->verified});
        }
        if (o.status == expr::Status::known) {
          fp.value = defs::value_json(f, o.value);
          fp.prefilled = true;
          fp.locked = pf.locked;
          ++res.prefilled;
        } else {
          fp.note = all_read ? "数源中没有此项信息，请手工填写" : "数源暂不可用，请手工填写";
          fp.from.clear();
        }
      }
      res.fields.push_back(std::move(fp));
    }
  return res;
}

}  // namespace haoban::prefill
