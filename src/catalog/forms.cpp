// Server-side form validation: types, required fields, lengths, ranges, patterns, identity codes,
// tables, visibility and computed fields (recomputed here, never taken from the client), and rules.
#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <set>

#include "catalog/internal.h"
#include "defs/values.h"
#include "core/calendar.h"
#include "core/error.h"
#include "core/id_codes.h"
#include "core/utf8.h"

namespace haoban::catalog::detail {

namespace json = boost::json;
using defs::Field;
using defs::FieldType;

namespace {

constexpr std::size_t kDefaultMaxText = 200;
constexpr std::size_t kDefaultMaxTextarea = 5000;
const std::regex kMobile(R"(^1[3-9]\d{9}$)");
const std::regex kLandline(R"(^0\d{2,3}-?\d{7,8}(-\d{1,6})?$)");
const std::regex kHotline(R"(^(95|96|400|800)\d{3,8}$)");

std::size_t chars(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool blank(const json::value& v) {
  if (v.is_null()) return true;
  if (v.is_string()) return v.as_string().find_first_not_of(" \t\r\n") == json::string::npos;
  if (v.is_array()) return v.as_array().empty();
  return false;
}

const defs::Option* find_option(const std::vector<defs::Option>& opts, std::string_view v) {
  for (const auto& o : opts)
    if (o.value == v) return &o;
  return nullptr;
}

// Checks one scalar value (a field or a table cell) and returns its normalised JSON, or records an
// error at `path` and returns nullopt. Does not check `required` (callers do, before).
class ValueChecker {
 public:
  ValueChecker(const Patterns& patterns, Date today, std::vector<FieldError>& errors)
      : patterns_(patterns), today_(today), errors_(errors) {}

  std::optional<json::value> scalar(const Field& f, const json::value& v, const std::string& path) {
    auto fail = [&](std::string msg) -> std::optional<json::value> {
      errors_.push_back({path, std::move(msg)});
      return std::nullopt;
    };
    switch (f.type) {
      case FieldType::number:
      case FieldType::money: {
        std::string err;
        auto d = defs::to_decimal(v, f.decimals, err);
        if (!d) return fail(err);
        if (f.validation.min && *d < *f.validation.min)
          return fail("不能小于" + f.validation.min->to_string());
        if (f.validation.max && *d > *f.validation.max)
          return fail("不能大于" + f.validation.max->to_string());
        return defs::decimal_json(*d, f.decimals);
      }
      case FieldType::boolean:
        if (!v.is_bool()) return fail("应为是或否（true/false）");
        return v;
      case FieldType::date: {
        if (!v.is_string() || !parse_date(v.as_string())) return fail("日期格式应为 YYYY-MM-DD");
        return v;
      }
      case FieldType::select:
        if (!v.is_string() || !find_option(f.options, v.as_string())) return fail("请从列表中选择");
        return v;
      case FieldType::multi_select: {
        if (!v.is_array()) return fail("应为选项列表");
        std::set<std::string_view> seen;
        for (const auto& e : v.as_array()) {
          if (!e.is_string() || !find_option(f.options, e.as_string())) return fail("请从列表中选择");
          if (!seen.insert(e.as_string()).second) return fail("选项不能重复");
        }
        auto n = static_cast<long long>(v.as_array().size());
        if (f.validation.min_items && n < *f.validation.min_items)
          return fail(fmt::format("至少选择{}项", *f.validation.min_items));
        if (f.validation.max_items && n > *f.validation.max_items)
          return fail(fmt::format("最多选择{}项", *f.validation.max_items));
        return v;
      }
      case FieldType::table:
        return fail("表格不能作为单元格");  // columns are never tables (defs check)
      default:
        break;
    }
    // Text-like values.
    if (!v.is_string()) return fail("应为文本");
    std::string s(v.as_string());
    if (first_invalid_utf8(s)) return fail("包含无效字符");
    const auto n = chars(s);
    switch (f.type) {
      case FieldType::id_number: {
        auto r = check_id_number(s, today_);
        if (!r.ok) return fail("身份证号码有误：" + r.reason);
        break;
      }
      case FieldType::credit_code: {
        auto r = check_credit_code(s);
        if (!r.ok) return fail("统一社会信用代码有误：" + r.reason);
        break;
      }
      case FieldType::phone:
        if (!std::regex_match(s, kMobile) && !std::regex_match(s, kLandline) &&
            !std::regex_match(s, kHotline))
          return fail("请填写11位手机号码或带区号的固定电话");
        break;
      case FieldType::file:
        if (n > 200) return fail("文件标识无效");
        break;
      default: {
        std::size_t max = f.type == FieldType::textarea ? kDefaultMaxTextarea : kDefaultMaxText;
        if (f.validation.max_length) max = static_cast<std::size_t>(*f.validation.max_length);
        if (n > max) return fail(fmt::format("不能超过{}个字", max));
        if (f.validation.min_length && n < static_cast<std::size_t>(*f.validation.min_length))
          return fail(fmt::format("至少{}个字", *f.validation.min_length));
        if (auto p = patterns_.find(&f); p != patterns_.end() && !std::regex_match(s, p->second))
          return fail(f.validation.pattern_message.empty() ? "格式不正确" : f.validation.pattern_message);
      }
    }
    return json::value(s);
  }

 private:
  const Patterns& patterns_;
  Date today_;
  std::vector<FieldError>& errors_;
};

void bind_computed(expr::Bindings& b, int slot, const Field& f, const expr::Value& v) {
  switch (v.kind()) {
    case expr::Kind::boolean:
      b.set_bool(slot, v.as_bool());
      break;
    case expr::Kind::integer:
      b.set_int(slot, v.as_int());
      break;
    case expr::Kind::decimal:
      b.set_decimal(slot, v.as_decimal().rounded(f.decimals).value_or(v.as_decimal()));
      break;
    case expr::Kind::date:
      b.set_date(slot, v.as_date());
      break;
    case expr::Kind::string:
      b.set_string(slot, v.as_string());
      break;
    case expr::Kind::list: {
      auto list = b.set_list(slot);
      for (std::size_t i = 0; i < v.size(); ++i)
        if (!v[i].is_unknown()) list.add_string(v[i].as_string());
      break;
    }
    default:
      break;
  }
}

}  // namespace

Patterns compile_patterns(const defs::Definitions& d) {
  Patterns out;
  auto add = [&](const Field& f) {
    if (f.validation.pattern) out.emplace(&f, std::regex(*f.validation.pattern, std::regex::ECMAScript));
  };
  for (const auto& form : d.forms)
    for (const auto& s : form.sections)
      for (const auto& f : s.fields) {
        add(f);
        for (const auto& c : f.columns) add(c);
      }
  return out;
}

FormCheck check_form(const FormView& view, const Patterns& patterns, const json::object& fields,
                     const json::object& answers, const expr::Context& ctx) {
  const defs::Scope& scope = *view.scope;
  FormCheck out;
  expr::Bindings in(*scope.schema);
  throw_answer_errors(bind_answers(scope, in, answers));
  expr::Evaluator ev;
  ValueChecker checker(patterns, ctx.today, out.errors);

  struct Slot {
    const defs::CompiledSection* section;
    const defs::CompiledField* field;
  };
  std::vector<Slot> slots;  // the view's fields, in order
  std::map<std::string, std::size_t, std::less<>> by_key;
  for (const auto& vs : view.sections) {
    const auto& sec = scope.sections[static_cast<std::size_t>(vs.index)];
    for (int f : vs.fields) {
      const auto& cf = sec.fields[static_cast<std::size_t>(f)];
      by_key.emplace(cf.def->key, slots.size());
      slots.push_back({&sec, &cf});
    }
  }
  for (const auto& kv : fields)
    if (!by_key.count(kv.key())) out.errors.push_back({std::string(kv.key()), "表单中没有此字段"});

  // Values as submitted (computed fields excluded), checked and normalised.
  std::vector<std::optional<json::value>> value(slots.size());
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const Field& f = *slots[i].field->def;
    auto it = fields.find(f.key);
    if (f.compute || it == fields.end() || blank(it->value())) continue;
    const json::value& v = it->value();
    if (f.type != FieldType::table) {
      value[i] = checker.scalar(f, v, f.key);
      continue;
    }
    if (!v.is_array()) {
      out.errors.push_back({f.key, "应为表格行的列表"});
      continue;
    }
    bool ok = true;
    json::array rows;
    for (std::size_t r = 0; r < v.as_array().size(); ++r) {
      const json::value& row = v.as_array()[r];
      std::string prefix = fmt::format("{}/{}", f.key, r);
      if (!row.is_object()) {
        out.errors.push_back({prefix, "应为对象"});
        ok = false;
        continue;
      }
      json::object clean;
      for (const auto& kv : row.as_object())
        if (std::none_of(f.columns.begin(), f.columns.end(),
                         [&](const Field& c) { return c.key == kv.key(); })) {
          out.errors.push_back({prefix + "/" + std::string(kv.key()), "表格中没有此列"});
          ok = false;
        }
      for (const auto& col : f.columns) {
        auto c = row.as_object().find(col.key);
        std::string path = prefix + "/" + col.key;
        if (c == row.as_object().end() || blank(c->value())) {
          if (col.required) {
            out.errors.push_back({path, "必填"});
            ok = false;
          }
          continue;
        }
        if (auto n = checker.scalar(col, c->value(), path))
          clean[col.key] = std::move(*n);
        else
          ok = false;
      }
      rows.push_back(std::move(clean));
    }
    auto n = static_cast<long long>(v.as_array().size());
    if (f.validation.min_items && n < *f.validation.min_items) {
      out.errors.push_back({f.key, fmt::format("至少填写{}行", *f.validation.min_items)});
      ok = false;
    }
    if (f.validation.max_items && n > *f.validation.max_items) {
      out.errors.push_back({f.key, fmt::format("最多填写{}行", *f.validation.max_items)});
      ok = false;
    }
    if (ok) value[i] = json::value(std::move(rows));
  }

  // Visibility and computed values settle together: hiding a field removes its value, which may
  // change computed values and other visibility; each round can only hide more, so this ends.
  std::vector<bool> visible(slots.size(), true);
  std::vector<std::optional<json::value>> computed(slots.size());
  auto known_true = [&](const std::optional<expr::Program>& p) {
    if (!p) return true;
    const expr::Outcome& o = ev.evaluate(*p, in, ctx);
    return o.status == expr::Status::known && o.value.as_bool();
  };
  for (std::size_t round = 0; round <= slots.size(); ++round) {
    for (std::size_t i = 0; i < slots.size(); ++i) {
      in.set_unknown(slots[i].field->slot);
      if (visible[i] && value[i]) defs::bind_field_value(in, slots[i].field->slot, *slots[i].field->def, *value[i]);
    }
    for (const auto& [s, f] : scope.compute_order) {
      const auto& cf = scope.sections[static_cast<std::size_t>(s)].fields[static_cast<std::size_t>(f)];
      auto k = by_key.find(cf.def->key);
      if (k == by_key.end() || slots[k->second].field != &cf) continue;  // not in this view
      computed[k->second].reset();
      const expr::Outcome& o = ev.evaluate(*cf.compute, in, ctx);
      if (o.status != expr::Status::known) continue;
      computed[k->second] = defs::value_json(*cf.def, o.value);
      bind_computed(in, cf.slot, *cf.def, o.value);
    }
    bool changed = false;
    for (std::size_t i = 0; i < slots.size(); ++i) {
      bool v = known_true(slots[i].section->visible) && known_true(slots[i].field->visible);
      if (v != visible[i] && !v) {
        visible[i] = false;
        changed = true;
      }
    }
    if (!changed) break;
  }

  for (std::size_t i = 0; i < slots.size(); ++i) {
    const auto& cf = *slots[i].field;
    const Field& f = *cf.def;
    if (!visible[i]) {
      out.hidden.push_back(f.key);
      continue;
    }
    if (f.compute) {
      if (computed[i]) out.values[f.key] = *computed[i];
      continue;
    }
    auto it = fields.find(f.key);
    bool present = it != fields.end() && !blank(it->value());
    if (!present) {
      if (f.required) out.errors.push_back({f.key, "必填"});
      continue;
    }
    if (!value[i]) continue;  // already reported
    out.values[f.key] = *value[i];
    if (cf.rule) {
      const expr::Outcome& o = ev.evaluate(*cf.rule, in, ctx);
      if (o.status == expr::Status::known && !o.value.as_bool())
        out.errors.push_back({f.key, f.validation.message});
    }
  }
  // Hidden and computed fields sent by the client are ignored, never errors.
  return out;
}

}  // namespace haoban::catalog::detail

namespace haoban::catalog {

boost::json::object FormView::to_json() const {
  boost::json::array sections;
  for (const auto& vs : this->sections) {
    const auto& sec = scope->sections[static_cast<std::size_t>(vs.index)];
    boost::json::object so{{"id", sec.id}, {"title", sec.def->title}};
    if (sec.item) so["item"] = boost::json::object{{"code", sec.item->code}, {"name", sec.item->name}};
    if (sec.def->visible_when) so["visible_when"] = sec.def->visible_when->source;
    boost::json::array fields;
    for (int f : vs.fields) fields.push_back(defs::field_json(*sec.fields[static_cast<std::size_t>(f)].def));
    so["fields"] = std::move(fields);
    sections.push_back(std::move(so));
  }
  return boost::json::object{{"id", id}, {"title", title}, {"sections", std::move(sections)}};
}

}  // namespace haoban::catalog
