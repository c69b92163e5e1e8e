// Situation answers: JSON → expression inputs, and back to text people read.
#include <fmt/format.h>

#include <boost/json/array.hpp>
#include <charconv>
#include <set>

#include "catalog/internal.h"
#include "defs/values.h"
#include "core/error.h"

namespace haoban::catalog::detail {

namespace json = boost::json;


namespace {

const defs::Option* find_option(const std::vector<defs::Option>& opts, std::string_view v) {
  for (const auto& o : opts)
    if (o.value == v) return &o;
  return nullptr;
}

std::string options_hint(const std::vector<defs::Option>& opts) {
  std::string s;
  for (const auto& o : opts) s += (s.empty() ? "" : "、") + o.value;
  return s;
}

// Binds one answer; returns a Chinese message when it has the wrong type or value.
std::optional<std::string> bind_answer(expr::Bindings& b, int slot, const defs::Question& q,
                                       const json::value& v) {
  switch (q.type) {
    case defs::QuestionType::boolean:
      if (!v.is_bool()) return "应为是或否（true/false）";
      b.set_bool(slot, v.as_bool());
      return std::nullopt;
    case defs::QuestionType::select:
      if (!v.is_string() || !find_option(q.options, v.as_string()))
        return "应为以下选项之一：" + options_hint(q.options);
      b.set_string(slot, v.as_string());
      return std::nullopt;
    case defs::QuestionType::multi_select: {
      if (!v.is_array()) return "应为选项列表";
      std::set<std::string_view> seen;
      for (const auto& e : v.as_array()) {
        if (!e.is_string() || !find_option(q.options, e.as_string()))
          return "每一项应为以下选项之一：" + options_hint(q.options);
        if (!seen.insert(e.as_string()).second) return "选项不能重复";
      }
      auto list = b.set_list(slot);
      for (const auto& e : v.as_array()) list.add_string(e.as_string());
      return std::nullopt;
    }
    case defs::QuestionType::number: {
      std::string err;
      auto d = defs::to_decimal(v, q.decimals, err);
      if (!d) return err;
      if (q.min && *d < *q.min) return "不能小于" + q.min->to_string();
      if (q.max && *d > *q.max) return "不能大于" + q.max->to_string();
      if (q.decimals == 0)
        b.set_int(slot, static_cast<std::int64_t>(d->units() / expr::Decimal::kOne));
      else
        b.set_decimal(slot, *d);
      return std::nullopt;
    }
  }
  return "不支持的回答";
}

}  // namespace

std::vector<FieldError> bind_answers(const defs::Scope& scope, expr::Bindings& b,
                                     const json::object& answers) {
  std::vector<FieldError> errors;
  for (const auto& kv : answers) {
    std::string key(kv.key());
    int i = scope.question_index(key);
    if (i < 0) {
      errors.push_back({"answers/" + key, "没有这个问题"});
      continue;
    }
    if (kv.value().is_null()) continue;
    const auto idx = static_cast<std::size_t>(i);
    if (auto err = bind_answer(b, scope.question_slots[idx], *scope.questions[idx], kv.value()))
      errors.push_back({"answers/" + key, *err});
  }
  return errors;
}

std::string answer_text(const defs::Question& q, const json::value& v) {
  switch (q.type) {
    case defs::QuestionType::boolean:
      return v.is_bool() && v.as_bool() ? "是" : "否";
    case defs::QuestionType::select:
      if (v.is_string())
        if (const auto* o = find_option(q.options, v.as_string())) return o->label;
      return {};
    case defs::QuestionType::multi_select: {
      if (!v.is_array()) return {};
      std::string s;
      for (const auto& e : v.as_array())
        if (e.is_string())
          if (const auto* o = find_option(q.options, e.as_string())) s += (s.empty() ? "" : "、") + o->label;
      return s.empty() ? "无" : s;
    }
    case defs::QuestionType::number: {
      std::string err;
      auto d = defs::to_decimal(v, q.decimals, err);
      return d ? d->to_string() : std::string();
    }
  }
  return {};
}

void throw_answer_errors(std::vector<FieldError> errors) {
  if (!errors.empty()) throw invalid("validation-failed", "情形回答有误", "", std::move(errors));
}

}  // namespace haoban::catalog::detail
