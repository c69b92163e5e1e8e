// The hot path allocates nothing: refilling bindings and evaluating, once warm. This file replaces
// the global operator new of the expr_test binary to count allocations on the current thread.
#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>
#include <new>

#include "expr/expr_testing.h"

namespace {
thread_local bool counting = false;
thread_local long allocations = 0;
}  // namespace

// GCC cannot tell that these replace the allocation functions they pair with.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (counting) ++allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace haoban::expr::test {
namespace {

class AllocTest : public ExprTest {
 protected:
  // Fills the bindings like a population scan would, for enterprise number i.
  void fill(int i) {
    in.clear();
    in.set_string(slot("enterprise.district_code"), i % 3 == 0 ? "310113" : "310112");
    in.set_int(slot("enterprise.employees"), i % 1200);
    in.set_decimal(slot("enterprise.rd_expense"), dec("1234567.89"));
    in.set_date(slot("applicant.birth_date"), day("1990-05-01"));
    in.set_string(slot("x.s"), "宝山区");
    in.set_date(slot("form.start"), day("2025-10-01"));
    {
      auto list = in.set_list(slot("enterprise.qualifications"));
      list.add_string("高新技术企业");
      if (i % 2 == 0) list.add_string("专精特新");
    }
    {
      auto list = in.set_list(slot("enterprise.shareholders"));
      list.add_record().set_string("name", "张三").set_decimal("ratio", dec("0.4"));
      list.add_record().set_string("name", "李四").set_decimal("ratio", dec(i % 4 == 0 ? "0.6" : "0.2"));
    }
  }

  long allocations_while(const std::function<void()>& f) {
    allocations = 0;
    counting = true;
    f();
    counting = false;
    return allocations;
  }
};

TEST_F(AllocTest, WarmEvaluationAndRefillDoNotAllocate) {
  const std::vector<Program> programs = {
      Program::compile(
          "enterprise.district_code == \"310113\" && \"专精特新\" in enterprise.qualifications && "
          "enterprise.employees >= 10 && enterprise.employees <= 1000",
          schema),
      Program::compile("round(min(enterprise.rd_expense * 0.2 + enterprise.employees * 1500, 2000000), 2)",
                       schema),
      Program::compile("years_between(applicant.birth_date, today()) >= 18 && "
                       "years_between(applicant.birth_date, today()) < 60",
                       schema),
      Program::compile("enterprise.shareholders.exists(s, s.ratio > 0.5 && starts_with(s.name, \"李\"))",
                       schema),
      Program::compile("len(enterprise.shareholders.filter(s, s.ratio >= 0.2)) >= 2", schema),
      Program::compile("applicant.is_resident && applicant.age > 18", schema),  // unknown, with missing
      Program::compile("x.s + \"/\" + enterprise.district_code", schema),
      // Within years that have holiday data (WorkingCalendar allocates to note fallback years).
      Program::compile("working_days_between(form.start, today()) > 10", schema),
      Program::compile("add_working_days(today(), 10) > today()", schema),
  };
  ASSERT_GT(allocations_while([&] { Program::compile("x.i > 1", schema); }), 0)
      << "the counter is not counting";
  for (int i = 0; i < 10; ++i) {  // warm up buffers
    fill(i);
    for (const Program& p : programs) evaluator.evaluate(p, in, context);
  }
  const long n = allocations_while([&] {
    for (int i = 0; i < 1000; ++i) {
      fill(i);
      for (const Program& p : programs) evaluator.evaluate(p, in, context);
    }
  });
  EXPECT_EQ(n, 0);
}

}  // namespace
}  // namespace haoban::expr::test
