// Loading data/definitions: parse each file into structs (shape problems), then resolve references
// across files, then compile every scope's expressions (compile.cpp), then compute versions.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/error.h"
#include "core/utf8.h"
#include "defs/compile.h"
#include "defs/defs.h"
#include "defs/yaml_reader.h"

namespace haoban::defs {

namespace detail {

namespace fs = std::filesystem;

// ---- files --------------------------------------------------------------------------------------

// Reads and parses one file; reports unreadable files, invalid UTF-8 and YAML syntax errors.
std::optional<YAML::Node> parse_file(const fs::path& path, const std::string& shown,
                                     std::unique_ptr<Source>& src, std::vector<Problem>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back({{shown, 1, 1}, "cannot read the file"});
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_text(shown, ss.str(), src, problems);
}

std::optional<YAML::Node> parse_text(const std::string& shown, std::string text, std::unique_ptr<Source>& src,
                                     std::vector<Problem>& problems) {
  src = std::make_unique<Source>(shown, std::move(text));
  if (auto bad = first_invalid_utf8(src->text())) {
    problems.push_back({src->at_offset(*bad), "invalid UTF-8"});
    return std::nullopt;
  }
  try {
    return YAML::Load(src->text());
  } catch (const YAML::Exception& e) {
    problems.push_back({src->at(e.mark), "YAML syntax error: " + e.msg});
    return std::nullopt;
  }
}

// The *.yaml files of `dir/sub`, sorted, as (path, shown name).
std::vector<std::pair<fs::path, std::string>> yaml_files(const fs::path& dir, std::string_view sub,
                                                         std::vector<Problem>& problems, bool optional) {
  std::vector<std::pair<fs::path, std::string>> out;
  fs::path d = dir / sub;
  std::error_code ec;
  if (!fs::is_directory(d, ec)) {
    if (!optional) problems.push_back({{(dir / sub).string(), 1, 1}, "missing directory"});
    return out;
  }
  for (const auto& e : fs::recursive_directory_iterator(d, ec)) {
    if (!e.is_regular_file()) continue;
    auto ext = e.path().extension().string();
    if (ext == ".yaml") {
      out.emplace_back(e.path(), (dir / fs::relative(e.path(), dir)).string());
    } else if (ext == ".yml") {
      problems.push_back(
          {{(dir / fs::relative(e.path(), dir)).string(), 1, 1}, "definition files end in .yaml"});
    }
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

}  // namespace detail

namespace {

using detail::MapReader;
using detail::Reader;
using detail::Source;
using detail::parse_file;
using detail::yaml_files;
namespace fs = std::filesystem;

constexpr std::string_view kDepartmentsFile = "departments.yaml";
constexpr std::string_view kCategoriesFile = "material_categories.yaml";
constexpr std::string_view kTaxonomyFile = "taxonomy.yaml";
constexpr int kMaxDays = 365;

std::string where(const Pos& p) { return fmt::format("{}:{}", p.file, p.line); }

// ---- shared pieces ------------------------------------------------------------------------------

std::optional<Audience> read_audience(Reader& r, MapReader& m, std::string_view key, bool required) {
  if (!m.has(key)) {
    if (required) m.require(key);
    return std::nullopt;
  }
  auto v = r.text(m.get(key), key);
  if (!v) return std::nullopt;
  auto a = audience_from_string(*v);
  if (!a) r.error(m.get(key), fmt::format("'{}' must be person, enterprise or both, got '{}'", key, *v));
  return a;
}

std::vector<Option> read_options(Reader& r, const YAML::Node& n) {
  std::vector<Option> out;
  std::set<std::string> seen;
  for (const auto& o : r.list(n, "options")) {
    Option opt;
    if (o.IsMap()) {
      MapReader m(r, o, "an option", {"value", "label"});
      opt.value = m.required_text("value");
      opt.label = m.optional_text("label");
    } else if (auto v = r.text(o, "options")) {
      opt.value = *v;
    }
    if (opt.value.empty()) continue;
    if (opt.label.empty()) opt.label = opt.value;
    if (!seen.insert(opt.value).second) r.error(o, fmt::format("option '{}' is repeated", opt.value));
    out.push_back(std::move(opt));
  }
  return out;
}

std::optional<QuestionType> question_type_from_string(std::string_view s) {
  for (auto t :
       {QuestionType::boolean, QuestionType::select, QuestionType::multi_select, QuestionType::number})
    if (to_string(t) == s) return t;
  return std::nullopt;
}

Question read_question(Reader& r, const YAML::Node& n) {
  Question q;
  MapReader m(r, n, "a question", {"id", "text", "help", "type", "options", "decimals", "min", "max"});
  q.pos = m.pos();
  if (!m.ok()) return q;
  q.id = m.required_identifier("id").value_or("");
  q.text = m.required_text("text");
  q.help = m.optional_text("help");
  if (m.require("type"))
    if (auto t = r.text(m.get("type"), "type")) {
      if (auto qt = question_type_from_string(*t))
        q.type = *qt;
      else
        r.error(m.get("type"),
                fmt::format("'type' must be bool, select, multi_select or number, got '{}'", *t));
    }
  bool choice = q.type == QuestionType::select || q.type == QuestionType::multi_select;
  if (m.has("options")) {
    q.options = read_options(r, m.get("options"));
    if (!choice) r.error(m.get("options"), "'options' applies only to select and multi_select questions");
  }
  if (choice && q.options.size() < 2)
    r.error(q.pos, fmt::format("question '{}' needs at least two options", q.id));
  bool number = q.type == QuestionType::number;
  for (auto key : {"decimals", "min", "max"})
    if (m.has(key) && !number) r.error(m.get(key), fmt::format("'{}' applies only to number questions", key));
  q.decimals = static_cast<int>(m.optional_integer("decimals", 0, 6).value_or(0));
  q.min = m.optional_decimal("min");
  q.max = m.optional_decimal("max");
  if (q.min && q.max && *q.min > *q.max) r.error(m.get("max"), "'max' is less than 'min'");
  return q;
}

void check_unique_questions(Reader& r, const std::vector<Question>& qs) {
  std::map<std::string, Pos> seen;
  for (const auto& q : qs) {
    if (q.id.empty()) continue;
    auto [it, fresh] = seen.emplace(q.id, q.pos);
    if (!fresh)
      r.error(q.pos, fmt::format("question id '{}' is already used at line {}", q.id, it->second.line));
  }
}

// ---- forms --------------------------------------------------------------------------------------

bool text_like(FieldType t) {
  return t == FieldType::text || t == FieldType::textarea || t == FieldType::address || t == FieldType::phone;
}

Field read_field(Reader& r, const YAML::Node& n, bool in_table);

void read_validation(Reader& r, const YAML::Node& n, Field& f, bool in_table) {
  MapReader m(r, n, "'validation'",
              {"min_length", "max_length", "pattern", "pattern_message", "min", "max", "min_items",
               "max_items", "rule", "message"});
  if (!m.ok()) return;
  Validation& v = f.validation;
  auto only = [&](std::initializer_list<std::string_view> keys, bool applies, std::string_view types) {
    for (auto k : keys)
      if (m.has(k) && !applies)
        r.error(m.get(k), fmt::format("'{}' applies only to {} fields, not {}", k, types, to_string(f.type)));
  };
  only({"min_length", "max_length", "pattern", "pattern_message"}, text_like(f.type),
       "text, textarea, address or phone");
  only({"min", "max"}, f.type == FieldType::number || f.type == FieldType::money, "number or money");
  only({"min_items", "max_items"}, f.type == FieldType::multi_select || f.type == FieldType::table,
       "multi_select or table");
  v.min_length = m.optional_integer("min_length", 0, 100000);
  v.max_length = m.optional_integer("max_length", 1, 100000);
  if (v.min_length && v.max_length && *v.min_length > *v.max_length)
    r.error(m.get("max_length"), "'max_length' is less than 'min_length'");
  if (m.has("pattern"))
    if (auto p = r.text(m.get("pattern"), "pattern")) {
      try {
        std::regex re(*p, std::regex::ECMAScript);
        v.pattern = *p;
      } catch (const std::regex_error& e) {
        r.error(m.get("pattern"), fmt::format("'pattern' is not a valid regular expression: {}", e.what()));
      }
    }
  v.pattern_message = m.optional_text("pattern_message");
  v.min = m.optional_decimal("min");
  v.max = m.optional_decimal("max");
  if (v.min && v.max && *v.min > *v.max) r.error(m.get("max"), "'max' is less than 'min'");
  v.min_items = m.optional_integer("min_items", 0, 10000);
  v.max_items = m.optional_integer("max_items", 1, 10000);
  if (v.min_items && v.max_items && *v.min_items > *v.max_items)
    r.error(m.get("max_items"), "'max_items' is less than 'min_items'");
  if (m.has("rule") && in_table)
    r.error(m.get("rule"), "table columns cannot have a 'rule'; put it on the table");
  v.rule = m.optional_expression("rule");
  v.message = m.optional_text("message");
  if (v.rule && v.message.empty()) r.error(m.pos(), "a 'rule' needs a 'message' shown when it fails");
  if (!v.rule && m.has("message")) r.error(m.get("message"), "'message' belongs to a 'rule'");
}

Field read_field(Reader& r, const YAML::Node& n, bool in_table) {
  Field f;
  MapReader m(r, n, in_table ? "a column" : "a field",
              {"key", "label", "type", "required", "help", "placeholder", "options", "decimals", "columns",
               "validation", "visible_when", "compute", "prefill", "prefill_editable"});
  f.pos = m.pos();
  if (!m.ok()) return f;
  f.key = m.required_identifier("key").value_or("");
  f.label = m.required_text("label");
  f.help = m.optional_text("help");
  f.placeholder = m.optional_text("placeholder");
  if (m.require("type"))
    if (auto t = r.text(m.get("type"), "type")) {
      if (auto ft = field_type_from_string(*t))
        f.type = *ft;
      else
        r.error(m.get("type"), fmt::format("unknown field type '{}'", *t));
    }
  f.required = m.optional_bool("required", false);
  bool choice = f.type == FieldType::select || f.type == FieldType::multi_select;
  if (m.has("options")) {
    f.options = read_options(r, m.get("options"));
    if (!choice) r.error(m.get("options"), "'options' applies only to select and multi_select fields");
  }
  if (choice && f.options.empty()) r.error(f.pos, fmt::format("field '{}' needs options", f.key));
  if (m.has("decimals") && f.type != FieldType::number)
    r.error(m.get("decimals"), "'decimals' applies only to number fields (money always has 2)");
  f.decimals =
      f.type == FieldType::money ? 2 : static_cast<int>(m.optional_integer("decimals", 0, 6).value_or(0));
  if (in_table &&
      (f.type == FieldType::table || f.type == FieldType::multi_select || f.type == FieldType::file))
    r.error(m.get("type"), fmt::format("a table column cannot be of type {}", to_string(f.type)));
  if (m.has("columns")) {
    if (f.type != FieldType::table) r.error(m.get("columns"), "'columns' applies only to table fields");
    std::set<std::string> keys;
    for (const auto& c : m.list("columns")) {
      f.columns.push_back(read_field(r, c, true));
      const Field& col = f.columns.back();
      if (!col.key.empty() && !keys.insert(col.key).second)
        r.error(col.pos, fmt::format("column key '{}' is repeated", col.key));
    }
  }
  if (f.type == FieldType::table && f.columns.empty())
    r.error(f.pos, fmt::format("table '{}' needs columns", f.key));
  if (m.has("validation")) read_validation(r, m.get("validation"), f, in_table);
  for (auto key : {"visible_when", "compute", "prefill"})
    if (in_table && m.has(key)) r.error(m.get(key), fmt::format("table columns cannot have '{}'", key));
  if (!in_table) {
    f.visible_when = m.optional_expression("visible_when");
    f.compute = m.optional_expression("compute");
    f.prefill = m.optional_expression("prefill");
    f.prefill_editable = m.optional_bool("prefill_editable", false);
    if (m.has("prefill_editable") && !f.prefill) r.error(m.get("prefill_editable"), "'prefill_editable' needs a 'prefill'");
  }
  if (f.compute && f.prefill) r.error(m.get("prefill"), "a computed field cannot also be prefilled");
  if (f.prefill && f.type == FieldType::file)
    r.error(m.get("prefill"), "a file field cannot be prefilled (materials come from the library)");
  if (f.compute && f.required)
    r.error(m.get("required"), "a computed field cannot be 'required' (nobody fills it)");
  if (f.compute && (f.type == FieldType::table || f.type == FieldType::file))
    r.error(m.get("compute"), fmt::format("a {} field cannot be computed", to_string(f.type)));
  return f;
}

std::string read_cadence(Reader& r, MapReader& m, std::string fallback) {
  if (!m.has("cadence")) return fallback;
  auto c = r.text(m.get("cadence"), "cadence");
  if (!c) return fallback;
  if (std::find(std::begin(kCadences), std::end(kCadences), *c) == std::end(kCadences))
    r.error(m.get("cadence"), fmt::format("unknown cadence '{}' (realtime, daily, weekly, monthly)", *c));
  return *c;
}

std::optional<SourceDef> read_source(Reader& r, const YAML::Node& root) {
  MapReader m(r, root, "a source file", {"id", "name", "description", "department", "subject", "cadence", "fields"});
  if (!m.ok()) return std::nullopt;
  SourceDef s;
  s.pos = m.pos();
  s.id = m.required_identifier("id").value_or("");
  s.name = m.required_text("name");
  s.description = m.optional_text("description");
  if (auto d = m.required_ref("department")) s.department = *d;
  if (m.require("subject"))
    if (auto t = r.text(m.get("subject"), "subject")) {
      if (*t == "enterprise") s.subject = SourceSubject::enterprise;
      else if (*t == "person") s.subject = SourceSubject::person;
      else if (*t == "any") s.subject = SourceSubject::any;
      else r.error(m.get("subject"), fmt::format("unknown subject '{}' (enterprise, person or any)", *t));
    }
  s.cadence = read_cadence(r, m, "daily");
  std::set<std::string> keys;
  if (m.require("fields"))
    for (const auto& fn : m.list("fields")) {
      MapReader fm(r, fn, "a source field",
                   {"key", "label", "type", "decimals", "columns", "department", "cadence", "verified"});
      if (!fm.ok()) continue;
      SourceField f;
      f.def.pos = fm.pos();
      f.def.key = fm.required_identifier("key").value_or("");
      f.def.label = fm.required_text("label");
      if (fm.require("type"))
        if (auto t = r.text(fm.get("type"), "type")) {
          auto ft = field_type_from_string(*t);
          bool allowed = ft && (*ft == FieldType::text || *ft == FieldType::number || *ft == FieldType::money ||
                                *ft == FieldType::boolean || *ft == FieldType::date ||
                                *ft == FieldType::multi_select || *ft == FieldType::table);
          if (allowed) f.def.type = *ft;
          else r.error(fm.get("type"), fmt::format("a source field cannot be of type '{}'", *t));
        }
      f.def.decimals = f.def.type == FieldType::money ? 2 : static_cast<int>(fm.optional_integer("decimals", 0, 6).value_or(0));
      if (fm.has("columns")) {
        if (f.def.type != FieldType::table) r.error(fm.get("columns"), "'columns' applies only to table fields");
        for (const auto& c : fm.list("columns")) f.def.columns.push_back(read_field(r, c, true));
      }
      if (f.def.type == FieldType::table && f.def.columns.empty())
        r.error(f.def.pos, fmt::format("table '{}' needs columns", f.def.key));
      f.department = s.department;
      if (auto d = fm.has("department") ? fm.required_ref("department") : std::nullopt) f.department = *d;
      f.cadence = read_cadence(r, fm, s.cadence);
      f.verified = fm.optional_bool("verified", true);
      if (!f.def.key.empty() && !keys.insert(f.def.key).second)
        r.error(f.def.pos, fmt::format("source field '{}' is repeated", f.def.key));
      s.fields.push_back(std::move(f));
    }
  return s;
}

std::optional<Form> read_form(Reader& r, const YAML::Node& root) {
  MapReader m(r, root, "a form file", {"id", "title", "description", "sections"});
  if (!m.ok()) return std::nullopt;
  Form f;
  f.pos = m.pos();
  f.id = m.required_code("id").value_or("");
  f.title = m.required_text("title");
  f.description = m.optional_text("description");
  std::map<std::string, Pos> keys;
  std::set<std::string> section_ids;
  if (m.require("sections")) {
    for (const auto& sn : m.list("sections")) {
      MapReader sm(r, sn, "a section", {"id", "title", "visible_when", "fields"});
      if (!sm.ok()) continue;
      Section s;
      s.pos = sm.pos();
      s.id = sm.required_identifier("id").value_or("");
      if (!s.id.empty() && !section_ids.insert(s.id).second)
        r.error(s.pos, fmt::format("section id '{}' is repeated", s.id));
      s.title = sm.required_text("title");
      s.visible_when = sm.optional_expression("visible_when");
      if (sm.require("fields"))
        for (const auto& fn : sm.list("fields")) {
          s.fields.push_back(read_field(r, fn, false));
          const Field& fld = s.fields.back();
          if (fld.key.empty()) continue;
          auto [it, fresh] = keys.emplace(fld.key, fld.pos);
          if (!fresh)
            r.error(fld.pos,
                    fmt::format("field key '{}' is already used at line {}", fld.key, it->second.line));
        }
      if (s.fields.empty() && sm.has("fields")) r.error(s.pos, "a section needs at least one field");
      f.sections.push_back(std::move(s));
    }
    if (f.sections.empty()) r.error(f.pos, "a form needs at least one section");
  }
  return f;
}

// ---- items --------------------------------------------------------------------------------------

std::optional<MaterialType> material_type_from_string(std::string_view s) {
  for (auto t : {MaterialType::original, MaterialType::copy, MaterialType::electronic})
    if (to_string(t) == s) return t;
  return std::nullopt;
}

std::optional<Item> read_item(Reader& r, const YAML::Node& root) {
  MapReader m(r, root, "an item file",
              {"code", "name", "aliases", "department", "kind", "audience", "events", "guide", "time_limit",
               "questions", "materials", "form", "online_help", "follows"});
  if (!m.ok()) return std::nullopt;
  Item it;
  it.pos = m.pos();
  it.code = m.required_code("code").value_or("");
  it.name = m.required_text("name");
  it.aliases = m.text_list("aliases");
  if (auto d = m.required_ref("department")) it.department = *d;
  it.kind = m.required_text("kind");
  if (!it.kind.empty() &&
      std::find(std::begin(kItemKinds), std::end(kItemKinds), it.kind) == std::end(kItemKinds)) {
    std::string known;
    for (auto k : kItemKinds) known += (known.empty() ? "" : ", ") + std::string(k);
    r.error(m.get("kind"), fmt::format("unknown item kind '{}' (known: {})", it.kind, known));
  }
  it.audience = read_audience(r, m, "audience", true).value_or(Audience::both);
  it.events = m.ref_list("events");
  if (m.require("guide")) {
    MapReader g(r, m.get("guide"), "'guide'",
                {"conditions", "basis", "process", "fee", "location", "hours", "phone", "online", "offline"});
    it.guide.conditions = g.required_text("conditions");
    it.guide.basis = g.required_text("basis");
    if (g.require("process")) it.guide.process = g.text_list("process");
    it.guide.fee = g.required_text("fee");
    it.guide.location = g.required_text("location");
    it.guide.hours = g.optional_text("hours");
    it.guide.phone = g.required_text("phone");
    it.guide.online = g.optional_bool("online", false);
    it.guide.offline = g.optional_bool("offline", true);
    if (g.ok() && !it.guide.online && !it.guide.offline)
      r.error(g.pos(), "an item must be offered online, offline or both");
  }
  if (m.require("time_limit")) {
    MapReader t(r, m.get("time_limit"), "'time_limit'", {"statutory", "promised"});
    auto statutory = t.required_integer("statutory", 0, kMaxDays);
    auto promised = t.required_integer("promised", 0, kMaxDays);
    it.statutory_days = static_cast<int>(statutory.value_or(0));
    it.promised_days = static_cast<int>(promised.value_or(0));
    it.promised_pos = t.has("promised") ? r.source().at(t.get("promised")) : t.pos();
    if (statutory && promised && *promised > *statutory)
      r.error(it.promised_pos,
              fmt::format("the promised time limit ({} working days) exceeds the statutory one ({})",
                          *promised, *statutory));
  }
  for (const auto& q : m.list("questions")) it.questions.push_back(read_question(r, q));
  check_unique_questions(r, it.questions);
  std::map<std::string, Pos> material_ids;
  for (const auto& mn : m.list("materials")) {
    MapReader mm(r, mn, "a material", {"id", "name", "category", "type", "count", "note", "when", "reason"});
    if (!mm.ok()) continue;
    Material mat;
    mat.pos = mm.pos();
    mat.id = mm.required_identifier("id").value_or("");
    if (!mat.id.empty()) {
      auto [at, fresh] = material_ids.emplace(mat.id, mat.pos);
      if (!fresh)
        r.error(mat.pos, fmt::format("material id '{}' is already used at line {}", mat.id, at->second.line));
    }
    mat.name = mm.required_text("name");
    if (auto c = mm.required_ref("category")) mat.category = *c;
    if (mm.require("type"))
      if (auto t = r.text(mm.get("type"), "type")) {
        if (auto mt = material_type_from_string(*t))
          mat.type = *mt;
        else
          r.error(mm.get("type"), fmt::format("'type' must be original, copy or electronic, got '{}'", *t));
      }
    mat.count = static_cast<int>(mm.optional_integer("count", 1, 99).value_or(1));
    mat.note = mm.optional_text("note");
    mat.when = mm.optional_expression("when");
    mat.reason = mm.optional_text("reason");
    if (!mat.when && mm.has("reason")) r.error(mm.get("reason"), "'reason' explains a 'when' condition");
    it.materials.push_back(std::move(mat));
  }
  if (auto f = m.required_ref("form")) it.form = *f;
  it.online_help = m.optional_bool("online_help", false);
  if (m.has("follows")) {
    MapReader fm(r, m.get("follows"), "'follows'", {"items", "when", "licence", "reason"});
    if (fm.ok()) {
      Follow f;
      f.pos = fm.pos();
      if (fm.require("items")) {
        f.items = fm.ref_list("items");
        if (f.items.empty()) r.error(fm.get("items"), "'follows' needs at least one item");
      }
      f.when = fm.optional_expression("when");
      f.licence = fm.required_text("licence");
      f.reason = fm.required_text("reason");
      it.follows = std::move(f);
    }
  }
  return it;
}

// ---- bundles ------------------------------------------------------------------------------------

std::optional<Bundle> read_bundle(Reader& r, const YAML::Node& root, const Definitions& d) {
  MapReader m(r, root, "a bundle file",
              {"code", "name", "audience", "industry", "events", "description", "items", "questions",
               "materials", "promised_days"});
  if (!m.ok()) return std::nullopt;
  Bundle b;
  b.pos = m.pos();
  b.code = m.required_code("code").value_or("");
  b.name = m.required_text("name");
  b.audience = read_audience(r, m, "audience", true).value_or(Audience::enterprise);
  b.industry = m.optional_text("industry");
  if (!b.industry.empty() &&
      std::find(d.industries.begin(), d.industries.end(), b.industry) == d.industries.end())
    r.error(m.get("industry"),
            fmt::format("unknown industry '{}' (add it to {})", b.industry, kTaxonomyFile));
  b.events = m.ref_list("events");
  b.description = m.required_text("description");
  b.promised_days = static_cast<int>(m.optional_integer("promised_days", 1, kMaxDays).value_or(0));
  if (m.require("items")) {
    for (const auto& n : m.list("items")) {
      BundleItem bi;
      bi.pos = r.source().at(n);
      if (n.IsScalar()) {
        if (auto ref = r.ref(n, "items")) bi.item = *ref;
      } else {
        MapReader im(r, n, "a bundle item", {"item", "when", "reason"});
        if (!im.ok()) continue;
        if (auto ref = im.required_ref("item")) bi.item = *ref;
        bi.when = im.optional_expression("when");
        bi.reason = im.optional_text("reason");
        if (!bi.when && im.has("reason")) r.error(im.get("reason"), "'reason' explains a 'when' condition");
      }
      b.items.push_back(std::move(bi));
    }
    if (b.items.size() < 2) r.error(m.get("items"), "a bundle needs at least two items");
  }
  for (const auto& q : m.list("questions")) b.questions.push_back(read_question(r, q));
  check_unique_questions(r, b.questions);
  for (const auto& n : m.list("materials")) {
    MapReader mm(r, n, "a material rule", {"item", "material", "when", "reason"});
    if (!mm.ok()) continue;
    MaterialRule mr;
    mr.pos = mm.pos();
    if (auto ref = mm.required_ref("item")) mr.item = *ref;
    if (auto ref = mm.required_ref("material")) mr.material = *ref;
    if (mm.require("when")) mr.when = mm.optional_expression("when");
    mr.reason = mm.optional_text("reason");
    b.materials.push_back(std::move(mr));
  }
  return b;
}

// ---- reference lists ----------------------------------------------------------------------------

template <class F>
void read_list_file(const fs::path& dir, std::string_view name, std::string_view key,
                    std::vector<Problem>& problems, F&& read_entry) {
  std::unique_ptr<Source> src;
  auto root = parse_file(dir / name, (dir / name).string(), src, problems);
  if (!root) return;
  Reader r(*src, problems);
  MapReader m(r, *root, std::string(name), {key});
  if (!m.require(key)) return;
  for (const auto& n : m.list(key)) read_entry(r, n);
}

void read_reference_lists(const fs::path& dir, Definitions& d, std::vector<Problem>& problems) {
  std::map<std::string, Pos> seen;
  auto unique = [&](Reader& r, const std::string& id, const Pos& pos, std::string_view what) {
    auto [it, fresh] = seen.emplace(std::string(what) + "/" + id, pos);
    if (!fresh) r.error(pos, fmt::format("{} '{}' is already defined at line {}", what, id, it->second.line));
    return fresh;
  };
  read_list_file(dir, kDepartmentsFile, "departments", problems, [&](Reader& r, const YAML::Node& n) {
    MapReader m(r, n, "a department", {"id", "name"});
    if (!m.ok()) return;
    Department dep{m.required_identifier("id").value_or(""), m.required_text("name"), m.pos()};
    if (!dep.id.empty() && unique(r, dep.id, dep.pos, "department")) d.departments.push_back(std::move(dep));
  });
  read_list_file(dir, kCategoriesFile, "categories", problems, [&](Reader& r, const YAML::Node& n) {
    MapReader m(r, n, "a material category", {"id", "name", "licence", "valid_months", "reusable"});
    if (!m.ok()) return;
    MaterialCategory c;
    c.id = m.required_identifier("id").value_or("");
    c.name = m.required_text("name");
    c.licence = m.optional_bool("licence", false);
    if (auto months = m.optional_integer("valid_months", 1, 1200)) c.valid_months = static_cast<int>(*months);
    c.reusable = m.optional_bool("reusable", true);
    c.pos = m.pos();
    if (!c.id.empty() && unique(r, c.id, c.pos, "material category")) d.categories.push_back(std::move(c));
  });
  std::unique_ptr<Source> src;
  auto root = parse_file(dir / kTaxonomyFile, (dir / kTaxonomyFile).string(), src, problems);
  if (!root) return;
  Reader r(*src, problems);
  MapReader m(r, *root, std::string(kTaxonomyFile), {"events", "industries"});
  if (!m.ok()) return;
  m.require("events");
  for (const auto& n : m.list("events")) {
    MapReader em(r, n, "an event", {"name", "audience"});
    if (!em.ok()) continue;
    Event e;
    e.pos = em.pos();
    e.name = em.required_text("name");
    e.audience = read_audience(r, em, "audience", true).value_or(Audience::both);
    if (!e.name.empty() && unique(r, e.name, e.pos, "event")) d.events.push_back(std::move(e));
  }
  for (const auto& n : m.list("industries"))
    if (auto v = r.text(n, "industries"))
      if (unique(r, *v, r.source().at(n), "industry")) d.industries.push_back(*v);
}

// ---- resolving references -----------------------------------------------------------------------

void add(std::vector<Problem>& problems, const Pos& pos, std::string message) {
  problems.push_back({pos, std::move(message)});
}

void check_event_refs(const Definitions& d, const std::vector<Ref>& events, std::vector<Problem>& problems) {
  for (const auto& e : events)
    if (std::none_of(d.events.begin(), d.events.end(), [&](const Event& x) { return x.name == e.id; }))
      add(problems, e.pos, fmt::format("unknown event '{}' (add it to {})", e.id, kTaxonomyFile));
}

void resolve(const Definitions& d, std::vector<Problem>& problems) {
  for (const auto& s : d.sources) {
    if (!s.department.id.empty() && !d.department(s.department.id))
      add(problems, s.department.pos, fmt::format("unknown department '{}'", s.department.id));
    for (const auto& f : s.fields)
      if (!f.department.id.empty() && f.department.id != s.department.id && !d.department(f.department.id))
        add(problems, f.department.pos, fmt::format("unknown department '{}'", f.department.id));
  }
  for (const auto& it : d.items) {
    if (!it.department.id.empty() && !d.department(it.department.id))
      add(problems, it.department.pos, fmt::format("unknown department '{}'", it.department.id));
    if (!it.form.id.empty() && !d.form(it.form.id))
      add(problems, it.form.pos, fmt::format("unknown form '{}'", it.form.id));
    check_event_refs(d, it.events, problems);
    for (const auto& mat : it.materials)
      if (!mat.category.id.empty() && !d.category(mat.category.id))
        add(problems, mat.category.pos, fmt::format("unknown material category '{}'", mat.category.id));
    if (it.follows) {
      std::set<std::string> followed;
      for (const auto& f : it.follows->items) {
        if (f.id.empty()) continue;
        if (f.id == it.code)
          add(problems, f.pos, fmt::format("item '{}' cannot follow itself", f.id));
        else if (!d.item(f.id))
          add(problems, f.pos, fmt::format("unknown item '{}'", f.id));
        if (!followed.insert(f.id).second) add(problems, f.pos, fmt::format("item '{}' is listed twice", f.id));
      }
    }
  }
  for (const auto& b : d.bundles) {
    check_event_refs(d, b.events, problems);
    std::set<std::string> members;
    for (const auto& bi : b.items) {
      if (bi.item.id.empty()) continue;
      const Item* it = d.item(bi.item.id);
      if (!it) add(problems, bi.item.pos, fmt::format("unknown item '{}'", bi.item.id));
      if (!members.insert(bi.item.id).second)
        add(problems, bi.item.pos, fmt::format("item '{}' is listed twice", bi.item.id));
      if (it && it->audience != Audience::both && b.audience != Audience::both && it->audience != b.audience)
        add(problems, bi.item.pos,
            fmt::format("item '{}' serves {} but the bundle serves {}", bi.item.id, to_string(it->audience),
                        to_string(b.audience)));
    }
    std::set<std::pair<std::string, std::string>> ruled;
    for (const auto& mr : b.materials) {
      if (mr.item.id.empty() || mr.material.id.empty()) continue;
      if (!members.count(mr.item.id)) {
        add(problems, mr.item.pos, fmt::format("item '{}' is not a member of this bundle", mr.item.id));
        continue;
      }
      const Item* it = d.item(mr.item.id);
      if (!it) continue;
      if (std::none_of(it->materials.begin(), it->materials.end(),
                       [&](const Material& x) { return x.id == mr.material.id; }))
        add(problems, mr.material.pos,
            fmt::format("item '{}' has no material '{}'", mr.item.id, mr.material.id));
      if (!ruled.emplace(mr.item.id, mr.material.id).second)
        add(problems, mr.pos,
            fmt::format("material '{}' of item '{}' has two rules", mr.material.id, mr.item.id));
    }
  }
}

template <class T>
void sort_unique(std::vector<T>& v, std::string T::*key, std::string_view what,
                 std::vector<Problem>& problems) {
  std::stable_sort(v.begin(), v.end(), [&](const T& a, const T& b) {
    if (a.*key != b.*key) return a.*key < b.*key;
    return std::tie(a.pos.file, a.pos.line) < std::tie(b.pos.file, b.pos.line);
  });
  std::vector<T> out;
  for (auto& x : v) {
    if ((x.*key).empty()) continue;  // already reported
    if (!out.empty() && out.back().*key == x.*key) {
      add(problems, x.pos,
          fmt::format("{} '{}' is already defined at {}", what, x.*key, where(out.back().pos)));
      continue;
    }
    out.push_back(std::move(x));
  }
  v = std::move(out);
}

}  // namespace

// ---- entry points -------------------------------------------------------------------------------

LoadResult load_dir(const fs::path& dir, const std::optional<fs::path>& policies) {
  LoadResult res;
  Definitions& d = res.defs;
  auto& problems = res.problems;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    problems.push_back({{dir.string(), 1, 1}, "not a directory"});
    return res;
  }
  read_reference_lists(dir, d, problems);
  detail::read_entities(dir, d, problems);

  auto each_file = [&](std::string_view sub, auto&& read, const fs::path* base = nullptr) {
    // A district without authoritative sources or policies is still a valid one.
    bool optional = sub == "sources" || (sub == "policies" && !base);
    fs::path alt = base ? base->lexically_normal() : fs::path();
    if (base && alt.filename().empty()) alt = alt.parent_path();  // "dir/" names dir
    auto files = base ? yaml_files(alt.parent_path(), alt.filename().string(), problems, false)
                      : yaml_files(dir, sub, problems, optional);
    for (const auto& [path, shown] : files) {
      std::unique_ptr<Source> src;
      auto root = parse_file(path, shown, src, problems);
      if (!root) continue;
      Reader r(*src, problems);
      read(r, *root);
    }
  };
  each_file("sources", [&](Reader& r, const YAML::Node& n) {
    if (auto s = read_source(r, n)) d.sources.push_back(std::move(*s));
  });
  each_file("forms", [&](Reader& r, const YAML::Node& n) {
    if (auto f = read_form(r, n)) d.forms.push_back(std::move(*f));
  });
  each_file("items", [&](Reader& r, const YAML::Node& n) {
    if (auto i = read_item(r, n)) d.items.push_back(std::move(*i));
  });
  each_file("bundles", [&](Reader& r, const YAML::Node& n) {
    if (auto b = read_bundle(r, n, d)) d.bundles.push_back(std::move(*b));
  });
  each_file(
      "policies",
      [&](Reader& r, const YAML::Node& n) {
        if (auto p = detail::read_policy(r, n, d)) d.policies.push_back(std::move(*p));
      },
      policies ? &*policies : nullptr);
  sort_unique(d.sources, &SourceDef::id, "source", problems);
  sort_unique(d.policies, &Policy::id, "policy", problems);
  sort_unique(d.forms, &Form::id, "form", problems);
  sort_unique(d.items, &Item::code, "item", problems);
  sort_unique(d.bundles, &Bundle::code, "bundle", problems);

  resolve(d, problems);
  detail::resolve_policies(d, problems);
  for (const auto& it : d.items)
    if (d.form(it.form.id)) compile_item(d, it, problems);
  for (const auto& b : d.bundles) compile_bundle(d, b, problems);
  for (const auto& it : d.items)
    if (it.follows)
      for (const auto& f : it.follows->items)
        if (const Item* trigger = d.item(f.id); trigger && trigger != &it) compile_follow(it, *trigger, problems);
  for (const auto& f : d.forms)
    if (std::none_of(d.items.begin(), d.items.end(), [&](const Item& i) { return i.form.id == f.id; }))
      compile_form(f, problems);
  for (const auto& f : d.forms) compile_prefill(d, f, problems);
  for (const auto& p : d.policies) compile_policy(d, p, problems);

  for (auto& f : d.forms) f.version = content_version(boost::json::serialize(body_json(f)));
  for (auto& it : d.items) it.version = content_version(boost::json::serialize(body_json(it, d)));
  for (auto& b : d.bundles) b.version = content_version(boost::json::serialize(body_json(b, d)));
  for (auto& p : d.policies) p.version = content_version(boost::json::serialize(body_json(p)));

  std::sort(problems.begin(), problems.end());
  problems.erase(std::unique(problems.begin(), problems.end(),
                             [](const Problem& a, const Problem& b) { return !(a < b) && !(b < a); }),
                 problems.end());
  return res;
}

Definitions load_dir_or_throw(const fs::path& dir) {
  auto res = load_dir(dir);
  if (res.problems.empty()) return std::move(res.defs);
  std::string detail;
  constexpr std::size_t kShown = 20;
  for (std::size_t i = 0; i < res.problems.size() && i < kShown; ++i)
    detail += (i ? "\n" : "") + res.problems[i].to_string();
  if (res.problems.size() > kShown) detail += fmt::format("\n… {} more", res.problems.size() - kShown);
  throw invalid("definitions-invalid", "业务定义有误，请运行 haoban defs check", detail);
}

}  // namespace haoban::defs
