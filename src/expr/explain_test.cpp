// Explanations: which clause held, which failed, which was unknown — consistent with evaluate().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

#include "expr/expr_testing.h"

namespace haoban::expr::test {
namespace {

using ::testing::ElementsAre;
using V = Explanation::Verdict;

class ExplainTest : public ExprTest {
 protected:
  Explanation run(std::string_view source) {
    const Program p = Program::compile(source, schema);
    Explanation e = explain(p, in, context);
    // The root always agrees with evaluate().
    const Outcome& o = evaluator.evaluate(p, in, context);
    switch (o.status) {
      case Status::known:
        EXPECT_EQ(e.value, o.value.to_string()) << source;
        break;
      case Status::unknown: {
        EXPECT_EQ(e.verdict, V::unknown) << source;
        std::vector<std::string> paths;
        for (int s : o.missing) paths.push_back(schema.path(s));
        EXPECT_EQ(e.missing, paths) << source;
        break;
      }
      case Status::error:
        EXPECT_EQ(e.value, "error: " + o.error) << source;
        break;
    }
    return e;
  }

  static constexpr std::string_view kRule =
      "enterprise.employees >= 10 && enterprise.revenue < 20000000 && \"专精特新\" in "
      "enterprise.qualifications";
};

TEST_F(ExplainTest, ThreeClauseRuleThatFails) {
  in.set_int(slot("enterprise.employees"), 5);
  in.set_decimal(slot("enterprise.revenue"), dec("1500000.50"));
  const Explanation e = run(kRule);
  EXPECT_EQ(
      e.to_string(),
      "✗ enterprise.employees >= 10 && enterprise.revenue < 20000000 && \"专精特新\" in "
      "enterprise.qualifications → false\n"
      "  ✗ enterprise.employees >= 10 → false\n"
      "    = enterprise.employees → 5\n"
      "  ✓ enterprise.revenue < 20000000 → true  (not needed)\n"
      "    = enterprise.revenue → 1500000.5\n"
      "  ? \"专精特新\" in enterprise.qualifications → unknown  [missing: enterprise.qualifications]  (not "
      "needed)\n"
      "    ? enterprise.qualifications → unknown  [missing: enterprise.qualifications]\n");
  EXPECT_EQ(e.verdict, V::failed);
  ASSERT_EQ(e.children.size(), 3u);
  EXPECT_EQ(e.children[0].verdict, V::failed);
  EXPECT_TRUE(e.children[0].decisive);
  EXPECT_EQ(e.children[1].verdict, V::held);
  EXPECT_FALSE(e.children[1].decisive);
  EXPECT_EQ(e.children[2].verdict, V::unknown);
  EXPECT_THAT(e.children[2].missing, ElementsAre("enterprise.qualifications"));
  EXPECT_EQ(e.children[2].line, 1);
  EXPECT_EQ(e.children[2].column, 64);           // counted in characters
  EXPECT_THAT(e.missing, ::testing::IsEmpty());  // the result is decided
}

TEST_F(ExplainTest, ThreeClauseRuleStillOpen) {
  in.set_int(slot("enterprise.employees"), 50);
  in.set_decimal(slot("enterprise.revenue"), dec("1500000.50"));
  const Explanation e = run(kRule);
  EXPECT_EQ(e.verdict, V::unknown);
  EXPECT_THAT(e.missing, ElementsAre("enterprise.qualifications"));
  EXPECT_EQ(e.children[0].verdict, V::held);
  EXPECT_EQ(e.children[1].verdict, V::held);
  EXPECT_EQ(e.children[2].verdict, V::unknown);
  for (const Explanation& c : e.children) EXPECT_TRUE(c.decisive);
  {
    auto list = in.set_list(slot("enterprise.qualifications"));
    list.add_string("专精特新");
  }
  const Explanation held = run(kRule);
  EXPECT_EQ(held.verdict, V::held);
  EXPECT_EQ(held.children[2].children[0].text, "enterprise.qualifications");
  EXPECT_EQ(held.children[2].children[0].value, "[\"专精特新\"]");
}

TEST_F(ExplainTest, OrChainsConditionalsAndNot) {
  in.set_int(slot("applicant.age"), 70);
  const Explanation e = run("applicant.age < 18 || applicant.age >= 65 || applicant.is_resident");
  EXPECT_EQ(e.verdict, V::held);
  ASSERT_EQ(e.children.size(), 3u);
  EXPECT_EQ(e.children[1].verdict, V::held);
  EXPECT_FALSE(e.children[2].decisive);

  const Explanation c = run("applicant.age >= 65 ? 0.5 : 1.0");
  ASSERT_EQ(c.children.size(), 2u);
  EXPECT_EQ(c.children[0].verdict, V::held);
  EXPECT_EQ(c.children[1].text, "0.5");
  EXPECT_EQ(c.value, "0.5");

  const Explanation n = run("!(applicant.age > 60)");
  EXPECT_EQ(n.verdict, V::failed);
  EXPECT_EQ(n.children[0].verdict, V::held);
}

TEST_F(ExplainTest, MacrosShowEachElement) {
  {
    auto list = in.set_list(slot("enterprise.shareholders"));
    list.add_record().set_string("name", "张三").set_decimal("ratio", dec("0.3")).set_bool("foreign", false);
    list.add_record().set_string("name", "Acme").set_decimal("ratio", dec("0.6")).set_bool("foreign", true);
  }
  const Explanation e = run("enterprise.shareholders.exists(s, s.ratio > 0.5)");
  EXPECT_EQ(
      e.to_string(),
      "✓ enterprise.shareholders.exists(s, s.ratio > 0.5) → true\n"
      "  = enterprise.shareholders → [{name: \"张三\", ratio: 0.3, foreign: false}, {name: \"Acme\", ratio: "
      "0.6, foreign: true}]\n"
      "  ✗ [s = {name: \"张三\", ratio: 0.3, foreign: false}] s.ratio > 0.5 → false\n"
      "    = s.ratio → 0.3\n"
      "  ✓ [s = {name: \"Acme\", ratio: 0.6, foreign: true}] s.ratio > 0.5 → true\n"
      "    = s.ratio → 0.6\n");
}

TEST_F(ExplainTest, LongListsAreCut) {
  {
    auto list = in.set_list(slot("enterprise.scores"));
    for (int i = 0; i < 30; ++i) list.add_int(i);
  }
  const Explanation e = run("enterprise.scores.all(x, x < 29)");
  EXPECT_EQ(e.verdict, V::failed);              // decided by the 30th element, which is not shown
  EXPECT_EQ(e.children.size(), 1u + 20u + 1u);  // the list, 20 elements, a note
  EXPECT_EQ(e.children.back().text, "… 10 more elements not shown");
  EXPECT_THAT(e.children[0].value, ::testing::EndsWith(", … 30 elements in all]"));
}

TEST_F(ExplainTest, ErrorsAndShortCircuitedErrors) {
  in.set_int(slot("x.i"), 1);
  in.set_int(slot("x.j"), 0);
  const Explanation failed = run("x.i / x.j > 1 && false");
  EXPECT_EQ(failed.verdict, V::error);
  EXPECT_EQ(failed.value, "error: 1:5: division by zero");
  EXPECT_EQ(failed.children[0].verdict, V::error);
  EXPECT_FALSE(failed.children[1].decisive);

  const Explanation skipped = run("false && x.i / x.j > 1");
  EXPECT_EQ(skipped.verdict, V::failed);
  EXPECT_EQ(skipped.children[1].verdict, V::error);  // shown, but it did not decide anything
  EXPECT_FALSE(skipped.children[1].decisive);
}

TEST_F(ExplainTest, ValuesOfOtherKinds) {
  in.set_decimal(slot("enterprise.rd_expense"), dec("1000"));
  const Explanation e = run("round(enterprise.rd_expense * 0.15 + enterprise.employees * 10, 2)");
  EXPECT_EQ(e.verdict, V::unknown);
  EXPECT_THAT(e.missing, ElementsAre("enterprise.employees"));
  ASSERT_EQ(e.children.size(), 2u);
  EXPECT_EQ(e.children[0].text, "enterprise.rd_expense");
  EXPECT_EQ(e.children[0].value, "1000");
  in.set_int(slot("enterprise.employees"), 3);
  const Explanation known = run("round(enterprise.rd_expense * 0.15 + enterprise.employees * 10, 2)");
  EXPECT_EQ(known.verdict, V::value);
  EXPECT_EQ(known.value, "180");
}

}  // namespace
}  // namespace haoban::expr::test

namespace haoban::expr::test {
namespace {

// Random well-typed programs over the test schema.
class Generator {
 public:
  explicit Generator(std::mt19937& rng) : rng_(rng) {}

  std::string gen(Kind k, int depth) {
    const bool leaf = depth <= 0 || pick(4) == 0;
    switch (k) {
      case Kind::boolean:
        return leaf ? one({"x.p", "x.q", "x.r", "true", "false", var_field("foreign")}) : boolean(depth - 1);
      case Kind::integer:
        return leaf ? one({"x.i", "x.j", "0", "1", "7", "-3", var_int()}) : integer(depth - 1);
      case Kind::decimal:
        return leaf ? one({"x.d", "0.5", "2.25", "-1.125", var_field("ratio")}) : decimal(depth - 1);
      case Kind::string:
        return leaf ? one({"x.s", "'a'", "\"宝山\"", var_field("name")})
                    : one({"(" + gen(Kind::string, depth - 1) + " + " + gen(Kind::string, depth - 1) + ")",
                           "(" + gen(Kind::boolean, depth - 1) + " ? x.s : 'b')"});
      default:
        return leaf ? one({"form.start", "form.end", "today()", "date(\"2026-10-01\")"})
                    : "add_days(" + gen(Kind::date, depth - 1) + ", " + gen(Kind::integer, depth - 1) + ")";
    }
  }

 private:
  int pick(int n) { return static_cast<int>(rng_() % static_cast<unsigned>(n)); }
  std::string one(std::vector<std::string> options) {
    std::erase(options, "");
    return options[static_cast<std::size_t>(pick(static_cast<int>(options.size())))];
  }
  // The innermost macro variable when it has the wanted shape, else "".
  std::string var_int() const { return !vars_.empty() && !vars_.back().second ? vars_.back().first : ""; }
  std::string var_field(const char* field) const {
    return !vars_.empty() && vars_.back().second ? vars_.back().first + "." + field : "";
  }
  std::string macro(const std::string& list, bool records, const char* method, int depth) {
    const std::string v = "v" + std::to_string(vars_.size());
    vars_.emplace_back(v, records);
    std::string pred = gen(Kind::boolean, depth);
    vars_.pop_back();
    return list + "." + method + "(" + v + ", " + pred + ")";
  }
  std::string compare(Kind k, int depth) {
    static const char* kOps[] = {"==", "!=", "<", "<=", ">", ">="};
    return "(" + gen(k, depth) + " " + kOps[pick(6)] + " " + gen(k, depth) + ")";
  }
  std::string boolean(int d) {
    switch (pick(12)) {
      case 0:
        return "(" + gen(Kind::boolean, d) + " && " + gen(Kind::boolean, d) + ")";
      case 1:
        return "(" + gen(Kind::boolean, d) + " || " + gen(Kind::boolean, d) + ")";
      case 2:
        return "!" + gen(Kind::boolean, d);
      case 3:
        return compare(Kind::integer, d);
      case 4:
        return compare(Kind::decimal, d);
      case 5:
        return compare(Kind::date, d);
      case 6:
        return "(" + gen(Kind::string, d) + " == " + gen(Kind::string, d) + ")";
      case 7:
        return gen(Kind::integer, d) + " in enterprise.scores";
      case 8:
        return macro("enterprise.scores", false, pick(2) == 0 ? "exists" : "all", d);
      case 9:
        return macro("enterprise.shareholders", true, pick(2) == 0 ? "exists" : "all", d);
      case 10:
        return "contains(" + gen(Kind::string, d) + ", " + gen(Kind::string, d) + ")";
      default:
        return "(" + gen(Kind::boolean, d) + " ? " + gen(Kind::boolean, d) + " : " + gen(Kind::boolean, d) +
               ")";
    }
  }
  std::string integer(int d) {
    static const char* kOps[] = {"+", "-", "*", "/", "%"};
    switch (pick(7)) {
      case 0:
        return "(" + gen(Kind::integer, d) + " " + kOps[pick(5)] + " " + gen(Kind::integer, d) + ")";
      case 1:
        return "len(" + gen(Kind::string, d) + ")";
      case 2:
        return "len(" + macro("enterprise.scores", false, "filter", d) + ")";
      case 3:
        return one({"days_between(", "years_between(", "working_days_between("}) + gen(Kind::date, d) + ", " +
               gen(Kind::date, d) + ")";
      case 4:
        return one({"min(", "max("}) + gen(Kind::integer, d) + ", " + gen(Kind::integer, d) + ")";
      case 5:
        return "-" + gen(Kind::integer, d);
      default:
        return "(" + gen(Kind::boolean, d) + " ? " + gen(Kind::integer, d) + " : " + gen(Kind::integer, d) +
               ")";
    }
  }
  std::string decimal(int d) {
    static const char* kOps[] = {"+", "-", "*", "/", "%"};
    const Kind other = pick(2) == 0 ? Kind::integer : Kind::decimal;
    switch (pick(4)) {
      case 0:
        return "(" + gen(Kind::decimal, d) + " " + kOps[pick(5)] + " " + gen(other, d) + ")";
      case 1:
        return "round(" + gen(Kind::decimal, d) + ", " + std::to_string(pick(7)) + ")";
      case 2:
        return one({"min(", "max("}) + gen(Kind::decimal, d) + ", " + gen(other, d) + ")";
      default:
        return "abs(" + gen(Kind::decimal, d) + ")";
    }
  }

  std::mt19937& rng_;
  std::vector<std::pair<std::string, bool>> vars_;  // name, is a record
};

TEST_F(ExplainTest, AgreesWithEvaluateOnRandomPrograms) {
  std::mt19937 rng(42);
  Generator gen(rng);
  auto maybe = [&](auto set) {
    if (rng() % 4 != 0) set();
  };
  int programs = 0;
  int unknowns = 0;
  int errors = 0;
  for (int round = 0; round < 1500; ++round) {
    in.clear();
    maybe([&] { in.set_bool(slot("x.p"), rng() % 2 == 0); });
    maybe([&] { in.set_bool(slot("x.q"), rng() % 2 == 0); });
    maybe([&] { in.set_bool(slot("x.r"), rng() % 2 == 0); });
    maybe([&] { in.set_int(slot("x.i"), static_cast<int>(rng() % 21) - 10); });
    maybe([&] { in.set_int(slot("x.j"), static_cast<int>(rng() % 5) - 2); });
    maybe([&] { in.set_decimal(slot("x.d"), dec(rng() % 2 == 0 ? "0.75" : "-12.5")); });
    maybe([&] { in.set_string(slot("x.s"), rng() % 2 == 0 ? "宝山区" : "a"); });
    maybe([&] { in.set_date(slot("form.start"), day("2026-09-30")); });
    maybe([&] { in.set_date(slot("form.end"), day("2026-10-12")); });
    maybe([&] {
      auto list = in.set_list(slot("enterprise.scores"));
      for (unsigned k = rng() % 4; k > 0; --k) rng() % 5 == 0 ? list.add_unknown() : list.add_int(rng() % 9);
    });
    maybe([&] {
      auto list = in.set_list(slot("enterprise.shareholders"));
      for (unsigned k = rng() % 3; k > 0; --k) {
        auto r = list.add_record();
        if (rng() % 4 != 0) r.set_decimal("ratio", dec(rng() % 2 == 0 ? "0.6" : "0.25"));
        if (rng() % 4 != 0) r.set_bool("foreign", rng() % 2 == 0);
        if (rng() % 4 != 0) r.set_string("name", "张三");
      }
    });
    const Kind kind = static_cast<Kind>(rng() % 5);
    const std::string source = gen.gen(kind, 4);
    auto compiled = Program::try_compile(source, schema);
    if (std::holds_alternative<CompileError>(compiled)) continue;  // e.g. a constant 1 / 0
    ++programs;
    const Program& p = std::get<Program>(compiled);
    const Outcome& o = evaluator.evaluate(p, in, context);
    const Explanation e = explain(p, in, context);
    switch (o.status) {
      case Status::known:
        EXPECT_EQ(e.value, o.value.to_string()) << source;
        break;
      case Status::unknown: {
        ++unknowns;
        EXPECT_EQ(e.verdict, V::unknown) << source;
        std::vector<std::string> paths;
        for (int s : o.missing) paths.push_back(schema.path(s));
        EXPECT_EQ(e.missing, paths) << source;
        EXPECT_FALSE(paths.empty()) << source;  // something is always to blame
        break;
      }
      case Status::error:
        ++errors;
        EXPECT_EQ(e.value, "error: " + o.error) << source;
        break;
    }
  }
  EXPECT_GT(programs, 1000);
  EXPECT_GT(unknowns, 100);
  EXPECT_GT(errors, 10);
}

}  // namespace
}  // namespace haoban::expr::test
