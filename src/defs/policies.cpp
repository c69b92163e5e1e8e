// Reading policies (免申即享) and the entity model they read: entities.yaml and policies/*.yaml.
// Shape problems are reported here with their positions; expressions are compiled in compile.cpp
// (compile_policy) and the policies' own tests run in src/policy.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <regex>
#include <set>

#include "defs/compile.h"
#include "defs/defs.h"
#include "defs/yaml_reader.h"

namespace haoban::defs {

namespace json = boost::json;

std::string_view to_string(EntityKind k) { return k == EntityKind::enterprise ? "enterprise" : "person"; }

std::optional<EntityKind> entity_kind_from_string(std::string_view s) {
  if (s == "enterprise") return EntityKind::enterprise;
  if (s == "person") return EntityKind::person;
  return std::nullopt;
}

namespace {
constexpr std::pair<AttributeType, std::string_view> kAttributeTypes[] = {
    {AttributeType::boolean, "bool"},   {AttributeType::integer, "int"},   {AttributeType::decimal, "decimal"},
    {AttributeType::string, "string"},  {AttributeType::date, "date"},     {AttributeType::string_list, "list<string>"}};
}  // namespace

std::string_view to_string(AttributeType t) {
  for (const auto& [type, name] : kAttributeTypes)
    if (type == t) return name;
  return "?";
}

std::optional<AttributeType> attribute_type_from_string(std::string_view s) {
  for (const auto& [type, name] : kAttributeTypes)
    if (name == s) return type;
  return std::nullopt;
}

const Attribute* EntityModel::find(EntityKind k, std::string_view path) const {
  for (const auto& a : of(k))
    if (a.path == path) return &a;
  return nullptr;
}

bool EntityModel::has_below(EntityKind k, std::string_view path) const {
  const auto& attrs = of(k);
  return std::any_of(attrs.begin(), attrs.end(), [&](const Attribute& a) {
    return a.path.size() > path.size() && a.path.compare(0, path.size(), path) == 0 && a.path[path.size()] == '.';
  });
}

const DatedValue* Parameter::at(Date d) const {
  for (const auto& v : values)
    if (d >= v.from && (!v.to || d <= *v.to)) return &v;
  return nullptr;
}

const Policy* Definitions::policy(std::string_view id) const {
  auto it = std::lower_bound(policies.begin(), policies.end(), id,
                             [](const Policy& p, std::string_view x) { return p.id < x; });
  return it != policies.end() && it->id == id ? &*it : nullptr;
}

namespace detail {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kEntitiesFile = "entities.yaml";

bool is_path(std::string_view s) {
  static const std::regex re("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  return s.size() <= 128 && std::regex_match(s.begin(), s.end(), re);
}

bool is_policy_id(std::string_view s) {
  static const std::regex re("[A-Z0-9][A-Z0-9-]*");
  return s.size() <= 64 && std::regex_match(s.begin(), s.end(), re);
}

template <std::size_t N>
bool one_of(const std::string_view (&list)[N], std::string_view v) {
  return std::find(std::begin(list), std::end(list), v) != std::end(list);
}

template <std::size_t N>
std::string joined(const std::string_view (&list)[N]) {
  std::string out;
  for (auto v : list) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

std::optional<Date> read_date(Reader& r, const YAML::Node& n, std::string_view what) {
  auto t = r.text(n, what);
  if (!t) return std::nullopt;
  if (auto d = parse_date(*t)) return d;
  r.error(n, fmt::format("'{}' must be a date YYYY-MM-DD, got '{}'", what, *t));
  return std::nullopt;
}

Date day_before(Date d) { return Date{std::chrono::sys_days{d} - std::chrono::days{1}}; }

// ---- parameters ---------------------------------------------------------------------------------

// `name: {2025-01-01: 200000, 2026-07-01: 300000}` (each value until the next) or
// `name: [{from: 2025-01-01, to: 2025-12-31, value: 200000}, …]` (explicit periods, gaps allowed).
std::optional<Parameter> read_parameter(Reader& r, const YAML::Node& key, const YAML::Node& n) {
  Parameter p;
  p.pos = r.source().at(key);
  auto name = r.identifier(key, "parameter name");
  if (!name) return std::nullopt;
  p.name = *name;
  if (n.IsMap()) {
    std::set<std::string> seen;
    for (const auto& kv : n) {
      auto from = read_date(r, kv.first, "a parameter's date");
      auto value = r.decimal(kv.second, "parameter '" + p.name + "'");
      if (!from || !value) continue;
      if (!seen.insert(format_date(*from)).second) {
        r.error(kv.first, fmt::format("parameter '{}' has two values from {}", p.name, format_date(*from)));
        continue;
      }
      p.values.push_back({*from, std::nullopt, *value, r.source().at(kv.first)});
    }
    std::sort(p.values.begin(), p.values.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
    for (std::size_t i = 0; i + 1 < p.values.size(); ++i) p.values[i].to = day_before(p.values[i + 1].from);
  } else if (n.IsSequence()) {
    for (const auto& vn : n) {
      MapReader m(r, vn, "a dated value", {"from", "to", "value"});
      if (!m.ok() || !m.require("from") || !m.require("value")) continue;
      auto from = read_date(r, m.get("from"), "from");
      std::optional<Date> to;
      if (m.has("to")) to = read_date(r, m.get("to"), "to");
      auto value = r.decimal(m.get("value"), "value");
      if (!from || !value || (m.has("to") && !to)) continue;
      if (to && *to < *from) {
        r.error(m.get("to"), fmt::format("'to' {} is before 'from' {}", format_date(*to), format_date(*from)));
        continue;
      }
      p.values.push_back({*from, to, *value, m.pos()});
    }
    std::sort(p.values.begin(), p.values.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
    for (std::size_t i = 0; i + 1 < p.values.size(); ++i) {
      const auto& a = p.values[i];
      const auto& b = p.values[i + 1];
      if (!a.to || *a.to >= b.from)
        r.error(b.pos, fmt::format("parameter '{}': the value from {} overlaps the one from {} (line {})", p.name,
                                   format_date(b.from), format_date(a.from), a.pos.line));
    }
  } else {
    r.error(n, fmt::format("parameter '{}' must be dated: write {{YYYY-MM-DD: value}}, the day each value takes effect",
                           p.name));
    return p;  // declared without values, so expressions reading it are not reported as well
  }
  if (p.values.empty() && n.IsMap() && n.size() == 0) r.error(key, fmt::format("parameter '{}' has no values", p.name));
  return p;
}

// ---- criteria -----------------------------------------------------------------------------------

std::vector<Criterion> read_criteria(Reader& r, const YAML::Node& n, std::string_view what,
                                     std::set<std::string>& ids) {
  std::vector<Criterion> out;
  for (const auto& cn : r.list(n, what)) {
    MapReader m(r, cn, what, {"id", "when", "reason"});
    if (!m.ok()) continue;
    Criterion c;
    c.pos = m.pos();
    c.id = m.required_identifier("id").value_or("");
    if (m.require("when"))
      if (auto e = r.expression(m.get("when"), "when")) c.when = std::move(*e);
    c.reason = m.required_text("reason");
    if (!c.id.empty() && !ids.insert(c.id).second)
      r.error(c.pos, fmt::format("criterion id '{}' is used twice in this policy", c.id));
    out.push_back(std::move(c));
  }
  return out;
}

// ---- test entities ------------------------------------------------------------------------------

std::optional<json::value> read_attribute_value(Reader& r, const YAML::Node& n, const Attribute& a,
                                                 const std::string& shown) {
  if (n.IsNull()) return std::nullopt;  // written as unknown
  auto wrong = [&](std::string_view expected) {
    r.error(n, fmt::format("{} must be {}", shown, expected));
    return std::nullopt;
  };
  switch (a.type) {
    case AttributeType::boolean:
      if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return json::value(n.Scalar() == "true");
      return wrong("true or false");
    case AttributeType::integer: {
      if (n.IsScalar() && n.Tag() != "!") {
        long long v = 0;
        const auto& s = n.Scalar();
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc() && p == s.data() + s.size()) return json::value(v);
      }
      return wrong("a whole number");
    }
    case AttributeType::decimal:
      if (n.IsScalar())
        if (auto d = expr::Decimal::parse(n.Scalar())) return json::value(d->to_string());
      return wrong("a number (at most 6 decimals)");
    case AttributeType::string:
      if (n.IsScalar()) return json::value(n.Scalar());
      return wrong("a string");
    case AttributeType::date:
      if (n.IsScalar() && parse_date(n.Scalar())) return json::value(n.Scalar());
      return wrong("a date YYYY-MM-DD");
    case AttributeType::string_list: {
      if (!n.IsSequence()) return wrong("a list of strings");
      json::array arr;
      for (const auto& e : n) {
        if (!e.IsScalar()) return wrong("a list of strings");
        arr.push_back(json::value(e.Scalar()));
      }
      return json::value(std::move(arr));
    }
  }
  return std::nullopt;
}

// A test's entity: a mapping nested by the attributes' dotted paths.
void read_entity(Reader& r, const YAML::Node& n, EntityKind kind, const EntityModel& model,
                 const std::string& prefix, json::object& out) {
  if (!n.IsMap()) {
    r.error(n, fmt::format("'{}' must be a mapping of attributes", prefix.empty() ? to_string(kind) : prefix));
    return;
  }
  for (const auto& kv : n) {
    auto key = r.text(kv.first, "an attribute");
    if (!key) continue;
    std::string path = prefix.empty() ? *key : prefix + "." + *key;
    std::string shown = fmt::format("{}.{}", to_string(kind), path);
    if (const Attribute* a = model.find(kind, path)) {
      if (auto v = read_attribute_value(r, kv.second, *a, shown)) out[*key] = std::move(*v);
    } else if (model.has_below(kind, path)) {
      json::object sub;
      read_entity(r, kv.second, kind, model, path, sub);
      out[*key] = std::move(sub);
    } else {
      r.error(kv.first, fmt::format("unknown attribute '{}' (see {})", shown, kEntitiesFile));
    }
  }
}

std::optional<std::vector<std::string>> optional_list(Reader& r, MapReader& m, std::string_view key) {
  if (!m.has(key)) return std::nullopt;
  return r.text_list(m.get(key), key);
}

std::optional<PolicyTest> read_test(Reader& r, const YAML::Node& n, const Policy& p, const Definitions& d) {
  MapReader m(r, n, "a policy test", {"name", "as_of", "enterprise", "person", "expect"});
  if (!m.ok()) return std::nullopt;
  PolicyTest t;
  t.pos = m.pos();
  t.name = m.required_text("name");
  if (m.require("as_of"))
    if (auto date = read_date(r, m.get("as_of"), "as_of")) t.as_of = *date;
  auto target = std::string(to_string(p.target));
  auto other = std::string(to_string(p.target == EntityKind::enterprise ? EntityKind::person : EntityKind::enterprise));
  if (m.has(other)) r.error(m.get(other), fmt::format("this policy is for {}: the test gives '{}'", target, other));
  if (m.require(target)) read_entity(r, m.get(target), p.target, d.entities, "", t.entity);
  if (m.require("expect")) {
    MapReader e(r, m.get("expect"), "expect", {"outcome", "amount", "failed", "missing", "blocked_by"});
    if (e.ok()) {
      t.outcome = e.required_text("outcome");
      if (!t.outcome.empty() && !one_of(kOutcomes, t.outcome))
        r.error(e.get("outcome"), fmt::format("unknown outcome '{}' ({})", t.outcome, joined(kOutcomes)));
      if (e.has("amount")) {
        if (t.outcome != "eligible") r.error(e.get("amount"), "only an eligible outcome has an amount");
        if (auto a = r.decimal(e.get("amount"), "amount")) t.amount = a->to_string();
      }
      t.failed = optional_list(r, e, "failed");
      t.missing = optional_list(r, e, "missing");
      t.blocked_by = optional_list(r, e, "blocked_by");
    }
  }
  return t;
}

}  // namespace

// ---- entities.yaml ------------------------------------------------------------------------------

void read_entities(const fs::path& dir, Definitions& d, std::vector<Problem>& problems) {
  std::error_code ec;
  if (!fs::exists(dir / kEntitiesFile, ec)) return;
  std::unique_ptr<Source> src;
  auto root = parse_file(dir / kEntitiesFile, (dir / kEntitiesFile).string(), src, problems);
  if (!root) return;
  Reader r(*src, problems);
  MapReader m(r, *root, std::string(kEntitiesFile), {"enterprise", "person"});
  if (!m.ok()) return;
  for (EntityKind kind : {EntityKind::enterprise, EntityKind::person}) {
    auto& attrs = kind == EntityKind::enterprise ? d.entities.enterprise : d.entities.person;
    std::set<std::string> seen;
    for (const auto& n : m.list(to_string(kind))) {
      MapReader am(r, n, "an attribute", {"path", "type", "label", "from"});
      if (!am.ok()) continue;
      Attribute a;
      a.pos = am.pos();
      a.path = am.required_text("path");
      if (!a.path.empty() && !is_path(a.path)) {
        r.error(am.get("path"), fmt::format("'{}' is not a path (identifiers joined by '.')", a.path));
        continue;
      }
      if (am.require("type"))
        if (auto t = r.text(am.get("type"), "type")) {
          if (auto at = attribute_type_from_string(*t)) a.type = *at;
          else r.error(am.get("type"), fmt::format("unknown type '{}' (bool, int, decimal, string, date, list<string>)", *t));
        }
      a.label = am.required_text("label");
      if (am.has("from")) {
        if (auto from = r.ref(am.get("from"), "from")) {
          auto dot = from->id.find('.');
          if (dot == std::string::npos) {
            r.error(am.get("from"), fmt::format("'from' must be <source>.<field>, got '{}'", from->id));
          } else {
            a.source = {from->id.substr(0, dot), from->pos};
            a.field = from->id.substr(dot + 1);
          }
        }
      }
      if (a.path.empty()) continue;
      if (!seen.insert(a.path).second) {
        r.error(a.pos, fmt::format("attribute '{}.{}' is declared twice", to_string(kind), a.path));
        continue;
      }
      attrs.push_back(std::move(a));
    }
    // A path cannot be both a value and a group of values (credit and credit.dishonest).
    for (const auto& a : attrs)
      if (d.entities.has_below(kind, a.path))
        r.error(a.pos, fmt::format("attribute '{}.{}' also has attributes below it", to_string(kind), a.path));
  }
}

// ---- policies/*.yaml ----------------------------------------------------------------------------

std::optional<Policy> read_policy(Reader& r, const YAML::Node& root, const Definitions& d) {
  MapReader m(r, root, "a policy file",
              {"id", "title", "summary", "department", "kind", "target", "mode", "effective", "legal_basis",
               "lifecycle", "parameters", "eligibility", "benefit", "risk", "tests"});
  if (!m.ok()) return std::nullopt;
  Policy p;
  p.pos = m.pos();
  p.text = r.source().text();
  if (m.require("id"))
    if (auto id = r.text(m.get("id"), "id")) {
      if (is_policy_id(*id)) p.id = *id;
      else r.error(m.get("id"), fmt::format("policy id '{}' must be capital letters, digits and '-'", *id));
      auto stem = fs::path(r.source().file()).stem().string();
      if (!p.id.empty() && stem != p.id)
        r.error(m.get("id"), fmt::format("policy '{}' must be in a file named {}.yaml", p.id, p.id));
    }
  p.title = m.required_text("title");
  p.summary = m.optional_text("summary");
  if (auto dep = m.required_ref("department")) p.department = *dep;
  p.kind = m.required_text("kind");
  if (!p.kind.empty() && !one_of(kPolicyKinds, p.kind))
    r.error(m.get("kind"), fmt::format("unknown kind '{}' ({})", p.kind, joined(kPolicyKinds)));
  if (m.require("target"))
    if (auto t = r.text(m.get("target"), "target")) {
      if (auto k = entity_kind_from_string(*t)) p.target = *k;
      else r.error(m.get("target"), fmt::format("unknown target '{}' (enterprise or person)", *t));
    }
  p.mode = m.required_text("mode");
  if (!p.mode.empty() && !one_of(kPolicyModes, p.mode))
    r.error(m.get("mode"), fmt::format("unknown mode '{}' ({})", p.mode, joined(kPolicyModes)));
  if (m.require("effective")) {
    MapReader e(r, m.get("effective"), "effective", {"from", "to"});
    if (e.ok() && e.require("from")) {
      if (auto from = read_date(r, e.get("from"), "from")) p.effective_from = *from;
      if (e.has("to")) p.effective_to = read_date(r, e.get("to"), "to");
      if (p.effective_to && *p.effective_to < p.effective_from)
        r.error(e.get("to"), "the policy ends before it takes effect");
    }
  }
  p.legal_basis = m.required_text("legal_basis");
  for (const auto& n : m.list("lifecycle"))
    if (auto v = r.text(n, "lifecycle")) {
      if (!one_of(kLifecycles, *v)) r.error(n, fmt::format("unknown lifecycle stage '{}' ({})", *v, joined(kLifecycles)));
      else p.lifecycle.push_back(*v);
    }
  if (p.target == EntityKind::person && !p.lifecycle.empty())
    r.error(m.get("lifecycle"), "lifecycle stages apply to enterprise policies only");
  if (m.has("parameters")) {
    const auto& pn = m.get("parameters");
    if (!pn.IsMap()) {
      r.error(pn, "'parameters' must be a mapping of name: {date: value}");
    } else {
      std::set<std::string> names;
      for (const auto& kv : pn)
        if (auto param = read_parameter(r, kv.first, kv.second)) {
          if (!names.insert(param->name).second) r.error(kv.first, fmt::format("parameter '{}' is declared twice", param->name));
          else p.parameters.push_back(std::move(*param));
        }
    }
  }
  std::set<std::string> ids;
  if (m.require("eligibility")) {
    p.eligibility = read_criteria(r, m.get("eligibility"), "an eligibility criterion", ids);
    if (p.eligibility.empty()) r.error(m.get("eligibility"), "a policy needs at least one eligibility criterion");
  }
  if (m.require("benefit")) {
    MapReader b(r, m.get("benefit"), "benefit", {"amount", "description"});
    if (b.ok() && b.require("amount"))
      if (auto e = r.expression(b.get("amount"), "amount")) p.amount = std::move(*e);
    if (b.ok()) p.benefit_description = b.optional_text("description");
  }
  p.risks = read_criteria(r, m.get("risk"), "a risk check", ids);
  for (const auto& tn : m.list("tests"))
    if (auto t = read_test(r, tn, p, d)) p.tests.push_back(std::move(*t));
  return p;
}

void resolve_policies(const Definitions& d, std::vector<Problem>& problems) {
  auto add = [&](const Pos& pos, std::string message) { problems.push_back({pos, std::move(message)}); };
  for (EntityKind kind : {EntityKind::enterprise, EntityKind::person})
    for (const auto& a : d.entities.of(kind)) {
      if (a.source.id.empty()) continue;
      const SourceDef* s = d.source(a.source.id);
      if (!s) {
        add(a.source.pos, fmt::format("unknown source '{}'", a.source.id));
        continue;
      }
      if (s->subject != SourceSubject::any && static_cast<int>(s->subject) != static_cast<int>(kind))
        add(a.source.pos, fmt::format("source '{}' holds {} records, not {}", s->id, to_string(s->subject), to_string(kind)));
      const SourceField* f = s->field(a.field);
      if (!f) {
        add(a.source.pos, fmt::format("source '{}' has no field '{}'", s->id, a.field));
        continue;
      }
      bool fits = false;
      switch (f->def.type) {
        case FieldType::text: fits = a.type == AttributeType::string; break;
        case FieldType::number: fits = a.type == AttributeType::decimal || (a.type == AttributeType::integer && f->def.decimals == 0); break;
        case FieldType::money: fits = a.type == AttributeType::decimal; break;
        case FieldType::boolean: fits = a.type == AttributeType::boolean; break;
        case FieldType::date: fits = a.type == AttributeType::date; break;
        case FieldType::multi_select: fits = a.type == AttributeType::string_list; break;
        default: break;
      }
      if (!fits)
        add(a.source.pos, fmt::format("{}.{} is {} but {}.{} is a {} field", to_string(kind), a.path,
                                      to_string(a.type), s->id, a.field, to_string(f->def.type)));
    }
  for (const auto& p : d.policies) {
    if (!p.department.id.empty() && !d.department(p.department.id))
      add(p.department.pos, fmt::format("unknown department '{}'", p.department.id));
    for (const auto& param : p.parameters)
      if (!param.values.empty() && !param.at(p.effective_from))
        add(param.pos, fmt::format("parameter '{}' has no value on {}, when the policy takes effect", param.name,
                                   format_date(p.effective_from)));
    auto known = [](const std::vector<Criterion>& cs, const std::string& id) {
      return std::any_of(cs.begin(), cs.end(), [&](const Criterion& c) { return c.id == id; });
    };
    for (const auto& t : p.tests) {
      for (const auto& id : t.failed.value_or(std::vector<std::string>{}))
        if (!known(p.eligibility, id)) add(t.pos, fmt::format("test '{}' expects unknown criterion '{}' to fail", t.name, id));
      for (const auto& id : t.blocked_by.value_or(std::vector<std::string>{}))
        if (!known(p.risks, id)) add(t.pos, fmt::format("test '{}' expects unknown risk check '{}'", t.name, id));
      for (const auto& path : t.missing.value_or(std::vector<std::string>{})) {
        auto prefix = std::string(to_string(p.target)) + ".";
        if (path.compare(0, prefix.size(), prefix) != 0 || !d.entities.find(p.target, path.substr(prefix.size())))
          add(t.pos, fmt::format("test '{}' expects unknown attribute '{}' to be missing", t.name, path));
      }
    }
  }
}

}  // namespace detail

// ---- one policy's text (authoring) ----------------------------------------------------------------

LoadResult check_policy_text(const Definitions& base, std::string_view text) {
  LoadResult res;
  Definitions& d = res.defs;
  d.departments = base.departments;
  d.sources = base.sources;
  d.entities = base.entities;
  auto& problems = res.problems;
  // Shown as the file it would be, so that the messages are those of `haoban defs check`.
  std::string shown = "policies/draft.yaml";
  std::unique_ptr<detail::Source> src;
  auto root = detail::parse_text(shown, std::string(text), src, problems);
  if (root && root->IsMap()) {
    const YAML::Node& map = *root;  // const: a lookup must not add the key
    const YAML::Node id = map["id"];
    if (id.IsScalar() && detail::is_policy_id(id.Scalar())) {
      shown = "policies/" + id.Scalar() + ".yaml";
      src = std::make_unique<detail::Source>(shown, std::string(text));
    }
  }
  if (root) {
    detail::Reader r(*src, problems);
    if (auto p = detail::read_policy(r, *root, d)) d.policies.push_back(std::move(*p));
  }
  detail::resolve_policies(d, problems);
  for (auto& p : d.policies) {
    compile_policy(d, p, problems);
    p.version = content_version(json::serialize(body_json(p)));
  }
  std::sort(problems.begin(), problems.end());
  problems.erase(std::unique(problems.begin(), problems.end(),
                             [](const Problem& a, const Problem& b) { return !(a < b) && !(b < a); }),
                 problems.end());
  return res;
}

// ---- canonical body ------------------------------------------------------------------------------

json::object body_json(const Policy& p) {
  auto criteria = [](const std::vector<Criterion>& cs) {
    json::array out;
    for (const auto& c : cs) out.push_back(json::object{{"id", c.id}, {"when", c.when.source}, {"reason", c.reason}});
    return out;
  };
  json::object params;
  for (const auto& param : p.parameters) {
    json::array values;
    for (const auto& v : param.values) {
      json::object o{{"from", format_date(v.from)}, {"value", v.value.to_string()}};
      if (v.to) o["to"] = format_date(*v.to);
      values.push_back(std::move(o));
    }
    params[param.name] = std::move(values);
  }
  json::array lifecycle;
  for (const auto& l : p.lifecycle) lifecycle.push_back(json::value(l));
  json::object effective{{"from", format_date(p.effective_from)}};
  if (p.effective_to) effective["to"] = format_date(*p.effective_to);
  json::object o{{"id", p.id},
                 {"title", p.title},
                 {"summary", p.summary},
                 {"department", p.department.id},
                 {"kind", p.kind},
                 {"target", to_string(p.target)},
                 {"mode", p.mode},
                 {"effective", std::move(effective)},
                 {"legal_basis", p.legal_basis},
                 {"lifecycle", std::move(lifecycle)},
                 {"parameters", std::move(params)},
                 {"eligibility", criteria(p.eligibility)},
                 {"benefit", json::object{{"amount", p.amount.source}, {"description", p.benefit_description}}},
                 {"risk", criteria(p.risks)}};
  return o;
}

}  // namespace haoban::defs
