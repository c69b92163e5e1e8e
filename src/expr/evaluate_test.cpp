// Evaluation: every operator and function, decimal exactness, dates over the real holiday calendar,
// Kleene logic, missing-input reporting, macros, evaluation errors and concurrent use.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>

#include "core/error.h"
#include "expr/expr_testing.h"

namespace haoban::expr::test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using EvaluateTest = ExprTest;

TEST_F(EvaluateTest, IntegerArithmetic) {
  in.set_int(slot("x.i"), 17);
  in.set_int(slot("x.j"), -5);
  EXPECT_EQ(eval("x.i + x.j"), "12");
  EXPECT_EQ(eval("x.i - x.j"), "22");
  EXPECT_EQ(eval("x.i * x.j"), "-85");
  EXPECT_EQ(eval("x.i / x.j"), "-3");  // truncates toward zero
  EXPECT_EQ(eval("x.i % x.j"), "2");   // sign of the dividend
  EXPECT_EQ(eval("x.j % 3"), "-2");
  EXPECT_EQ(eval("-x.j"), "5");
  EXPECT_EQ(eval("abs(x.j)"), "5");
  EXPECT_EQ(eval("x.i / 4"), "4");
  EXPECT_EQ(eval("x.i / 4.0"), "4.25");  // promoted to decimal
}

TEST_F(EvaluateTest, IntegerOverflowAndDivisionByZeroAreErrorsWithPositions) {
  in.set_int(slot("x.i"), std::numeric_limits<std::int64_t>::max());
  in.set_int(slot("x.j"), 0);
  EXPECT_EQ(eval("x.i + 1"), "error: 1:5: integer overflow");
  EXPECT_EQ(eval("x.i * 2"), "error: 1:5: integer overflow");
  EXPECT_EQ(eval("-x.i - 2"), "error: 1:6: integer overflow");
  EXPECT_EQ(eval("x.i / x.j"), "error: 1:5: division by zero");
  EXPECT_EQ(eval("x.i % x.j"), "error: 1:5: division by zero");
  in.set_int(slot("x.i"), std::numeric_limits<std::int64_t>::min());
  in.set_int(slot("x.j"), -1);
  EXPECT_EQ(eval("x.i / x.j"), "error: 1:5: integer overflow");
  EXPECT_EQ(eval("x.i % x.j"), "0");
  EXPECT_EQ(eval("-x.i"), "error: 1:1: integer overflow");
  EXPECT_EQ(eval("abs(x.i)"), "error: 1:1: integer overflow");
}

TEST_F(EvaluateTest, DecimalsAreExact) {
  EXPECT_EQ(eval("0.1 + 0.2 == 0.3"), "true");
  EXPECT_EQ(eval("0.1 + 0.2"), "0.3");
  in.set_decimal(slot("x.d"), dec("0.1"));
  EXPECT_EQ(eval("x.d + 0.2 == 0.3"), "true");
  EXPECT_EQ(eval("x.d * 3 == 0.3"), "true");
  EXPECT_EQ(eval("1 / 3.0"), "0.333333");
  EXPECT_EQ(eval("2 / 3.0"), "0.666667");
  EXPECT_EQ(eval("1 == 1.0"), "true");
  EXPECT_EQ(eval("2 > 1.999999"), "true");
  EXPECT_EQ(eval("7.5 % 2"), "1.5");
  EXPECT_EQ(eval("-x.d"), "-0.1");
  EXPECT_EQ(eval("abs(-2.5)"), "2.5");
}

TEST_F(EvaluateTest, MoneyRounding) {
  in.set_decimal(slot("form.amount"), dec("12345.67"));
  EXPECT_EQ(eval("form.amount * 0.13"), "1604.9371");
  EXPECT_EQ(eval("round(form.amount * 0.13, 2)"), "1604.94");
  EXPECT_EQ(eval("round(2.345, 2)"), "2.35");  // 四舍五入, not banker's rounding
  EXPECT_EQ(eval("round(-2.345, 2)"), "-2.35");
  EXPECT_EQ(eval("round(2.5, 0)"), "3");
  EXPECT_EQ(eval("round(7, 2)"), "7");
  in.set_int(slot("x.i"), 9);
  EXPECT_EQ(eval("round(1.23456, x.i)"), "error: 1:1: round() needs 0 to 6 digits, got 9");
  // Division rounds half-even at the sixth digit; round() then applies 四舍五入.
  EXPECT_EQ(eval("round(100 / 3.0, 2)"), "33.33");
  EXPECT_EQ(eval("min(form.amount * 0.2, 2000)"), "2000");
  EXPECT_EQ(eval("max(form.amount * 0.1, 2000)"), "2000");
  EXPECT_EQ(eval("min(form.amount * 0.1, 2000)"), "1234.567");
}

TEST_F(EvaluateTest, DecimalOverflowIsAnError) {
  in.set_decimal(slot("x.d"), dec("99999999999999999999999999"));
  EXPECT_EQ(eval("x.d + 1"), "error: 1:5: decimal overflow");
  EXPECT_EQ(eval("x.d * x.d"), "error: 1:5: decimal overflow");
  EXPECT_EQ(eval("x.d / 0.5"), "error: 1:5: decimal overflow");
  EXPECT_EQ(eval("x.d / 0.0"), "error: 1:5: division by zero");
  EXPECT_EQ(eval("round(x.d + 0.5 - 0.5, 0)"), "99999999999999999999999999");
}

TEST_F(EvaluateTest, Strings) {
  in.set_string(slot("applicant.name"), "上海宝山钢铁有限公司");
  in.set_string(slot("x.s"), "ab");
  EXPECT_EQ(eval("len(applicant.name)"), "10");  // characters, not bytes
  EXPECT_EQ(eval("contains(applicant.name, \"宝山\")"), "true");
  EXPECT_EQ(eval("starts_with(applicant.name, \"上海\")"), "true");
  EXPECT_EQ(eval("ends_with(applicant.name, \"有限公司\")"), "true");
  EXPECT_EQ(eval("ends_with(applicant.name, \"股份公司\")"), "false");
  EXPECT_EQ(eval("x.s + \"-\" + x.s"), "\"ab-ab\"");
  EXPECT_EQ(eval("len(x.s + applicant.name)"), "12");
  EXPECT_EQ(eval("x.s == \"ab\" && x.s != \"abc\""), "true");
  EXPECT_EQ(eval("contains(x.s, \"\")"), "true");
}

TEST_F(EvaluateTest, RegularExpressions) {
  in.set_string(slot("x.s"), "310113");
  EXPECT_EQ(eval(R"(matches(x.s, "^\\d{6}$"))"), "true");
  EXPECT_EQ(eval(R"(matches(x.s, r"^31\d{4}$"))"), "true");
  EXPECT_EQ(eval(R"(matches(x.s, "^32"))"), "false");
  EXPECT_EQ(eval(R"(matches(x.s, "011"))"), "true");  // search, not full match
  in.set_string(slot("x.s"), "13800138000");
  EXPECT_EQ(eval(R"(matches(x.s, "^1[3-9]\\d{9}$"))"), "true");
}

TEST_F(EvaluateTest, ComparisonsOfEveryKind) {
  in.set_date(slot("form.start"), day("2026-01-01"));
  in.set_date(slot("form.end"), day("2026-02-01"));
  EXPECT_EQ(eval("form.start < form.end"), "true");
  EXPECT_EQ(eval("form.start >= form.end"), "false");
  EXPECT_EQ(eval("form.start == date(\"2026-01-01\")"), "true");
  EXPECT_EQ(eval("form.start != date(\"2026-01-01\")"), "false");
  EXPECT_EQ(eval("max(form.start, form.end) == form.end && min(form.start, form.end) == form.start"), "true");
  EXPECT_EQ(eval("3 <= 3 && 3 >= 3 && 2 < 3 && 3 > 2 && 2 != 3"), "true");
  EXPECT_EQ(eval("1.5 < 2 && 2 > 1.5 && 2.0 == 2"), "true");
  EXPECT_EQ(eval("true == true && true != false"), "true");
  EXPECT_EQ(eval("\"a\" == \"a\" && \"a\" != \"b\""), "true");
}

TEST_F(EvaluateTest, Membership) {
  {
    auto list = in.set_list(slot("enterprise.qualifications"));
    list.add_string("高新技术企业").add_string("专精特新");
  }
  {
    auto list = in.set_list(slot("enterprise.rates"));
    list.add_decimal(dec("0.5")).add_int(2);
  }
  {
    auto list = in.set_list(slot("enterprise.dates"));
    list.add_date(day("2026-10-01"));
  }
  EXPECT_EQ(eval("\"专精特新\" in enterprise.qualifications"), "true");
  EXPECT_EQ(eval("\"专精\" in enterprise.qualifications"), "false");  // membership, not substring
  EXPECT_EQ(eval("2 in enterprise.rates && 0.5 in enterprise.rates && !(1 in enterprise.rates)"), "true");
  EXPECT_EQ(eval("2.0 in [1, 2, 3]"), "true");
  EXPECT_EQ(eval("date(\"2026-10-01\") in enterprise.dates"), "true");
  in.set_int(slot("x.i"), 7);
  in.set_int(slot("x.j"), 7);
  EXPECT_EQ(eval("x.i in [1, x.j]"), "true");
  EXPECT_EQ(eval("len([x.i, x.j, 3])"), "3");
}

TEST_F(EvaluateTest, DatesAcrossTheNationalDayHoliday) {
  // 2026-10-01..07 国庆节; 2026-10-10 (Saturday) is a 调休 working day.
  in.set_date(slot("form.start"), day("2026-09-30"));
  in.set_date(slot("form.end"), day("2026-10-12"));
  EXPECT_EQ(eval("days_between(form.start, form.end)"), "12");
  EXPECT_EQ(eval("working_days_between(form.start, form.end)"), "4");  // 10-08, 10-09, 10-10, 10-12
  EXPECT_EQ(eval("working_days_between(form.end, form.start)"), "-4");
  EXPECT_EQ(eval("add_working_days(form.start, 3)"), "date(\"2026-10-10\")");
  EXPECT_EQ(eval("add_working_days(form.start, 1)"), "date(\"2026-10-08\")");
  EXPECT_EQ(eval("add_days(form.start, 1)"), "date(\"2026-10-01\")");
  EXPECT_EQ(eval("add_days(form.start, -30)"), "date(\"2026-08-31\")");
  // 春节 2026-02-15..23 with 调休 Saturdays 02-14 and 02-28: 02-14, 24, 25, 26, 27, 28 and 03-02.
  EXPECT_EQ(eval("working_days_between(date(\"2026-02-13\"), date(\"2026-03-02\"))"), "7");
  EXPECT_EQ(eval("working_days_between(form.start, form.end) <= 5"), "true");
}

TEST_F(EvaluateTest, TodayAndAges) {
  in.set_date(slot("applicant.birth_date"), day("2008-03-15"));
  EXPECT_EQ(eval("today()"), "date(\"2026-03-15\")");
  EXPECT_EQ(eval("years_between(applicant.birth_date, today())"), "18");  // 18th birthday today
  in.set_date(slot("applicant.birth_date"), day("2008-03-16"));
  EXPECT_EQ(eval("years_between(applicant.birth_date, today())"), "17");
  EXPECT_EQ(eval("years_between(today(), applicant.birth_date)"), "-17");
  // Born on 29 February: a year older on 1 March in common years.
  EXPECT_EQ(eval("years_between(date(\"2008-02-29\"), date(\"2009-02-28\"))"), "0");
  EXPECT_EQ(eval("years_between(date(\"2008-02-29\"), date(\"2009-03-01\"))"), "1");
  EXPECT_EQ(eval("years_between(date(\"2008-02-29\"), date(\"2012-02-29\"))"), "4");
  EXPECT_EQ(eval("days_between(date(\"2024-02-28\"), date(\"2024-03-01\"))"), "2");
  EXPECT_EQ(eval("date(\"2026-03-15\") == today()"), "true");
}

TEST_F(EvaluateTest, RuntimeDateErrors) {
  in.set_string(slot("x.s"), "2026-13-01");
  EXPECT_EQ(eval("date(x.s)"), "error: 1:1: invalid date \"2026-13-01\" (expected YYYY-MM-DD)");
  in.set_string(slot("x.s"), "2026-12-01");
  EXPECT_EQ(eval("date(x.s)"), "date(\"2026-12-01\")");
  in.set_int(slot("x.i"), 4'000'000);
  EXPECT_EQ(eval("add_days(today(), x.i)"), "error: 1:1: date out of range (years 1 to 9999)");
  context.calendar = nullptr;
  EXPECT_EQ(eval("working_days_between(today(), today())"),
            "error: 1:1: working_days_between() needs a working calendar in the evaluation context");
  context.today = Date{};
  EXPECT_EQ(eval("x.p || today() > date(\"2026-01-01\")"),
            "error: 1:8: today() needs a date in the evaluation context");
}

TEST_F(EvaluateTest, ErrorsAreShortCircuitedOnlyFromTheLeft) {
  in.set_int(slot("x.i"), 1);
  in.set_int(slot("x.j"), 0);
  EXPECT_EQ(eval("false && x.i / x.j > 1"), "false");
  EXPECT_EQ(eval("true || x.i / x.j > 1"), "true");
  EXPECT_EQ(eval("x.i / x.j > 1 && false"), "error: 1:5: division by zero");
  EXPECT_EQ(eval("x.j != 0 ? x.i / x.j : 0"), "0");
}

// ---- Kleene logic ------------------------------------------------------------------------------

// Sets x.p and x.q: 't', 'f', or '?' (unknown).
class KleeneTest : public ExprTest {
 protected:
  void set(char p, char q) {
    for (auto [path, v] : {std::pair{"x.p", p}, std::pair{"x.q", q}}) {
      if (v == '?') {
        in.set_unknown(slot(path));
      } else {
        in.set_bool(slot(path), v == 't');
      }
    }
  }
};

TEST_F(KleeneTest, AndTruthTable) {
  const std::map<std::string, std::string> expected = {
      {"tt", "true"},  {"tf", "false"},   {"t?", "unknown"}, {"ft", "false"},   {"ff", "false"},
      {"f?", "false"}, {"?t", "unknown"}, {"?f", "false"},   {"??", "unknown"},
  };
  for (const auto& [inputs, result] : expected) {
    set(inputs[0], inputs[1]);
    EXPECT_EQ(eval("x.p && x.q"), result) << inputs;
  }
}

TEST_F(KleeneTest, OrTruthTable) {
  const std::map<std::string, std::string> expected = {
      {"tt", "true"},    {"tf", "true"}, {"t?", "true"},    {"ft", "true"},    {"ff", "false"},
      {"f?", "unknown"}, {"?t", "true"}, {"?f", "unknown"}, {"??", "unknown"},
  };
  for (const auto& [inputs, result] : expected) {
    set(inputs[0], inputs[1]);
    EXPECT_EQ(eval("x.p || x.q"), result) << inputs;
  }
}

TEST_F(KleeneTest, NotAndConditional) {
  set('?', 't');
  EXPECT_EQ(eval("!x.p"), "unknown");
  EXPECT_EQ(eval("x.p ? 1 : 2"), "unknown");
  EXPECT_EQ(eval("x.q ? 1 : 2"), "1");
  EXPECT_EQ(eval("x.q ? 1 : x.i"), "1");  // the unknown branch is not taken
  EXPECT_EQ(eval("x.p == true"), "unknown");
  EXPECT_EQ(eval("x.p || !x.p"), "unknown");  // no tautology detection: Kleene, not classical
}

TEST_F(KleeneTest, ArithmeticComparisonsAndFunctionsWithUnknownsAreUnknown) {
  in.set_int(slot("x.i"), 3);
  EXPECT_EQ(eval("x.i + x.j"), "unknown");
  EXPECT_EQ(eval("x.j * 0"), "unknown");  // unknown times zero is still unknown
  EXPECT_EQ(eval("x.j > 1"), "unknown");
  EXPECT_EQ(eval("len(x.s)"), "unknown");
  EXPECT_EQ(eval("min(x.i, x.j)"), "unknown");
  EXPECT_EQ(eval("years_between(applicant.birth_date, today())"), "unknown");
  EXPECT_EQ(eval("x.s + \"!\""), "unknown");
  EXPECT_EQ(eval("x.i in [1, x.j]"), "unknown");
  EXPECT_EQ(eval("x.i in [3, x.j]"), "true");  // a match decides
  EXPECT_EQ(eval("x.j in enterprise.scores"), "unknown");
}

// ---- Missing inputs ----------------------------------------------------------------------------

TEST_F(EvaluateTest, MissingListsOnlyInputsThatCanStillChangeTheResult) {
  const std::string rule = "applicant.age >= 18 && applicant.is_resident";
  EXPECT_THAT(missing(rule), ElementsAre("applicant.age", "applicant.is_resident"));
  in.set_int(slot("applicant.age"), 10);
  EXPECT_THAT(missing(rule), IsEmpty());  // already false
  EXPECT_EQ(eval(rule), "false");
  in.set_int(slot("applicant.age"), 20);
  EXPECT_THAT(missing(rule), ElementsAre("applicant.is_resident"));
  in.set_bool(slot("applicant.is_resident"), true);
  EXPECT_THAT(missing(rule), IsEmpty());
  EXPECT_EQ(eval(rule), "true");
}

TEST_F(EvaluateTest, MissingFollowsKleeneAndProgramOrder) {
  EXPECT_THAT(missing("x.i + x.j > 3"), ElementsAre("x.i", "x.j"));
  EXPECT_THAT(missing("x.j > 1 || x.i > 1"), ElementsAre("x.j", "x.i"));
  EXPECT_THAT(missing("x.p ? x.i : x.j"), ElementsAre("x.p"));  // ask the condition first
  in.set_bool(slot("x.p"), false);
  EXPECT_THAT(missing("x.p ? x.i : x.j"), ElementsAre("x.j"));
  EXPECT_THAT(missing("x.p || x.q"), ElementsAre("x.q"));
  in.set_bool(slot("x.q"), true);
  EXPECT_THAT(missing("x.r || x.q"), IsEmpty());  // decided by x.q
  EXPECT_THAT(missing("x.r && (x.i > 1 || x.q)"), ElementsAre("x.r"));
  EXPECT_THAT(missing("x.i == x.i"), ElementsAre("x.i"));  // reported once
}

TEST_F(EvaluateTest, UnknownElementsAreAttributedToTheirList) {
  {
    auto list = in.set_list(slot("enterprise.scores"));
    list.add_unknown().add_int(3);
  }
  EXPECT_EQ(eval("enterprise.scores.exists(s, s > 5)"), "unknown");
  EXPECT_THAT(missing("enterprise.scores.exists(s, s > 5)"), ElementsAre("enterprise.scores"));
  EXPECT_EQ(eval("enterprise.scores.exists(s, s < 5)"), "true");  // 3 decides
  EXPECT_EQ(eval("enterprise.scores.all(s, s > 5)"), "false");    // 3 decides
  EXPECT_EQ(eval("enterprise.scores.all(s, s < 5)"), "unknown");
  EXPECT_EQ(eval("enterprise.scores.filter(s, s > 1)"), "unknown");
  EXPECT_EQ(eval("len(enterprise.scores)"), "2");  // the length is known
  EXPECT_EQ(eval("3 in enterprise.scores"), "true");
  EXPECT_EQ(eval("4 in enterprise.scores"), "unknown");
  EXPECT_THAT(missing("4 in enterprise.scores"), ElementsAre("enterprise.scores"));
  EXPECT_THAT(missing("x.i in enterprise.scores"), ElementsAre("x.i", "enterprise.scores"));
}

TEST_F(EvaluateTest, MoreThanSixtyThreeInputsAreStillReported) {
  Schema wide;
  std::string rule;
  for (int i = 0; i < 70; ++i) {
    wide.add("b" + std::to_string(i), Type::boolean());
    rule += (i == 0 ? "" : " || ") + ("b" + std::to_string(i));
  }
  const Program p = Program::compile(rule, wide);
  Bindings b(wide);
  for (int i = 0; i < 70; i += 2) b.set_bool(i, false);  // the even ones are known
  const Outcome& o = evaluator.evaluate(p, b, context);
  EXPECT_EQ(o.status, Status::unknown);
  std::vector<int> odd;
  for (int i = 1; i < 70; i += 2) odd.push_back(i);
  EXPECT_EQ(o.missing, odd);
}

// ---- Macros ------------------------------------------------------------------------------------

class MacroTest : public ExprTest {
 protected:
  void SetUp() override {
    auto list = in.set_list(slot("enterprise.shareholders"));
    list.add_record().set_string("name", "张三").set_decimal("ratio", dec("0.3")).set_bool("foreign", false);
    list.add_record()
        .set_string("name", "Acme Ltd")
        .set_decimal("ratio", dec("0.6"))
        .set_bool("foreign", true);
    list.add_record().set_string("name", "李四").set_int("ratio", 0);  // foreign unknown
  }
};

TEST_F(MacroTest, ListsOfRecords) {
  EXPECT_EQ(eval("enterprise.shareholders.exists(s, s.ratio > 0.5)"), "true");
  // 李四's `foreign` is unknown and nobody else satisfies the condition.
  EXPECT_EQ(eval("enterprise.shareholders.exists(s, s.foreign && s.ratio < 0.1)"), "unknown");
  EXPECT_THAT(missing("enterprise.shareholders.exists(s, s.foreign && s.ratio < 0.1)"),
              ElementsAre("enterprise.shareholders"));
  EXPECT_EQ(eval("enterprise.shareholders.all(s, s.ratio < 0.7)"), "true");
  EXPECT_EQ(eval("enterprise.shareholders.all(s, !s.foreign)"), "false");  // Acme decides
  EXPECT_EQ(eval("len(enterprise.shareholders.filter(s, s.ratio >= 0.3))"), "2");
  EXPECT_EQ(eval("enterprise.shareholders.filter(s, s.name == \"张三\")"), "[{\"张三\", 0.3, false}]");
  EXPECT_EQ(eval("enterprise.shareholders.filter(s, s.ratio > 0.1).exists(t, t.name == \"Acme Ltd\")"),
            "true");
  EXPECT_EQ(eval("enterprise.shareholders.filter(s, s.ratio > 0.9)"), "[]");
}

TEST_F(MacroTest, ScalarsNestingAndShadowing) {
  {
    auto list = in.set_list(slot("enterprise.scores"));
    list.add_int(1).add_int(5).add_int(9);
  }
  {
    auto list = in.set_list(slot("enterprise.qualifications"));
    list.add_string("高新技术企业").add_string("专精特新中小企业");
  }
  EXPECT_EQ(eval("enterprise.scores.exists(x, x > 8)"), "true");
  EXPECT_EQ(eval("enterprise.scores.all(x, x > 0)"), "true");
  EXPECT_EQ(eval("enterprise.scores.filter(x, x % 2 == 1 && x > 1)"), "[5, 9]");
  EXPECT_EQ(eval("enterprise.qualifications.exists(q, starts_with(q, \"专精特新\"))"), "true");
  EXPECT_EQ(eval("[1, 2, 3].filter(x, x >= 2)"), "[2, 3]");
  EXPECT_EQ(eval("[date(\"2026-01-01\"), today()].all(d, d <= today())"), "true");
  // Nested macros see the outer variable; the inner x shadows the outer one.
  EXPECT_EQ(eval("enterprise.shareholders.exists(s, enterprise.scores.exists(x, x > s.ratio * 10))"), "true");
  EXPECT_EQ(eval("enterprise.scores.exists(x, enterprise.scores.exists(x, x == 9) && x == 1)"), "true");
}

TEST_F(MacroTest, EmptyAndUnknownLists) {
  { auto list = in.set_list(slot("enterprise.scores")); }
  EXPECT_EQ(eval("enterprise.scores.exists(x, x > 0)"), "false");
  EXPECT_EQ(eval("enterprise.scores.all(x, x > 0)"), "true");
  EXPECT_EQ(eval("enterprise.scores.filter(x, x > 0)"), "[]");
  EXPECT_EQ(eval("x.i in enterprise.scores"), "false");  // nothing to find, even for an unknown x.i
  EXPECT_EQ(eval("enterprise.dates.exists(d, d > today())"), "unknown");
  EXPECT_THAT(missing("enterprise.dates.exists(d, d > today())"), ElementsAre("enterprise.dates"));
}

// ---- A policy rule -----------------------------------------------------------------------------

TEST_F(EvaluateTest, PolicyEligibility) {
  const Program rule = Program::compile(
      "enterprise.district_code == \"310113\" && \"专精特新\" in enterprise.qualifications && "
      "enterprise.employees >= 10 && enterprise.employees <= 1000",
      schema, Kind::boolean);
  struct Enterprise {
    std::string district;
    std::vector<std::string> qualifications;
    std::optional<int> employees;
    std::string expected;
    std::vector<std::string> missing;
  };
  const std::vector<Enterprise> cases = {
      {"310113", {"高新技术企业", "专精特新"}, 120, "true", {}},
      {"310112", {"专精特新"}, 120, "false", {}},
      {"310113", {"专精特新"}, 5, "false", {}},
      {"310113", {"专精特新"}, 1001, "false", {}},
      {"310113", {"专精特新"}, 1000, "true", {}},
      {"310113", {"高新技术企业"}, std::nullopt, "false", {}},
      {"310113", {"专精特新"}, std::nullopt, "unknown", {"enterprise.employees"}},
  };
  for (const Enterprise& e : cases) {
    in.clear();
    in.set_string(slot("enterprise.district_code"), e.district);
    {
      auto list = in.set_list(slot("enterprise.qualifications"));
      for (const auto& q : e.qualifications) list.add_string(q);
    }
    if (e.employees) in.set_int(slot("enterprise.employees"), *e.employees);
    const Outcome& o = evaluator.evaluate(rule, in, context);
    EXPECT_EQ(o.status == Status::unknown ? "unknown" : o.value.to_string(), e.expected) << e.district;
    std::vector<std::string> paths;
    for (int s : o.missing) paths.push_back(schema.path(s));
    EXPECT_EQ(paths, e.missing);
  }
  in.clear();
  EXPECT_THAT(missing(rule.source()),
              ElementsAre("enterprise.district_code", "enterprise.qualifications", "enterprise.employees"));
}

TEST_F(EvaluateTest, BenefitFormula) {
  const Program formula =
      Program::compile("round(min(enterprise.rd_expense * 0.2 + enterprise.employees * 1500, 2000000), 2)",
                       schema, Kind::decimal);
  in.set_decimal(slot("enterprise.rd_expense"), dec("3456789.13"));
  in.set_int(slot("enterprise.employees"), 85);
  const Outcome& o = evaluator.evaluate(formula, in, context);
  ASSERT_EQ(o.status, Status::known);
  EXPECT_EQ(o.value.as_decimal().to_string(2), "818857.83");  // 691357.826 + 127500
  in.set_decimal(slot("enterprise.rd_expense"), dec("30000000"));
  EXPECT_EQ(evaluator.evaluate(formula, in, context).value.as_decimal().to_string(2), "2000000.00");
}

// ---- Using programs and bindings ---------------------------------------------------------------

TEST_F(EvaluateTest, BindingsFromAnotherSchemaAreRejected) {
  const Program p = Program::compile("x.i > 1", schema);
  const Schema copy = schema;
  Bindings other(copy);
  EXPECT_THROW(evaluator.evaluate(p, other, context), Error);
  Schema growing;
  growing.add("a", Type::integer());
  Bindings early(growing);
  growing.add("b", Type::integer());
  const Program q = Program::compile("b > 1", growing);
  EXPECT_THROW(evaluator.evaluate(q, early, context), Error);
  EXPECT_NO_THROW(evaluator.evaluate(Program::compile("a > 1", growing), early, context));
}

TEST_F(EvaluateTest, ResultsOfEveryKind) {
  in.set_string(slot("x.s"), "a");
  const Outcome& s = evaluator.evaluate(Program::compile("x.s + \"b\"", schema), in, context);
  EXPECT_EQ(s.value.as_string(), "ab");
  EXPECT_EQ(s.value.kind(), Kind::string);
  const Outcome& d = evaluator.evaluate(Program::compile("add_days(today(), 1)", schema), in, context);
  EXPECT_EQ(d.value.as_date(), day("2026-03-16"));
  const Program list = Program::compile("[1, 2]", schema);  // the result views the program's constants
  const Outcome& l = evaluator.evaluate(list, in, context);
  ASSERT_EQ(l.value.size(), 2u);
  EXPECT_EQ(l.value[1].as_int(), 2);
}

TEST_F(EvaluateTest, OneProgramFromTwoThreads) {
  const Program rule = Program::compile(
      "enterprise.employees >= 10 && enterprise.shareholders.exists(s, s.ratio > 0.5) && "
      "contains(enterprise.district_code, \"3101\")",
      schema);
  Bindings shared(schema);  // read by both threads at once
  shared.set_int(shared.slot("enterprise.employees"), 50);
  shared.set_string(shared.slot("enterprise.district_code"), "310113");
  {
    auto list = shared.set_list(shared.slot("enterprise.shareholders"));
    list.add_record().set_decimal("ratio", dec("0.7"));
  }
  std::atomic<int> wrong{0};
  auto work = [&](int seed) {
    Evaluator ev;
    Bindings mine(schema);
    mine.set_string(mine.slot("enterprise.district_code"), "310113");
    for (int i = 0; i < 20000; ++i) {
      const int employees = (i * 7 + seed) % 40;
      mine.set_int(mine.slot("enterprise.employees"), employees);
      {
        auto list = mine.set_list(mine.slot("enterprise.shareholders"));
        list.add_record().set_decimal("ratio", dec(i % 2 == 0 ? "0.6" : "0.4"));
      }
      const Outcome& o = ev.evaluate(rule, mine, context);
      if (o.status != Status::known || o.value.as_bool() != (employees >= 10 && i % 2 == 0)) ++wrong;
      const Outcome& s = ev.evaluate(rule, shared, context);
      if (s.status != Status::known || !s.value.as_bool()) ++wrong;
    }
  };
  std::thread a(work, 1);
  std::thread b(work, 2);
  a.join();
  b.join();
  EXPECT_EQ(wrong.load(), 0);
}

}  // namespace
}  // namespace haoban::expr::test
