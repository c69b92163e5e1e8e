// Bindings: typed slots, lists and lists of records, reuse, and Value rendering.
#include <gtest/gtest.h>

#include "core/error.h"
#include "expr/expr_testing.h"

namespace haoban::expr::test {
namespace {

using BindingsTest = ExprTest;

TEST_F(BindingsTest, SettersCheckTheSlotType) {
  EXPECT_THROW(in.set_string(slot("applicant.age"), "18"), Error);
  EXPECT_THROW(in.set_decimal(slot("applicant.age"), dec("1.5")), Error);
  EXPECT_THROW(in.set_bool(slot("applicant.name"), true), Error);
  EXPECT_THROW(in.set_int(slot("enterprise.scores"), 1), Error);
  EXPECT_THROW(in.set_list(slot("applicant.age")), Error);
  EXPECT_THROW(in.set_int(-1, 1), Error);
  EXPECT_THROW(in.set_int(schema.size(), 1), Error);
  EXPECT_THROW(in.slot("applicant.nope"), Error);
  EXPECT_THROW(in.set_date(slot("form.start"), Date{}), Error);
  in.set_int(slot("applicant.income"), 5000);  // ints fill decimal slots
  EXPECT_EQ(in.get(slot("applicant.income")).to_string(), "5000");
  EXPECT_EQ(in.get(slot("applicant.income")).kind(), Kind::decimal);
  try {
    in.set_string(slot("applicant.age"), "18");
  } catch (const Error& e) {
    EXPECT_EQ(e.detail(), "input 'applicant.age' is int, not string");
  }
}

TEST_F(BindingsTest, ListsCheckElementTypes) {
  {
    auto list = in.set_list(slot("enterprise.qualifications"));
    list.add_string("a");
    EXPECT_THROW(list.add_int(1), Error);
    EXPECT_THROW(list.add_record(), Error);
  }
  EXPECT_EQ(in.get(slot("enterprise.qualifications")).to_string(), "[\"a\"]");
  {
    auto list = in.set_list(slot("enterprise.shareholders"));
    auto r = list.add_record();
    EXPECT_THROW(r.set_string("nope", "x"), Error);
    EXPECT_THROW(r.set_string("ratio", "x"), Error);
    r.set_int("ratio", 1);
  }
  EXPECT_EQ(in.get(slot("enterprise.shareholders")).to_string(), "[{unknown, 1, unknown}]");
}

TEST_F(BindingsTest, AListLeftByAnExceptionStaysUnknown) {
  try {
    auto list = in.set_list(slot("enterprise.scores"));
    list.add_int(1);
    throw std::runtime_error("source failed");
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(in.get(slot("enterprise.scores")).is_unknown());
}

TEST_F(BindingsTest, RefillingReusesBuffersAndKeepsStringsValid) {
  const Program p = Program::compile(
      "enterprise.qualifications.exists(q, q == \"专精特新\") && enterprise.shareholders.exists(s, s.name == "
      "\"张三\")",
      schema);
  for (int round = 0; round < 50; ++round) {
    in.clear();
    {
      auto list = in.set_list(slot("enterprise.qualifications"));
      for (int k = 0; k < round % 7; ++k)
        list.add_string("资质" + std::to_string(k) + std::string(k * 10, 'x'));
      list.add_string("专精特新");
    }
    {
      auto list = in.set_list(slot("enterprise.shareholders"));
      for (int k = 0; k < round % 5; ++k) {
        list.add_record().set_string("name", "股东" + std::to_string(k) + std::string(30, 'y'));
      }
      list.add_record().set_string("name", round % 2 == 0 ? "张三" : "李四").set_decimal("ratio", dec("0.1"));
    }
    const Outcome& o = evaluator.evaluate(p, in, context);
    ASSERT_EQ(o.status, Status::known);
    EXPECT_EQ(o.value.as_bool(), round % 2 == 0) << round;
  }
}

TEST_F(BindingsTest, ClearMakesEverythingUnknown) {
  in.set_int(slot("x.i"), 1);
  in.set_string(slot("x.s"), "s");
  in.clear();
  for (int s = 0; s < in.size(); ++s) EXPECT_TRUE(in.get(s).is_unknown());
}

TEST(Value, RendersInExpressionSyntax) {
  EXPECT_EQ(Value().to_string(), "unknown");
  EXPECT_EQ(Value::of_bool(false).to_string(), "false");
  EXPECT_EQ(Value::of_int(-3).to_string(), "-3");
  EXPECT_EQ(Value::of_decimal(dec("1.50")).to_string(), "1.5");
  EXPECT_EQ(Value::of_string("a\"b\\c\n").to_string(), R"("a\"b\\c\n")");
  EXPECT_EQ(Value::of_date(day("2026-10-01")).to_string(), "date(\"2026-10-01\")");
  const Value items[] = {Value::of_int(1), Value::unknown(), Value::of_string("x")};
  EXPECT_EQ(Value::of_list(items).to_string(), "[1, unknown, \"x\"]");
  EXPECT_EQ(Value::of_list(items).size(), 3u);
}

}  // namespace
}  // namespace haoban::expr::test
