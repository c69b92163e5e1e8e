// Parsing, precedence, type checking and compile errors with their exact positions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "core/error.h"
#include "expr/expr_testing.h"

namespace haoban::expr::test {
namespace {

using CompileTest = ExprTest;

TEST_F(CompileTest, PrecedenceAndAssociativity) {
  EXPECT_EQ(eval("1 + 2 * 3"), "7");
  EXPECT_EQ(eval("(1 + 2) * 3"), "9");
  EXPECT_EQ(eval("10 - 4 - 3"), "3");
  EXPECT_EQ(eval("64 / 4 / 2"), "8");
  EXPECT_EQ(eval("7 % 4 * 2"), "6");
  EXPECT_EQ(eval("-2 * 3"), "-6");
  EXPECT_EQ(eval("- 2 - -3"), "1");
  EXPECT_EQ(eval("!true || true"), "true");           // ! binds tighter than ||
  EXPECT_EQ(eval("true || false && false"), "true");  // && binds tighter than ||
  EXPECT_EQ(eval("(true || false) && false"), "false");
  EXPECT_EQ(eval("1 + 2 == 3 && 2 * 2 == 4"), "true");
  EXPECT_EQ(eval("1 + 2 in [3, 4]"), "true");  // arithmetic before 'in'
  EXPECT_EQ(eval("false ? 1 : 2 + 3"), "5");   // the else branch takes the whole sum
  EXPECT_EQ(eval("true ? 1 : false ? 2 : 3"), "1");
  EXPECT_EQ(eval("false ? 1 : false ? 2 : 3"), "3");  // right-associative
  EXPECT_EQ(eval("1 < 2 ? \"yes\" : \"no\""), "\"yes\"");
  EXPECT_EQ(eval("true || false ? 1 : 2"), "1");  // the condition is the whole || expression
  EXPECT_EQ(eval("!(1 > 2)"), "true");
  EXPECT_EQ(eval("-(2 + 3) * 2"), "-10");
}

TEST_F(CompileTest, LiteralsAndEscapes) {
  EXPECT_EQ(eval("'single'"), "\"single\"");
  EXPECT_EQ(eval(R"("tab\there \"q\" \\ \u5B9D")"), R"("tab\there \"q\" \\ 宝")");
  EXPECT_EQ(eval(R"(r"\d+\.")"), R"("\\d+\\.")");
  EXPECT_EQ(eval("len('宝山区')"), "3");
  EXPECT_EQ(eval("12.50"), "12.5");
  EXPECT_EQ(eval("-9223372036854775808"), "-9223372036854775808");
  EXPECT_EQ(eval("date(\"2026-01-01\")"), "date(\"2026-01-01\")");
  EXPECT_EQ(eval("[1, 2.5]"), "[1, 2.5]");  // promoted to list<decimal>
  EXPECT_EQ(eval("[\"a\", \"b\",]"), "[\"a\", \"b\"]");
}

TEST_F(CompileTest, ResultTypesAndInputs) {
  const Program p = Program::compile(
      "enterprise.employees >= 10 && enterprise.revenue > 0 && enterprise.employees <= 1000", schema);
  EXPECT_EQ(p.result_type().kind(), Kind::boolean);
  EXPECT_EQ(p.inputs(), (std::vector<std::string>{"enterprise.employees", "enterprise.revenue"}));
  EXPECT_EQ(p.input_slots(), (std::vector<int>{slot("enterprise.employees"), slot("enterprise.revenue")}));
  EXPECT_EQ(Program::compile("enterprise.scores.filter(s, s > 1)", schema).result_type().to_string(),
            "list<int>");
  EXPECT_EQ(Program::compile("x.i + x.d", schema).result_type().to_string(), "decimal");
  EXPECT_EQ(Program::compile("x.i / 2", schema).result_type().to_string(), "int");
  // An int result is accepted (and converted) where a decimal is expected.
  const Program money = Program::compile("x.i * 100", schema, Kind::decimal);
  EXPECT_EQ(money.result_type().kind(), Kind::decimal);
  in.set_int(slot("x.i"), 3);
  EXPECT_EQ(evaluator.evaluate(money, in, context).value.to_string(), "300");
}

TEST_F(CompileTest, ChineseIdentifiersAndColumnsInCharacters) {
  Schema s;
  s.add("form.公司名称", Type::string());
  EXPECT_NO_THROW(Program::compile("len(form.公司名称) > 2", s));
  auto r = Program::try_compile("\"企业\" == 1", s);
  ASSERT_TRUE(std::holds_alternative<CompileError>(r));
  EXPECT_EQ(std::get<CompileError>(r).to_string(), "1:6: operator '==' cannot compare string and int");
}

TEST_F(CompileTest, UnknownPathIsReportedWhereThePathStarts) {
  EXPECT_EQ(compile_error("enterprise.employes >= 10"),
            "1:1: unknown path 'enterprise.employes' (did you mean 'enterprise.employees'?)");
  EXPECT_EQ(compile_error("applicant.age > 1 &&\n  applicant.nam == \"x\""),
            "2:3: unknown path 'applicant.nam' (did you mean 'applicant.name'?)");
  EXPECT_EQ(compile_error("foo"), "1:1: unknown path 'foo'");
  EXPECT_EQ(compile_error("enterprise"), "1:1: unknown path 'enterprise'");
}

TEST_F(CompileTest, TypeMismatchesNameTheOperatorAndTheTypes) {
  EXPECT_EQ(compile_error("form.company_name > 1"),
            "1:19: operator '>' needs numbers or dates, got string and int");
  EXPECT_EQ(compile_error("applicant.age + applicant.name"),
            "1:15: operator '+' needs numbers or strings, got int and string");
  EXPECT_EQ(compile_error("applicant.age - true"), "1:15: operator '-' needs numbers, got int and bool");
  EXPECT_EQ(compile_error("applicant.age && true"),
            "1:15: operator '&&' needs bool operands, got int and bool");
  EXPECT_EQ(compile_error("!applicant.age"), "1:1: operator '!' needs a bool, got int");
  EXPECT_EQ(compile_error("-applicant.name"), "1:1: operator '-' needs a number, got string");
  EXPECT_EQ(compile_error("applicant.birth_date == \"2026-01-01\""),
            "1:22: operator '==' cannot compare date and string");
  EXPECT_EQ(compile_error("enterprise.scores == enterprise.scores"),
            "1:19: operator '==' cannot compare list<int> and list<int>");
  EXPECT_EQ(compile_error("\"专精特新\" in applicant.name"),
            "1:8: operator 'in' needs a list on the right, got string; use contains(s, sub) for substrings");
  EXPECT_EQ(compile_error("1 in enterprise.qualifications"),
            "1:3: operator 'in' cannot look for int in list<string>");
  EXPECT_EQ(compile_error("applicant.age ? 1 : 2"), "1:15: the condition of '?:' must be bool, got int");
  EXPECT_EQ(compile_error("x.p ? 1 : \"one\""),
            "1:5: the branches of '?:' have different types: int and string");
  EXPECT_EQ(compile_error("[1, \"a\"]"), "1:5: list elements have different types: int and string");
}

TEST_F(CompileTest, FunctionErrors) {
  EXPECT_EQ(compile_error("len(\"a\", \"b\")"), "1:1: function 'len' takes 1 argument, got 2");
  EXPECT_EQ(compile_error("x.p && contains(applicant.name)"),
            "1:8: function 'contains' takes 2 arguments, got 1");
  EXPECT_EQ(compile_error("today(1)"), "1:1: function 'today' takes 0 arguments, got 1");
  EXPECT_EQ(compile_error("contain(applicant.name, \"x\")"),
            "1:1: unknown function 'contain' (did you mean 'contains'?)");
  EXPECT_EQ(compile_error("lenght(applicant.name)"), "1:1: unknown function 'lenght' (did you mean 'len'?)");
  EXPECT_EQ(compile_error("sqrt(4)"), "1:1: unknown function 'sqrt'");
  EXPECT_EQ(compile_error("len(5)"), "1:1: len() needs a string or a list, got int");
  EXPECT_EQ(compile_error("contains(applicant.name, 1)"),
            "1:1: contains() needs two strings, got string and int");
  EXPECT_EQ(compile_error("years_between(applicant.birth_date, \"2026-01-01\")"),
            "1:1: years_between() needs two dates, got date and string");
  EXPECT_EQ(compile_error("min(1, applicant.birth_date)"),
            "1:1: min() needs two numbers or two dates, got int and date");
  EXPECT_EQ(compile_error("round(x.d, 7)"), "1:12: round() needs 0 to 6 digits, got 7");
  EXPECT_EQ(compile_error("matches(applicant.name, x.s)"),
            "1:25: the pattern of matches() must be a string literal, so it is checked and compiled once");
  EXPECT_THAT(compile_error("matches(applicant.name, \"([a-z]\")"),
              ::testing::StartsWith("1:25: invalid regular expression"));
  EXPECT_EQ(compile_error("exists(enterprise.scores)"),
            "1:1: 'exists' is a list method: write list.exists(x, condition)");
}

TEST_F(CompileTest, MacroAndFieldErrors) {
  EXPECT_EQ(compile_error("enterprise.scores.exists(1, true)"),
            "1:26: the first argument of 'exists' must be a variable name, as in list.exists(x, x > 0)");
  EXPECT_EQ(compile_error("enterprise.scores.all(s, s + 1)"),
            "1:26: the condition of 'all' must be bool, got int");
  EXPECT_EQ(compile_error("applicant.name.exists(c, true)"), "1:16: 'exists' needs a list, got string");
  EXPECT_EQ(compile_error("enterprise.scores.map(s, s)"),
            "1:19: unknown method 'map' (lists have exists, all and filter)");
  EXPECT_EQ(compile_error("enterprise.scores.exists(s)"),
            "1:19: 'exists' takes 2 arguments (a variable and a condition), got 1");
  EXPECT_EQ(compile_error("applicant.name.contains(\"x\")"),
            "1:16: 'contains' is a function, not a method: call it as contains(...)");
  EXPECT_EQ(compile_error("enterprise.shareholders.exists(s, s.ratoi > 0.5)"),
            "1:37: record{name: string, ratio: decimal, foreign: bool} has no field 'ratoi' (did you mean "
            "'ratio'?)");
  EXPECT_EQ(compile_error("enterprise.shareholders.ratio > 0.5"),
            "1:25: 'enterprise.shareholders' is list<record{name: string, ratio: decimal, foreign: bool}>, "
            "which has "
            "no field 'ratio'; use exists(), all() or filter() to look inside a list");
  EXPECT_EQ(compile_error("applicant.name.first == \"x\""),
            "1:16: 'applicant.name' is string, which has no field 'first'");
  EXPECT_EQ(compile_error("enterprise.scores.exists(s, s.x)"), "1:31: 's' is int, which has no field 'x'");
  // The variable is scoped to its condition.
  EXPECT_EQ(compile_error("enterprise.scores.exists(s, s > 1) && s > 2"), "1:39: unknown path 's'");
}

TEST_F(CompileTest, SyntaxErrors) {
  EXPECT_EQ(compile_error("applicant.name == \"abc"), "1:19: unterminated string");
  EXPECT_EQ(compile_error("applicant.name == 'abc\n'"), "1:19: unterminated string");
  EXPECT_EQ(compile_error("applicant.age +"), "1:16: expected an expression after '+', got end of input");
  EXPECT_EQ(compile_error("applicant.age > 1 && "),
            "1:22: expected an expression after '&&', got end of input");
  EXPECT_EQ(compile_error("x.i in"), "1:7: expected an expression after 'in', got end of input");
  EXPECT_EQ(compile_error(""), "1:1: expected an expression, got end of input");
  EXPECT_EQ(compile_error("   "), "1:4: expected an expression, got end of input");
  EXPECT_EQ(compile_error("1 2"), "1:3: unexpected number 2 after the end of the expression");
  EXPECT_EQ(compile_error("(1 + 2"), "1:7: expected ')' to close the '(' at 1:1, got end of input");
  EXPECT_EQ(compile_error("len(1, 2"),
            "1:9: expected ',' or ')' in the arguments of 'len', got end of input");
  EXPECT_EQ(compile_error("[1, 2"), "1:6: expected ',' or ']' in a list, got end of input");
  EXPECT_EQ(compile_error("x.p ? 1"), "1:8: expected ':' in 'c ? a : b', got end of input");
  EXPECT_EQ(compile_error("applicant.age = 5"), "1:15: '=' is not an operator; use '==' to compare");
  EXPECT_EQ(compile_error("x.p & x.q"), "1:5: '&' is not an operator; use '&&'");
  EXPECT_EQ(compile_error("1 < 2 < 3"), "1:7: comparisons cannot be chained; combine them with && (at '<')");
  EXPECT_EQ(compile_error("x.p == null"), "1:8: 'null' is not a value: a missing input is unknown");
  EXPECT_EQ(compile_error("len（applicant.name)"), "1:4: full-width '（' is not allowed; use '('");
  EXPECT_EQ(compile_error("applicant.name == “x”"), "1:19: '“' is not a quote here; use \" or '");
  EXPECT_EQ(compile_error("\"bad \\q escape\""), "1:6: unknown escape '\\q'");
  EXPECT_EQ(compile_error("\"\\u12\""), "1:2: \\u needs 4 hex digits");
  EXPECT_EQ(compile_error("1.5.2"), "1:1: invalid number '1.5.'");
  EXPECT_EQ(compile_error("12abc"), "1:1: invalid number '12a'");
  EXPECT_EQ(compile_error("1."), "1:1: expected digits after the decimal point");
  EXPECT_EQ(compile_error("x.p @ x.q"), "1:5: unexpected character '@'");
  EXPECT_EQ(compile_error("applicant."), "1:11: expected a field name after '.', got end of input");
  EXPECT_EQ(compile_error(std::string("\"\xff\"")), "1:2: invalid UTF-8");
}

TEST_F(CompileTest, LiteralAndConstantErrorsAreFoundAtCompileTime) {
  EXPECT_EQ(compile_error("9223372036854775808 > 1"),
            "1:1: integer literal 9223372036854775808 is out of range");
  EXPECT_EQ(compile_error("0.1234567"), "1:1: decimal literal 0.1234567 has more than 6 fractional digits");
  EXPECT_EQ(compile_error("x.i + 1 / 0"), "1:9: division by zero");
  EXPECT_EQ(compile_error("x.d * (1.5 % 0)"), "1:12: division by zero");
  EXPECT_EQ(compile_error("9223372036854775807 + 1"), "1:21: integer overflow");
  EXPECT_EQ(compile_error("form.start < date(\"2026-02-30\")"),
            "1:14: invalid date \"2026-02-30\" (expected YYYY-MM-DD)");
  EXPECT_EQ(compile_error("[]"), "1:1: an empty list has no element type; test emptiness with len(x) == 0");
}

TEST_F(CompileTest, ExpectedResultKind) {
  EXPECT_EQ(compile_error("applicant.age + 1", Kind::boolean), "1:1: expected a bool result, got int");
  EXPECT_EQ(compile_error("  applicant.name", Kind::decimal), "1:3: expected a decimal result, got string");
  EXPECT_EQ(compile_error("enterprise.scores", Kind::integer), "1:1: expected an int result, got list<int>");
  EXPECT_EQ(compile_error("applicant.age > 1", Kind::boolean), "");
  EXPECT_EQ(compile_error("enterprise.qualifications", Kind::list), "");
}

TEST_F(CompileTest, NestingIsBounded) {
  const std::string deep = std::string(300, '(') + "1" + std::string(300, ')');
  EXPECT_THAT(compile_error(deep),
              ::testing::EndsWith("expression is nested too deeply (more than 200 levels)"));
  std::string chain = "1";
  for (int i = 0; i < 300; ++i) chain += " + 1";
  EXPECT_THAT(compile_error(chain),
              ::testing::EndsWith("expression is nested too deeply (more than 200 levels)"));
  std::string ok = "1";
  for (int i = 0; i < 150; ++i) ok += " + 1";
  EXPECT_EQ(eval(ok), "151");
}

TEST_F(CompileTest, CompileThrowsInvalidWithThePosition) {
  try {
    Program::compile("applicant.age >", schema);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid);
    EXPECT_EQ(e.type(), "expression-invalid");
    EXPECT_EQ(e.detail(), "1:16: expected an expression after '>', got end of input");
  }
}

TEST(Schema, RejectsBadDeclarations) {
  Schema s;
  EXPECT_EQ(s.add("a.b", Type::integer()), 0);
  EXPECT_EQ(s.add("a.c", Type::list_of(Type::string())), 1);
  EXPECT_THROW(s.add("a.b", Type::string()), Error);  // twice
  for (std::string_view bad : {"", "a..b", ".a", "a.", "1a", "a.true", "a b", "a-b"}) {
    EXPECT_THROW(s.add(bad, Type::integer()), Error) << bad;
  }
  EXPECT_THROW(s.add("r", Type::record({{"x", Type::integer()}})), Error);
  EXPECT_THROW(Type::list_of(Type::list_of(Type::integer())), Error);
  EXPECT_THROW(Type::record({{"x", Type::integer()}, {"x", Type::string()}}), Error);
  EXPECT_THROW(Type::record({{"l", Type::list_of(Type::integer())}}), Error);
  EXPECT_THROW(Type::record({}), Error);
  EXPECT_EQ(s.find("a.c"), 1);
  EXPECT_EQ(s.find("a"), std::nullopt);
}

}  // namespace
}  // namespace haoban::expr::test

namespace haoban::expr::test {
namespace {

// Random token soup: compiling never throws (it returns a program or an error), and whatever
// compiles evaluates and explains without throwing.
TEST_F(CompileTest, RandomInputNeverThrows) {
  static constexpr std::string_view kTokens[] = {"x.i",
                                                 "x.j",
                                                 "x.d",
                                                 "x.s",
                                                 "x.p",
                                                 "x.q",
                                                 "enterprise.scores",
                                                 "enterprise.shareholders",
                                                 "s",
                                                 "s.ratio",
                                                 "1",
                                                 "0",
                                                 "2.5",
                                                 "-",
                                                 "\"a\"",
                                                 "'宝山'",
                                                 "true",
                                                 "date(\"2026-01-01\")",
                                                 "today()",
                                                 "+",
                                                 "*",
                                                 "/",
                                                 "%",
                                                 "==",
                                                 "!=",
                                                 "<",
                                                 ">=",
                                                 "&&",
                                                 "||",
                                                 "!",
                                                 "?",
                                                 ":",
                                                 "(",
                                                 ")",
                                                 "[",
                                                 "]",
                                                 ",",
                                                 ".",
                                                 "in",
                                                 "len(",
                                                 "min(",
                                                 "round(",
                                                 "contains(",
                                                 ".exists(s,",
                                                 ".filter(s,",
                                                 ".all(s,",
                                                 "years_between(",
                                                 "matches(x.s, \"a+\")",
                                                 "null",
                                                 "=",
                                                 "\"",
                                                 "（",
                                                 "9223372036854775807",
                                                 "0.0000001"};
  std::mt19937 rng(20260315);
  in.set_int(slot("x.i"), 3);
  in.set_int(slot("x.j"), 0);
  in.set_decimal(slot("x.d"), dec("2.5"));
  in.set_string(slot("x.s"), "aaa");
  in.set_bool(slot("x.p"), true);
  {
    auto list = in.set_list(slot("enterprise.scores"));
    list.add_int(1).add_unknown().add_int(5);
  }
  {
    auto list = in.set_list(slot("enterprise.shareholders"));
    list.add_record().set_decimal("ratio", dec("0.6"));
    list.add_unknown();
  }
  int compiled = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string source;
    const int n = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < n; ++k) {
      source += kTokens[rng() % std::size(kTokens)];
      source += rng() % 3 == 0 ? "" : " ";
    }
    std::variant<Program, CompileError> result = CompileError{};
    ASSERT_NO_THROW(result = Program::try_compile(source, schema)) << source;
    if (auto* p = std::get_if<Program>(&result)) {
      ++compiled;
      ASSERT_NO_THROW(evaluator.evaluate(*p, in, context)) << source;
      ASSERT_NO_THROW(explain(*p, in, context)) << source;
    } else {
      const CompileError& e = std::get<CompileError>(result);
      EXPECT_GE(e.line, 1) << source;
      EXPECT_GE(e.column, 1) << source;
      EXPECT_FALSE(e.message.empty()) << source;
    }
  }
  EXPECT_GT(compiled, 500);  // the soup is not all errors
}

}  // namespace
}  // namespace haoban::expr::test
