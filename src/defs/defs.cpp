#include "defs/defs.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <cstdlib>
#include <tuple>

#include "core/error.h"

namespace haoban::defs {

namespace json = boost::json;

std::string Problem::to_string() const {
  return fmt::format("{}:{}:{}: {}", pos.file, pos.line, pos.column, message);
}

bool operator<(const Problem& a, const Problem& b) {
  return std::tie(a.pos.file, a.pos.line, a.pos.column, a.message) <
         std::tie(b.pos.file, b.pos.line, b.pos.column, b.message);
}

Pos Expression::at(int line, int column) const {
  if (lines.empty()) return {};
  std::size_t i = static_cast<std::size_t>(std::clamp(line, 1, static_cast<int>(lines.size())) - 1);
  Pos p = lines[i];
  p.column += std::max(column, 1) - 1;
  return p;
}

std::string_view to_string(Audience a) {
  switch (a) {
    case Audience::person:
      return "person";
    case Audience::enterprise:
      return "enterprise";
    case Audience::both:
      return "both";
  }
  return "both";
}

std::optional<Audience> audience_from_string(std::string_view s) {
  for (auto a : {Audience::person, Audience::enterprise, Audience::both})
    if (to_string(a) == s) return a;
  return std::nullopt;
}

bool serves(Audience offered, Audience who) {
  return offered == Audience::both || who == Audience::both || offered == who;
}

std::string_view to_string(QuestionType t) {
  switch (t) {
    case QuestionType::boolean:
      return "bool";
    case QuestionType::select:
      return "select";
    case QuestionType::multi_select:
      return "multi_select";
    case QuestionType::number:
      return "number";
  }
  return "bool";
}

namespace {

constexpr std::pair<FieldType, std::string_view> kFieldTypes[] = {
    {FieldType::text, "text"},
    {FieldType::textarea, "textarea"},
    {FieldType::number, "number"},
    {FieldType::money, "money"},
    {FieldType::boolean, "bool"},
    {FieldType::date, "date"},
    {FieldType::select, "select"},
    {FieldType::multi_select, "multi_select"},
    {FieldType::address, "address"},
    {FieldType::id_number, "id_number"},
    {FieldType::credit_code, "credit_code"},
    {FieldType::phone, "phone"},
    {FieldType::file, "file"},
    {FieldType::table, "table"},
};

template <class T>
const T* find_by(const std::vector<T>& v, std::string_view key, std::string T::*member) {
  auto it = std::lower_bound(v.begin(), v.end(), key,
                             [&](const T& x, std::string_view k) { return x.*member < k; });
  return it != v.end() && (*it).*member == key ? &*it : nullptr;
}

template <class T>
const T* find_linear(const std::vector<T>& v, std::string_view key) {
  for (const auto& x : v)
    if (x.id == key) return &x;
  return nullptr;
}

// A decimal as a JSON number: an integer when it is whole, otherwise the nearest double.
json::value number_json(const expr::Decimal& d) {
  if (d.units() % expr::Decimal::kOne == 0) return static_cast<std::int64_t>(d.units() / expr::Decimal::kOne);
  return std::strtod(d.to_string().c_str(), nullptr);
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}

json::array refs(const std::vector<Ref>& v) {
  json::array a;
  for (const auto& r : v) a.emplace_back(r.id);
  return a;
}

json::array options_json(const std::vector<Option>& opts) {
  json::array a;
  for (const auto& o : opts) a.push_back(json::object{{"value", o.value}, {"label", o.label}});
  return a;
}

void put_text(json::object& o, std::string_view key, const std::string& v) {
  if (!v.empty()) o[key] = v;
}

void put_expr(json::object& o, std::string_view key, const std::optional<Expression>& e) {
  if (e) o[key] = e->source;
}

}  // namespace

std::string_view to_string(FieldType t) {
  for (const auto& [ft, name] : kFieldTypes)
    if (ft == t) return name;
  return "text";
}

std::optional<FieldType> field_type_from_string(std::string_view s) {
  for (const auto& [ft, name] : kFieldTypes)
    if (name == s) return ft;
  return std::nullopt;
}

std::string_view to_string(MaterialType t) {
  switch (t) {
    case MaterialType::original:
      return "original";
    case MaterialType::copy:
      return "copy";
    case MaterialType::electronic:
      return "electronic";
  }
  return "original";
}

std::string_view label(MaterialType t) {
  switch (t) {
    case MaterialType::original:
      return "原件";
    case MaterialType::copy:
      return "复印件";
    case MaterialType::electronic:
      return "电子件";
  }
  return "原件";
}

const Department* Definitions::department(std::string_view id) const { return find_linear(departments, id); }
const MaterialCategory* Definitions::category(std::string_view id) const {
  return find_linear(categories, id);
}
const Item* Definitions::item(std::string_view code) const { return find_by(items, code, &Item::code); }
const Form* Definitions::form(std::string_view id) const { return find_by(forms, id, &Form::id); }
const Bundle* Definitions::bundle(std::string_view code) const {
  return find_by(bundles, code, &Bundle::code);
}

const SourceDef* Definitions::source(std::string_view id) const { return find_by(sources, id, &SourceDef::id); }

const SourceField* SourceDef::field(std::string_view key) const {
  for (const auto& f : fields)
    if (f.def.key == key) return &f;
  return nullptr;
}

std::string_view to_string(SourceSubject s) {
  switch (s) {
    case SourceSubject::person: return "person";
    case SourceSubject::any: return "any";
    default: return "enterprise";
  }
}

// ---- bodies -------------------------------------------------------------------------------------

json::object question_json(const Question& q) {
  json::object o{{"id", q.id}, {"text", q.text}, {"type", to_string(q.type)}};
  put_text(o, "help", q.help);
  if (!q.options.empty()) o["options"] = options_json(q.options);
  if (q.type == QuestionType::number) {
    o["decimals"] = q.decimals;
    if (q.min) o["min"] = number_json(*q.min);
    if (q.max) o["max"] = number_json(*q.max);
  }
  return o;
}

json::object field_json(const Field& f) {
  json::object o{{"key", f.key}, {"label", f.label}, {"type", to_string(f.type)}, {"required", f.required}};
  put_text(o, "help", f.help);
  put_text(o, "placeholder", f.placeholder);
  if (!f.options.empty()) o["options"] = options_json(f.options);
  if (f.type == FieldType::number || f.type == FieldType::money) o["decimals"] = f.decimals;
  if (!f.columns.empty()) {
    json::array cols;
    for (const auto& c : f.columns) cols.push_back(field_json(c));
    o["columns"] = std::move(cols);
  }
  const Validation& v = f.validation;
  json::object val;
  if (v.min_length) val["min_length"] = *v.min_length;
  if (v.max_length) val["max_length"] = *v.max_length;
  if (v.pattern) val["pattern"] = *v.pattern;
  put_text(val, "pattern_message", v.pattern_message);
  if (v.min) val["min"] = number_json(*v.min);
  if (v.max) val["max"] = number_json(*v.max);
  if (v.min_items) val["min_items"] = *v.min_items;
  if (v.max_items) val["max_items"] = *v.max_items;
  put_expr(val, "rule", v.rule);
  put_text(val, "message", v.message);
  if (!val.empty()) o["validation"] = std::move(val);
  put_expr(o, "visible_when", f.visible_when);
  put_expr(o, "compute", f.compute);
  put_expr(o, "prefill", f.prefill);
  if (f.prefill_editable) o["prefill_editable"] = true;
  return o;
}

json::object body_json(const Form& f) {
  json::array sections;
  for (const auto& s : f.sections) {
    json::object so{{"id", s.id}, {"title", s.title}};
    put_expr(so, "visible_when", s.visible_when);
    json::array fields;
    for (const auto& fld : s.fields) fields.push_back(field_json(fld));
    so["fields"] = std::move(fields);
    sections.push_back(std::move(so));
  }
  json::object o{{"id", f.id}, {"title", f.title}};
  put_text(o, "description", f.description);
  o["sections"] = std::move(sections);
  return o;
}

json::object guide_json(const Guide& g) {
  json::object guide{{"conditions", g.conditions},
                     {"basis", g.basis},
                     {"process", strings(g.process)},
                     {"fee", g.fee},
                     {"location", g.location}};
  put_text(guide, "hours", g.hours);
  guide["phone"] = g.phone;
  guide["online"] = g.online;
  guide["offline"] = g.offline;
  return guide;
}

json::object body_json(const Item& i, const Definitions& d) {
  json::object guide = guide_json(i.guide);
  json::array questions, materials;
  for (const auto& q : i.questions) questions.push_back(question_json(q));
  for (const auto& m : i.materials) {
    json::object mo{{"id", m.id},
                    {"name", m.name},
                    {"category", m.category.id},
                    {"type", to_string(m.type)},
                    {"count", m.count}};
    put_text(mo, "note", m.note);
    put_expr(mo, "when", m.when);
    put_text(mo, "reason", m.reason);
    materials.push_back(std::move(mo));
  }
  json::object o{{"code", i.code},
                 {"name", i.name},
                 {"aliases", strings(i.aliases)},
                 {"department", i.department.id},
                 {"kind", i.kind},
                 {"audience", to_string(i.audience)},
                 {"events", refs(i.events)},
                 {"guide", std::move(guide)},
                 {"time_limit", json::object{{"statutory", i.statutory_days}, {"promised", i.promised_days}}},
                 {"questions", std::move(questions)},
                 {"materials", std::move(materials)}};
  const Form* f = d.form(i.form.id);
  o["form"] = f ? json::value(body_json(*f)) : json::value(i.form.id);
  o["online_help"] = i.online_help;
  if (i.follows) {  // only when present, so that the other items keep their versions
    json::object fo{{"items", refs(i.follows->items)}, {"licence", i.follows->licence}, {"reason", i.follows->reason}};
    put_expr(fo, "when", i.follows->when);
    o["follows"] = std::move(fo);
  }
  return o;
}

json::object body_json(const Bundle& b, const Definitions& d) {
  json::array items, questions, materials;
  for (const auto& bi : b.items) {
    const Item* it = d.item(bi.item.id);
    json::object io{{"item", bi.item.id}, {"version", it ? it->version : ""}};
    put_expr(io, "when", bi.when);
    put_text(io, "reason", bi.reason);
    items.push_back(std::move(io));
  }
  for (const auto& q : b.questions) questions.push_back(question_json(q));
  for (const auto& m : b.materials) {
    json::object mo{{"item", m.item.id}, {"material", m.material.id}};
    put_expr(mo, "when", m.when);
    put_text(mo, "reason", m.reason);
    materials.push_back(std::move(mo));
  }
  json::object o{{"code", b.code}, {"name", b.name}, {"audience", to_string(b.audience)}};
  put_text(o, "industry", b.industry);
  o["events"] = refs(b.events);
  o["description"] = b.description;
  o["items"] = std::move(items);
  o["questions"] = std::move(questions);
  o["materials"] = std::move(materials);
  if (b.promised_days) o["promised_days"] = b.promised_days;
  return o;
}

std::string content_version(std::string_view canonical) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(canonical.data(), canonical.size(), md, &len, EVP_sha256(), nullptr) != 1)
    throw Error(ErrorKind::internal, "digest-failed", "内部错误", "EVP_Digest(SHA-256) failed");
  std::string hex;
  hex.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) hex += fmt::format("{:02x}", md[i]);
  return hex;
}

}  // namespace haoban::defs
