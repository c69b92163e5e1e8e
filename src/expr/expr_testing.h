// Test-only helpers shared by src/expr/*_test.cpp.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "core/calendar.h"
#include "expr/expr.h"
#include "testing/testing.h"

namespace haoban::expr::test {

inline Date day(std::string_view s) {
  auto d = parse_date(s);
  if (!d) throw std::invalid_argument(std::string(s));
  return *d;
}

inline const WorkingCalendar& official_calendar() {
  static const WorkingCalendar cal = WorkingCalendar::load_dir(testing::source_dir() / "data" / "calendar");
  return cal;
}

inline Decimal dec(std::string_view s) {
  auto d = Decimal::parse(s);
  if (!d) throw std::invalid_argument(std::string(s));
  return *d;
}

// The inputs most tests use: an applicant, an enterprise, a form and a few loose booleans.
inline Schema test_schema() {
  Schema s;
  s.add("applicant.age", Type::integer());
  s.add("applicant.name", Type::string());
  s.add("applicant.birth_date", Type::date());
  s.add("applicant.is_resident", Type::boolean());
  s.add("applicant.income", Type::decimal());
  s.add("enterprise.district_code", Type::string());
  s.add("enterprise.qualifications", Type::list_of(Type::string()));
  s.add("enterprise.employees", Type::integer());
  s.add("enterprise.revenue", Type::decimal());
  s.add("enterprise.rd_expense", Type::decimal());
  s.add("enterprise.founded", Type::date());
  s.add("enterprise.shareholders",
        Type::list_of(Type::record(
            {{"name", Type::string()}, {"ratio", Type::decimal()}, {"foreign", Type::boolean()}})));
  s.add("enterprise.scores", Type::list_of(Type::integer()));
  s.add("enterprise.rates", Type::list_of(Type::decimal()));
  s.add("enterprise.dates", Type::list_of(Type::date()));
  s.add("form.company_name", Type::string());
  s.add("form.amount", Type::decimal());
  s.add("form.start", Type::date());
  s.add("form.end", Type::date());
  s.add("x.p", Type::boolean());
  s.add("x.q", Type::boolean());
  s.add("x.r", Type::boolean());
  s.add("x.i", Type::integer());
  s.add("x.j", Type::integer());
  s.add("x.d", Type::decimal());
  s.add("x.s", Type::string());
  return s;
}

// A fixture with the test schema, empty bindings and a context dated 2026-03-15 with the real
// working-day calendar.
class ExprTest : public ::testing::Test {
 protected:
  int slot(std::string_view path) const { return in.slot(path); }

  // The result rendered: a value in expression syntax, "unknown", or "error: <line:col: message>".
  // A compile error fails the test.
  std::string eval(std::string_view source) {
    auto compiled = Program::try_compile(source, schema);
    if (auto* e = std::get_if<CompileError>(&compiled)) {
      ADD_FAILURE() << source << ": " << e->to_string();
      return "compile error";
    }
    const Outcome& o = evaluator.evaluate(std::get<Program>(compiled), in, context);
    if (o.status == Status::error) return "error: " + o.error;
    return o.value.to_string();
  }

  // The paths reported missing.
  std::vector<std::string> missing(std::string_view source) {
    const Program p = Program::compile(source, schema);
    const Outcome& o = evaluator.evaluate(p, in, context);
    std::vector<std::string> paths;
    for (int s : o.missing) paths.push_back(schema.path(s));
    return paths;
  }

  // The compile error as "line:column: message", or "" when it compiles.
  std::string compile_error(std::string_view source, std::optional<Kind> expected = std::nullopt) {
    auto compiled = Program::try_compile(source, schema, expected);
    if (auto* e = std::get_if<CompileError>(&compiled)) return e->to_string();
    return "";
  }

  Schema schema = test_schema();
  Bindings in{schema};
  Context context{.today = day("2026-03-15"), .calendar = &official_calendar()};
  Evaluator evaluator;
};

}  // namespace haoban::expr::test
